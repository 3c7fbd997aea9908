/** Which minors an app's file is checked against, and the findings of several minors made one. */
import { describe, expect, it } from 'vitest';
import { kubernetesTargetsOf, mergeTargetResults } from '../../src/validate/kubernetesTargets.ts';
import type { ResourceResult } from '../../src/validate/manifests.ts';
import type { Issue } from '../../src/vocabulary/issue.ts';

const BUNDLED = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];
const environments = { alpha: { kubernetesVersion: '1.31' }, staging: { kubernetesVersion: 'v1.33.2' }, production: { kubernetesVersion: '1.33' }, dev: {} };

describe('kubernetesTargetsOf', () => {
  it("checks an overlay's file against its environment's minor", () => {
    expect(kubernetesTargetsOf({ environments, overlay: 'alpha' }, {}, BUNDLED)).toEqual([{ version: '1.31', environments: ['alpha'] }]);
    expect(kubernetesTargetsOf({ environments, overlay: 'dev' }, {}, BUNDLED)).toEqual([{ version: '1.36', environments: ['dev'] }]);
  });

  it("checks a base file against every environment's minor, oldest first, each minor once", () => {
    expect(kubernetesTargetsOf({ environments }, {}, BUNDLED)).toEqual([
      { version: '1.31', environments: ['alpha'] },
      { version: '1.33', environments: ['production', 'staging'] },
      { version: '1.36', environments: ['dev'] },
    ]);
  });

  it("takes the organisation config's version of an environment where app.yaml names none", () => {
    const organisation = { alpha: '1.30', dev: '1.34' };
    expect(kubernetesTargetsOf({ environments }, { organisation }, BUNDLED)).toEqual([
      { version: '1.31', environments: ['alpha'] },
      { version: '1.33', environments: ['production', 'staging'] },
      { version: '1.34', environments: ['dev'] },
    ]);
    expect(kubernetesTargetsOf({ environments, overlay: 'dev' }, { organisation, flag: '1.32' }, BUNDLED)).toEqual([{ version: '1.32', environments: [] }]);
    expect(kubernetesTargetsOf(undefined, { organisation }, BUNDLED)).toEqual([{ version: '1.36', environments: [] }]);
  });

  it('lets the command line win everywhere, and uses the newest minor for files of no app', () => {
    expect(kubernetesTargetsOf({ environments, overlay: 'alpha' }, { flag: '1.35' }, BUNDLED)).toEqual([{ version: '1.35', environments: [] }]);
    expect(kubernetesTargetsOf(undefined, {}, BUNDLED)).toEqual([{ version: '1.36', environments: [] }]);
  });

  it('reads an app.yaml that is not what the schema says as no setting', () => {
    expect(kubernetesTargetsOf({ environments: 'nonsense' }, {}, BUNDLED)).toEqual([{ version: '1.36', environments: [] }]);
    expect(kubernetesTargetsOf({ environments: { alpha: { kubernetesVersion: 1.31 } }, overlay: 'alpha' }, {}, BUNDLED)).toEqual([{ version: '1.36', environments: ['alpha'] }]);
  });
});

describe('mergeTargetResults', () => {
  const issue = (message: string, severity: Issue['severity'] = 'error'): Issue => ({ severity, rule: 'schema', file: 'base/pod.yaml', line: 6, column: 3, message });
  const result = (issues: Issue[]): ResourceResult => ({ file: 'base/pod.yaml', line: 1, apiVersion: 'v1', kind: 'Pod', name: 'p', status: issues.length > 0 ? 'invalid' : 'valid', issues });
  const alpha = { version: '1.31', environments: ['alpha'] };
  const later = { version: '1.33', environments: ['production', 'staging'] };

  it('says where a finding holds when only some minors make it, and keeps the object invalid', () => {
    const merged = mergeTargetResults([
      { target: alpha, results: [result([issue('unknown field "resources"'), issue('shared finding')])] },
      { target: later, results: [result([issue('shared finding')])] },
    ]);
    expect(merged).toEqual([
      result([issue('unknown field "resources" (Kubernetes 1.31: environment alpha)'), issue('shared finding')]),
    ]);
  });

  it('is valid with warnings only, and passes a single minor through', () => {
    const merged = mergeTargetResults([
      { target: alpha, results: [result([issue('is deprecated', 'warning')])] },
      { target: later, results: [result([])] },
    ]);
    expect(merged).toEqual([{ ...result([issue('is deprecated (Kubernetes 1.31: environment alpha)', 'warning')]), status: 'valid' }]);
    const single = [result([issue('x')])];
    expect(mergeTargetResults([{ target: alpha, results: single }])).toEqual(single);
  });
});
