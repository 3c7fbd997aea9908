import fc from 'fast-check';
import type { EnvironmentAnswers, NewAppAnswers } from '../../src/newApp/answers.ts';
import { defaultSecretsPath } from '../../src/newApp/answers.ts';
import type { SkeletonContract } from '../../src/appSpec/check.ts';

/** The built-in skeletons' contracts (skeletons/*\/skeleton.yaml). */
export const BUILT_IN_SKELETONS: SkeletonContract[] = [
  { name: 'web', fields: { port: 'required', probes: 'optional' } },
  { name: 'worker', fields: { port: 'unsupported', probes: 'unsupported' } },
];

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const cpu = fc.constantFrom('100m', '250m', '500m', '1', '1.5', '2');
const memory = fc.constantFrom('128Mi', '256Mi', '512Mi', '1Gi', '1.5Gi');
const envVarName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/);
const envValue = fc.constantFrom('', 'info', 'true', 'yes', 'on', '8080', '0o14', 'a=b', 'with space', 'ünïcode', '1.0');

/**
 * Answers a person can give at the prompts: alpha and production (when chosen)
 * first, as the checkbox lists them; a readiness path whenever there are probes;
 * per-environment overrides that differ from the app's values (the prompts only
 * keep what differs).
 */
export const arbitraryAnswers: fc.Arbitrary<NewAppAnswers> = fc
  .record({
    name: label,
    skeleton: fc.constantFrom('web', 'worker'),
    namespace: label,
    image: fc.constantFrom('ghcr.io/acme/app', 'registry.example.com/x', '111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout', 'localhost:5000/a/b'),
    port: fc.integer({ min: 1, max: 65535 }),
    probes: fc.option(
      fc.record(
        {
          readiness: fc.constantFrom('/healthz', '/ready'),
          liveness: fc.constantFrom('/livez', '/healthz'),
          startup: fc.constantFrom('/started'),
        },
        { requiredKeys: ['readiness'] },
      ),
      { nil: undefined },
    ),
    cpu,
    memory,
    env: fc.dictionary(envVarName, envValue, { maxKeys: 3 }),
    irsa: fc.option(fc.record({ roleName: fc.constantFrom('app-role', 'Role.With+Chars') }), { nil: undefined }),
    secrets: fc.option(
      fc.record({
        store: fc.record({ kind: fc.constantFrom('ClusterSecretStore' as const, 'SecretStore' as const), name: fc.constantFrom('aws-parameter-store', 'ssm.store') }),
        refreshInterval: fc.constantFrom('1h', '15m', '30s', '1h30m'),
        keys: fc.dictionary(fc.stringMatching(/^S_[A-Z0-9_]{0,6}$/), fc.constantFrom('db-password', '/shared/api-key', 'nested/key'), { minKeys: 1, maxKeys: 3 }),
      }),
      { nil: undefined },
    ),
    standard: fc.subarray(['alpha', 'production']),
    extra: fc.uniqueArray(label.filter((n) => n !== 'alpha' && n !== 'production'), { maxLength: 2 }),
    perEnvironment: fc.array(
      fc.record({
        imageTag: fc.constantFrom('latest', 'v1.0.0', '2024.01.02', `sha256:${'ab'.repeat(32)}`),
        replicas: fc.integer({ min: 0, max: 20 }),
        awsAccountId: fc.stringMatching(/^[0-9]{12}$/),
        secretsPath: fc.option(fc.constantFrom('/custom/path', '/p'), { nil: undefined }),
        cpu: fc.option(cpu, { nil: undefined }),
        memory: fc.option(memory, { nil: undefined }),
      }),
      { minLength: 4, maxLength: 4 },
    ),
  })
  .filter((r) => r.standard.length + r.extra.length > 0)
  .map((r): NewAppAnswers => {
    const web = r.skeleton === 'web';
    const relativeSecrets = r.secrets !== undefined && Object.values(r.secrets.keys).some((k) => !k.startsWith('/'));
    const names = [...r.standard, ...r.extra];
    const environments = names.map((name, i): EnvironmentAnswers => {
      const per = r.perEnvironment[i]!;
      const resources = {
        ...(per.cpu !== undefined && per.cpu !== r.cpu ? { cpu: per.cpu } : {}),
        ...(per.memory !== undefined && per.memory !== r.memory ? { memory: per.memory } : {}),
      };
      return {
        name,
        imageTag: per.imageTag,
        replicas: per.replicas,
        ...(r.irsa ? { awsAccountId: per.awsAccountId } : {}),
        ...(relativeSecrets ? { secretsPath: per.secretsPath ?? defaultSecretsPath(name, r.name) } : {}),
        ...(Object.keys(resources).length > 0 ? { resources } : {}),
      };
    });
    // A secret may not also be a plain variable (the prompts refuse it).
    const env = Object.fromEntries(Object.entries(r.env).filter(([k]) => !Object.hasOwn(r.secrets?.keys ?? {}, k)));
    return {
      name: r.name,
      skeleton: r.skeleton,
      namespace: r.namespace,
      image: r.image,
      ...(web ? { port: r.port } : {}),
      ...(web && r.probes ? { probes: r.probes } : {}),
      cpu: r.cpu,
      memory: r.memory,
      env,
      ...(r.irsa ? { irsa: r.irsa } : {}),
      ...(r.secrets ? { secrets: r.secrets } : {}),
      environments,
    };
  });
