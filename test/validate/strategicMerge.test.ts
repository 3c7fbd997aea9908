/**
 * The strategic merge of a patch into a resource, against the real Kustomize
 * (kubectl kustomize, v5.5) where kubectl is here: each case is built both
 * ways and must give the same object.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { strategicMerge } from '../../src/validate/strategicMerge.ts';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { tempDir } from '../support/tempDir.ts';

const deployment = (spec: object) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec } } });

const CASES: [string, object, object][] = [
  [
    'containers merge by name, new ones are added, other lists are replaced',
    deployment({ containers: [{ name: 'a', image: 'a:1', args: ['x'] }, { name: 'b', image: 'b:1' }] }),
    deployment({ containers: [{ name: 'b', image: 'b:2' }, { name: 'a', args: ['y'] }] }),
  ],
  [
    "the patch's items come first, in its order, then the resource's others",
    deployment({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }, { name: 'c', image: 'c' }] }),
    deployment({ containers: [{ name: 'c', image: 'c2' }, { name: 'd', image: 'd' }] }),
  ],
  [
    'a field patched to null is deleted',
    deployment({ containers: [{ name: 'a', image: 'a:1', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1' } } }] }),
    deployment({ containers: [{ name: 'a', resources: { requests: null, limits: { cpu: '2' } } }] }),
  ],
  [
    'container ports merge by number, volume mounts by path, env by name',
    deployment({
      containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 8080, name: 'http' }], env: [{ name: 'X', value: '1' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', emptyDir: {} }],
    }),
    deployment({
      containers: [{ name: 'a', ports: [{ containerPort: 8080, name: 'web' }], env: [{ name: 'X', value: '2' }, { name: 'Y', value: '3' }], volumeMounts: [{ name: 'cache', mountPath: '/data' }] }],
      volumes: [{ name: 'cache', emptyDir: {} }],
    }),
  ],
  [
    '$patch: delete removes a list item, $patch: replace a whole mapping',
    deployment({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }], securityContext: { runAsNonRoot: true, runAsUser: 1000 } }),
    deployment({ containers: [{ name: 'b', $patch: 'delete' }], securityContext: { $patch: 'replace', runAsUser: 2000 } }),
  ],
  [
    'an item `$patch: replace` makes the patch\'s other items the whole list (env inside a merged container)',
    deployment({ containers: [{ name: 'a', image: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }], ports: [{ containerPort: 80 }] }] }),
    deployment({ containers: [{ name: 'a', env: [{ $patch: 'replace' }, { name: 'Z', value: '3' }], ports: [{ containerPort: 90 }] }] }),
  ],
  [
    'a Service\'s ports replaced whole by `$patch: replace`',
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ $patch: 'replace' }, { name: 'web', port: 8080 }] } },
  ],
  [
    'containers replaced whole by `$patch: replace`',
    deployment({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }] }),
    deployment({ containers: [{ $patch: 'replace' }, { name: 'c', image: 'c' }] }),
  ],
];

describe('strategic merge', () => {
  const dir = tempDir('scaffold-merge-');

  it.skipIf(!HAS_KUBECTL).each(CASES)('%s, as Kustomize merges it', (_name, base, patch) => {
    writeFileSync(path.join(dir, 'base.yaml'), stringify(base));
    writeFileSync(path.join(dir, 'patch.yaml'), stringify(patch));
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [base.yaml]\npatches: [{path: patch.yaml}]\n');
    const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(strategicMerge(base, patch)).toEqual(parse(built.stdout));
  });

  it('merges containers by name and replaces other lists (without kubectl too)', () => {
    const [, base, patch] = CASES[0]!;
    expect(strategicMerge(base, patch)).toEqual(deployment({ containers: [{ name: 'b', image: 'b:2' }, { name: 'a', image: 'a:1', args: ['y'] }] }));
  });
});
