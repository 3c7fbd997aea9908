import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  appNameProblem,
  awsAccountIdProblem,
  defaultImage,
  defaultReplicas,
  DEFAULTS,
  environmentNameProblem,
  envVarProblem,
  imageProblem,
  imageTagProblem,
  isPlaceholderImage,
  portProblem,
  quantityProblem,
  refreshIntervalProblem,
  replicasProblem,
  roleNameProblem,
  secretKeyProblem,
  secretsPathProblem,
  splitPair,
  storeNameProblem,
  toAppSpec,
  type NewAppAnswers,
} from '../../src/newApp/answers.ts';
import { checkAppSpec } from '../../src/appSpec/check.ts';
import { parseAppSpec } from '../../src/appSpec/load.ts';
import { serializeAppSpec } from '../../src/appSpec/serialize.ts';
import { arbitraryAnswers, BUILT_IN_SKELETONS } from './arbitraryAnswers.ts';

const demo: NewAppAnswers = {
  name: 'demo',
  skeleton: 'web',
  namespace: 'demo',
  image: defaultImage('demo'),
  port: 8080,
  cpu: '250m',
  memory: '256Mi',
  env: {},
  environments: [
    { name: 'alpha', imageTag: 'latest', replicas: 1 },
    { name: 'production', imageTag: 'latest', replicas: 2 },
  ],
};

describe('defaults', () => {
  test('make a spec that passes the full check', () => {
    expect(checkAppSpec(toAppSpec(demo), { skeletons: BUILT_IN_SKELETONS, folderName: 'demo' })).toEqual([]);
  });

  test('the placeholder image passes the image pattern and is recognised as a placeholder', () => {
    expect(imageProblem(defaultImage('a-very-long-app-name-0123456789'))).toBeUndefined();
    expect(isPlaceholderImage(demo)).toBe(true);
    expect(isPlaceholderImage({ ...demo, image: 'ghcr.io/acme/demo' })).toBe(false);
  });

  test('production runs two replicas, every other environment one', () => {
    expect(defaultReplicas('production')).toBe(2);
    expect(defaultReplicas('alpha')).toBe(1);
    expect(defaultReplicas('staging')).toBe(1);
  });

  test('IRSA and secrets are off, so no account id is needed', () => {
    const spec = toAppSpec(demo);
    expect(spec.spec.irsa).toBeUndefined();
    expect(spec.spec.secrets).toBeUndefined();
    expect(DEFAULTS.environments).toEqual(['alpha', 'production']);
  });
});

describe('per-field checks give the spec check\'s reasons', () => {
  test.each([
    ['app name', () => appNameProblem('Demo'), 'must be a DNS-1123 label'],
    ['app name too long', () => appNameProblem(`a${'b'.repeat(63)}`), 'must be at most 63 characters'],
    ['image with a tag', () => imageProblem('nginx:1.25'), 'must be an image repository without tag or digest'],
    ['port', () => portProblem(0), 'must be >= 1'],
    ['cpu', () => quantityProblem('cpu', 'lots'), 'must be a Kubernetes quantity'],
    ['zero memory', () => quantityProblem('memory', '0'), 'must be greater than zero'],
    ['role name', () => roleNameProblem('role with spaces'), 'must be an IAM role name'],
    ['store name', () => storeNameProblem('Store_Name'), 'DNS-1123 subdomain'],
    ['refresh interval', () => refreshIntervalProblem('1 hour'), 'must be a duration'],
    ['environment name', () => environmentNameProblem('Prod'), 'must be a DNS-1123 label'],
    ['environment and app too long together', () => environmentNameProblem('production', 'a'.repeat(60)), 'exceed the 63 characters'],
    ['image tag', () => imageTagProblem('v1 beta'), 'must be an image tag'],
    ['replicas', () => replicasProblem(-1), 'must be >= 0'],
    ['account id', () => awsAccountIdProblem('1234'), '12-digit AWS account id'],
    ['secrets path', () => secretsPathProblem('relative/path'), 'must be an absolute Parameter Store path'],
    ['env var without =', () => envVarProblem('LOG_LEVEL'), 'expected NAME=value'],
    ['env var name', () => envVarProblem('1LOG=x'), 'must be an environment variable name'],
    ['env var that refers to itself', () => envVarProblem('PATH=$(PATH):/x'), 'refers to PATH itself'],
    ['env var Kubernetes garbles', () => envVarProblem('PRICE=5$€'), 'Kubernetes garbles'],
    ['secret key also a plain variable', () => secretKeyProblem('DB=db', { DB: 'x' }), 'a variable comes from one place only'],
    ['secret parameter', () => secretKeyProblem('DB=has space'), 'must be a Parameter Store parameter name'],
  ])('%s', (_, problem, reason) => {
    expect(problem()).toContain(reason);
  });

  test.each([
    () => appNameProblem('checkout-2'),
    () => imageProblem('111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/checkout'),
    () => portProblem(65535),
    () => quantityProblem('cpu', '0.5'),
    () => quantityProblem('memory', '1.5Gi'),
    () => roleNameProblem('checkout+role@x'),
    () => refreshIntervalProblem('1h30m'),
    () => imageTagProblem(`sha256:${'a'.repeat(64)}`),
    () => replicasProblem(0),
    () => awsAccountIdProblem('012345678901'),
    () => secretsPathProblem('/production/checkout'),
    () => envVarProblem('EMPTY='),
    () => envVarProblem('URL=a=b'),
    // A reference to a variable not given yet, or a $$, is a warning of the whole spec, not a wrong answer.
    () => envVarProblem('API_URL=https://$(API_HOST)/'),
    () => envVarProblem('PASSWORD_HINT=pa$$w'),
    () => secretKeyProblem('DB=/absolute/db-password'),
  ])('accepts a valid value (%#)', (problem) => {
    expect(problem()).toBeUndefined();
  });

  test('a quantity is accepted exactly when the spec check accepts it in app.yaml', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[0-9.]{1,4}(m|Mi|Gi|k|e3|E)?$/), fc.string({ maxLength: 6 })), (value) => {
        const spec = toAppSpec({ ...demo, cpu: value });
        const fullCheck = checkAppSpec(spec, { skeletons: BUILT_IN_SKELETONS }).some((p) => p.path === 'spec.resources.cpu');
        expect(quantityProblem('cpu', value) !== undefined).toBe(fullCheck);
      }),
    );
  });
});

test('splitPair splits at the first =', () => {
  expect(splitPair('A=b=c')).toEqual({ key: 'A', value: 'b=c' });
  expect(splitPair('=x')).toBeUndefined();
  expect(splitPair('nothing')).toBeUndefined();
});

test('answers that passed their questions make a spec that serializes, parses back and checks clean', () => {
  fc.assert(
    fc.property(arbitraryAnswers, (answers) => {
      const spec = toAppSpec(answers);
      const result = parseAppSpec(serializeAppSpec(spec), `apps/${answers.name}/app.yaml`, { skeletons: BUILT_IN_SKELETONS, folderName: answers.name });
      expect(result.issues).toEqual([]);
      expect(result.spec).toEqual(spec);
    }),
    { numRuns: 200 },
  );
});
