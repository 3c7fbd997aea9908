import { describe, expect, test } from 'vitest';
import { parseAnswerFlags, type AnswerFlags } from '../../src/newApp/flags.ts';

const none: AnswerFlags = {};

describe('parseAnswerFlags', () => {
  test('no flags answer nothing', () => {
    const { given, problems } = parseAnswerFlags(undefined, none);
    expect(problems).toEqual([]);
    expect(given).toEqual({ perEnvironment: { imageTag: {}, replicas: {}, awsAccountId: {}, cluster: {}, secretsPath: {}, resources: {} } });
  });

  test('reads every answer flag', () => {
    const { given, problems } = parseAnswerFlags('checkout', {
      skeleton: 'web',
      namespace: 'shop',
      image: 'ghcr.io/acme/checkout',
      port: '8080',
      readiness: '/healthz',
      liveness: '/livez',
      startup: '/started',
      cpu: '500m',
      memory: '1Gi',
      envVar: ['LOG_LEVEL=info', 'URL=http://x/?a=b'],
      roleName: 'checkout-role',
      secretStore: 'SecretStore/ssm',
      refreshInterval: '15m',
      secretKey: ['DB_PASSWORD=db-password'],
      env: ['alpha', 'production'],
      imageTag: ['production=v1.0.0'],
      replicas: ['production=3'],
      awsAccount: ['alpha=111111111111'],
      secretsPath: ['alpha=/a/checkout'],
      envCpu: ['production=1'],
      envMemory: ['production=2Gi', 'alpha=512Mi'],
    });
    expect(problems).toEqual([]);
    expect(given).toEqual({
      name: 'checkout',
      skeleton: 'web',
      namespace: 'shop',
      image: 'ghcr.io/acme/checkout',
      port: 8080,
      probes: { readiness: '/healthz', liveness: '/livez', startup: '/started' },
      cpu: '500m',
      memory: '1Gi',
      env: { LOG_LEVEL: 'info', URL: 'http://x/?a=b' },
      role: 'irsa',
      roleName: 'checkout-role',
      secrets: true,
      secretStore: { kind: 'SecretStore', name: 'ssm' },
      refreshInterval: '15m',
      secretKeys: { DB_PASSWORD: 'db-password' },
      environments: ['alpha', 'production'],
      perEnvironment: {
        imageTag: { production: 'v1.0.0' },
        replicas: { production: 3 },
        awsAccountId: { alpha: '111111111111' },
        cluster: {},
        secretsPath: { alpha: '/a/checkout' },
        resources: { production: { cpu: '1', memory: '2Gi' }, alpha: { memory: '512Mi' } },
      },
    });
  });

  test('--role-name implies --irsa unless --pod-identity; secret flags imply --secrets', () => {
    expect(parseAnswerFlags(undefined, { roleName: 'r' }).given.role).toBe('irsa');
    expect(parseAnswerFlags(undefined, { roleName: 'r', podIdentity: true }).given.role).toBe('podIdentity');
    expect(parseAnswerFlags(undefined, { podIdentity: true, irsa: false }).given.role).toBe('podIdentity');
    expect(parseAnswerFlags(undefined, { secretsFromPath: true }).given).toMatchObject({ secrets: true, fromPath: true });
    for (const flags of [{ secretStore: 'ClusterSecretStore/s' }, { refreshInterval: '1h' }, { secretKey: ['A=b'] }, { secretsPath: ['alpha=/a'] }]) {
      expect(parseAnswerFlags(undefined, flags).given.secrets).toBe(true);
    }
    expect(parseAnswerFlags(undefined, { irsa: false, secrets: false }).given).toMatchObject({ role: 'none', secrets: false });
  });

  test.each<[string, AnswerFlags, string | undefined, string]>([
    ['name', none, 'Bad_Name', 'NAME: must be a DNS-1123 label'],
    ['namespace', { namespace: 'Shop' }, undefined, '--namespace: must be a DNS-1123 label'],
    ['image', { image: 'nginx:latest' }, undefined, '--image: must be an image repository without tag or digest'],
    ['port not a number', { port: '80a' }, undefined, '--port: expected a whole number, got "80a"'],
    ['port out of range', { port: '70000' }, undefined, '--port: must be <= 65535'],
    ['probe path', { readiness: 'healthz' }, undefined, '--readiness: must be an absolute HTTP path'],
    ['cpu', { cpu: 'fast' }, undefined, '--cpu: must be a Kubernetes quantity'],
    ['memory', { memory: '0Mi' }, undefined, '--memory: must be greater than zero'],
    ['env var', { envVar: ['NOVALUE'] }, undefined, '--env-var: expected NAME=value, got "NOVALUE"'],
    ['env var twice', { envVar: ['A=1', 'A=2'] }, undefined, '--env-var: A is given twice'],
    ['role and --no-irsa', { irsa: false, roleName: 'r' }, undefined, '--no-irsa conflicts with --role-name'],
    ['--irsa and --pod-identity', { irsa: true, podIdentity: true }, undefined, '--irsa conflicts with --pod-identity'],
    ['--no-irsa and --pod-identity', { irsa: false, podIdentity: true }, undefined, '--no-irsa conflicts with --pod-identity'],
    ['account and --no-irsa', { irsa: false, awsAccount: ['alpha=111111111111'], cluster: ['alpha=main'] }, undefined, "--no-irsa conflicts with --aws-account, --cluster: they are for the pods' IAM role"],
    ['cluster', { cluster: ['alpha=-bad'] }, undefined, '--cluster: alpha: must be an EKS cluster name'],
    ['secret flags and --no-secrets', { secrets: false, secretKey: ['A=b'], secretStore: 'SecretStore/s' }, undefined, '--no-secrets conflicts with --secret-store, --secret-key'],
    ['store kind', { secretStore: 'Vault/x' }, undefined, '--secret-store: expected ClusterSecretStore or SecretStore/<name>'],
    ['store name', { secretStore: 'SecretStore/Bad_Name' }, undefined, '--secret-store: must be a DNS-1123 subdomain'],
    ['refresh interval', { refreshInterval: 'hourly' }, undefined, '--refresh-interval: must be a duration'],
    ['secret key also plain', { envVar: ['DB=x'], secretKey: ['DB=db'] }, undefined, '--secret-key: "DB" is also set in spec.env'],
    ['environment', { env: ['Prod'] }, undefined, '--env: must be a DNS-1123 label'],
    ['environment twice', { env: ['alpha', 'alpha'] }, undefined, '--env: "alpha" is given twice'],
    ['environment too long with the name', { env: ['production'] }, 'a'.repeat(60), 'exceed the 63 characters'],
    ['per-environment without =', { imageTag: ['v1'] }, undefined, '--image-tag: expected <environment>=<value>, got "v1"'],
    ['per-environment bad environment', { replicas: ['Prod=1'] }, undefined, '--replicas: must be a DNS-1123 label'],
    ['replicas not a number', { replicas: ['production=three'] }, undefined, '--replicas: production: expected a whole number, got "three"'],
    ['image tag', { imageTag: ['alpha=v 1'] }, undefined, '--image-tag: alpha: must be an image tag'],
    ['account id', { awsAccount: ['alpha=12'] }, undefined, '--aws-account: alpha: must be a 12-digit AWS account id (in quotes), got string "12"'],
    ['secrets path', { secretsPath: ['alpha=no-slash'] }, undefined, '--secrets-path: alpha: must be an absolute Parameter Store path such as /production/checkout, got string "no-slash"'],
    ['environment cpu', { envCpu: ['alpha=0'] }, undefined, '--env-cpu: alpha: must be greater than zero'],
    ['environment memory', { envMemory: ['alpha=much'] }, undefined, '--env-memory: alpha: must be a Kubernetes quantity'],
    ['per-environment twice', { replicas: ['alpha=1', 'alpha=2'] }, undefined, '--replicas: alpha is given twice'],
  ])('refuses a bad %s, naming the flag', (_, flags, name, message) => {
    const { problems } = parseAnswerFlags(name, flags);
    expect(problems.join('\n')).toContain(message);
  });

  test('reports every bad flag at once', () => {
    const { problems } = parseAnswerFlags('X', { cpu: 'x', memory: 'y', port: 'z' });
    expect(problems).toHaveLength(4);
  });
});
