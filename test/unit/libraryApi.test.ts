/**
 * The library API's own checks of what a program passes (src/pipeline/index.ts): what the CLI's flag
 * parsing refuses is an issue of rule `usage`, never an exception. What the API returns for good
 * input is compared with the CLI in test/install/packedTarball.test.ts, from the packed tarball.
 */
import { describe, expect, it } from 'vitest';
import { checkApps, planCapacity, renderApps, validateDocuments, validateFiles } from '../../src/pipeline/index.ts';

const usage = (text: string) => ({ issues: [{ severity: 'error', rule: 'usage', message: expect.stringContaining(text) }] });

describe('the library API refuses bad arguments as usage issues', () => {
  it('an unknown policy, with the closest id', () => {
    expect(validateDocuments({ text: '', file: 'x.yaml', skipPolicies: ['qos-guaranted'] })).toEqual(usage('unknown policy "qos-guaranted" (did you mean "qos-guaranteed"?)'));
  });

  it('a Kubernetes version that is not bundled', () => {
    expect(checkApps({ root: '.', kubernetesVersion: '1.2' })).toEqual(usage('kubernetesVersion: Kubernetes 1.2 is not bundled'));
  });

  it('standard input given to validateFiles, naming validateDocuments', () => {
    expect(validateFiles({ paths: ['-'] })).toEqual(usage('give the text of standard input to validateDocuments'));
  });

  it('a request of the wrong shape from a program no compiler checks: each field named, with what it takes', () => {
    const untyped = (fn: (request: never) => unknown, request: unknown) => fn(request as never);
    expect(untyped(validateFiles, {})).toEqual(usage('validateFiles: paths is required (an array of strings)'));
    expect(untyped(validateFiles, undefined)).toEqual(usage('validateFiles takes one object of options, not nothing'));
    expect(untyped(validateFiles, { pathz: ['apps'] })).toEqual(usage('validateFiles: unknown option "pathz" (did you mean "paths"?)'));
    expect(untyped(validateFiles, { paths: 'apps' })).toEqual(usage('validateFiles: paths must be an array of strings, not the string "apps"'));
    expect(untyped(validateFiles, { paths: ['apps', 3] })).toEqual(usage('paths must be an array of strings, not an array holding number 3'));
    expect(untyped(validateFiles, { paths: ['apps'], ignore: ['^vendor/'] })).toEqual(usage('ignore must be an array of regular expressions, not an array of strings'));
    expect(untyped(validateDocuments, { text: 42, file: 'a.yaml' })).toEqual(usage('validateDocuments: text must be a string, not number 42'));
    expect(untyped(validateDocuments, { text: '' })).toEqual(usage('validateDocuments: file is required (a string)'));
    expect(untyped(renderApps, {})).toEqual(usage('renderApps: root is required (a string)'));
    expect(untyped(renderApps, { root: '.', force: 'yes' })).toEqual(usage('renderApps: force must be true or false, not the string "yes"'));
    expect(untyped(checkApps, { root: '.', apps: [null] })).toEqual(usage('checkApps: apps must be an array of strings, not an array holding null'));
    expect(untyped(planCapacity, { root: '.', headroom: Number.NaN })).toEqual(usage('planCapacity: headroom must be a finite number, not number NaN'));
    expect(untyped(planCapacity, null)).toEqual(usage('planCapacity takes one object of options, not null'));
  });

  it('a field given as undefined, as an optional one is left out', () => {
    expect(validateDocuments({ text: 'a: 1\n', file: 'a.yaml', cwd: undefined }).issues.filter((i) => i.rule === 'usage')).toEqual([]);
  });

  it('a headroom outside [0, 1), hours with more than 2 decimals, manifests given with apps', () => {
    expect(planCapacity({ root: '.', headroom: 1 })).toEqual(usage('headroom must be a share from 0 to under 1, not 1'));
    expect(planCapacity({ root: '.', hoursPerMonth: 730.125 })).toEqual(usage('at most 2 decimals, not 730.125'));
    expect(planCapacity({ root: '.', manifests: ['k8s'], apps: ['web'] })).toEqual(usage('give one or the other'));
  });
});

it('validateDocuments judges YAML text as `validate -` does, a kustomization by its file name', () => {
  const { result, issues } = validateDocuments({ text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {enabled: yes}\n', file: 'cm.yaml' });
  expect(issues).toEqual([]);
  expect(result?.map((r) => [r.status, r.issues.map((i) => [i.line, i.column, i.path])])).toEqual([['invalid', [[4, 17, 'data.enabled']]]]);
  const kustomization = validateDocuments({ text: 'resources: [deployment.yaml]\n', file: 'apps/web/kustomization.yaml' });
  expect(kustomization.result?.map((r) => r.status)).toEqual(['valid']);
});
