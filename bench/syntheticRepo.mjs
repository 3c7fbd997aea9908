// A synthetic gitops repository shaped like a platform team's: many apps of mixed
// skeletons, two or three environments each, IRSA and secrets on most. Seeded, so every
// run and every machine measures the same repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TEAMS = ['shop', 'billing', 'search', 'identity', 'logistics', 'growth', 'platform', 'data'];
const WORDS = ['checkout', 'invoice', 'catalog', 'ledger', 'notify', 'gateway', 'report', 'sync', 'profile', 'payment', 'export', 'ingest'];
const CPU = ['100m', '250m', '500m', '1', '1.5'];
const MEMORY = ['128Mi', '256Mi', '512Mi', '1Gi', '2Gi'];
const LOG_LEVELS = ['debug', 'info', 'warn'];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes apps/<name>/app.yaml for `count` apps under `root` and returns what was made:
 * app names and, for each, its environment names (one overlay each).
 */
export function writeSyntheticRepo(root, count, seed = 6) {
  const random = seededRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const apps = [];
  for (let i = 0; i < count; i++) {
    const name = `${pick(WORDS)}-${String(i).padStart(4, '0')}`;
    const web = chance(0.6);
    const irsa = chance(0.8);
    const secrets = chance(0.75);
    const environments = chance(0.5) ? ['alpha', 'staging', 'production'] : ['alpha', 'production'];
    const lines = [
      'apiVersion: scaffold/v1alpha1',
      'kind: App',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      `  skeleton: ${web ? 'web' : 'worker'}`,
      `  namespace: ${pick(TEAMS)}`,
      `  image: 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/${name}`,
    ];
    if (web) {
      lines.push('  port: 8080');
      if (chance(0.8)) lines.push('  probes: {readiness: /healthz, liveness: /livez}');
    }
    lines.push(`  resources: {cpu: ${pick(CPU)}, memory: ${pick(MEMORY)}}`);
    lines.push('  env:', `    LOG_LEVEL: ${pick(LOG_LEVELS)}`, `    SERVICE_NAME: ${name}`, `    GREETING: "it's: a # test"`);
    if (chance(0.5)) lines.push(`    FEATURE_FLAGS: "search,checkout-v2"`);
    if (irsa) lines.push(`  irsa: {roleName: ${name}}`);
    if (secrets) {
      lines.push(
        '  secrets:',
        '    store: {kind: ClusterSecretStore, name: aws-parameter-store}',
        '    refreshInterval: 1h',
        '    keys: {DB_PASSWORD: db-password, API_TOKEN: api-token, SHARED_KEY: /shared/signing-key}',
      );
    }
    lines.push('  environments:');
    environments.forEach((env, e) => {
      lines.push(`    ${env}:`);
      if (irsa) lines.push(`      awsAccountId: "${String(111111111111 * (e + 1)).slice(0, 12)}"`);
      if (secrets) lines.push(`      secretsPath: /${env}/${name}`);
      lines.push(`      imageTag: ${env === 'production' ? `v1.${i % 40}.${e}` : 'latest'}`);
      lines.push(`      replicas: ${env === 'production' ? 3 : 1}`);
      if (env === 'alpha' && chance(0.5)) lines.push(`      resources: {cpu: 100m, memory: 128Mi}`);
      if (env === 'production' && chance(0.6)) lines.push(`      env: {LOG_LEVEL: warn}`);
    });
    const dir = join(root, 'apps', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.yaml'), `${lines.join('\n')}\n`);
    apps.push({ name, environments });
  }
  return apps;
}
