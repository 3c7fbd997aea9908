/**
 * The hand-written kustomization schema against the real Kustomize (kubectl
 * kustomize, v5.5): every field the schema knows, Kustomize reads; a field it
 * does not know, Kustomize refuses too. And the deprecated fields are named
 * with their replacement.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { DEPRECATED_FIELDS, patchReferences, type ListedPathKind } from '../../src/validate/kustomization.ts';
import { checkManifestText, type FileRole } from '../../src/validate/manifests.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import { targetSchemas } from '../support/schemas.ts';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { tempDir } from '../support/tempDir.ts';

const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'schemas/kustomization.schema.json'), 'utf8')) as JsonSchema;
const { registry, kubernetes } = targetSchemas();
const KUSTOMIZATION: FileRole = { kustomizationFile: true, discovered: false };

function issues(text: string): string[] {
  return checkManifestText(text, 'kustomization.yaml', KUSTOMIZATION, { registry, kubernetes, policies: [], ignoreMissingSchemas: false, skipKinds: new Set() })
    .flatMap((r) => r.issues)
    .map((i) => `${i.severity} ${i.rule} ${i.path ?? ''}: ${i.message}`);
}

// Every field of the schema, each with a value of its type (file references need not exist: only decoding is judged).
const KITCHEN_SINK = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
metadata: {name: sink, namespace: ns1, labels: {a: b}, annotations: {a: b}}
openapi: {path: schema.json}
namePrefix: pre-
nameSuffix: -suf
namespace: shop
commonLabels: {team: payments}
labels:
  - pairs: {team: payments}
    includeSelectors: false
    includeTemplates: true
    fields: [{group: apps, version: v1, kind: Deployment, path: spec/template/metadata/labels, create: true}]
commonAnnotations: {owner: platform}
patchesStrategicMerge: [smp.yaml]
patchesJson6902: [{path: ops.yaml, target: {group: apps, version: v1, kind: Deployment, name: web, namespace: shop}}]
patches:
  - path: patch.yaml
    target: {group: apps, version: v1, kind: Deployment, name: web, namespace: shop, labelSelector: a=b, annotationSelector: c=d}
    options: {allowNameChange: true, allowKindChange: false}
images: [{name: nginx, newName: registry/nginx, newTag: "1.27", digest: "sha256:abc", tagSuffix: -fips}]
imageTags: [{name: nginx, newTag: "1.27"}]
replacements:
  - path: replacement.yaml
  - source: {group: "", version: v1, kind: ConfigMap, name: settings, namespace: shop, fieldPath: data.host, options: {delimiter: ".", index: 0, encoding: base64, create: false}}
    targets:
      - select: {kind: Deployment, name: web}
        reject: [{kind: Deployment, name: other}]
        fieldPaths: [spec.template.spec.containers.0.env.0.value]
        options: {create: true}
replicas: [{name: web, count: 2}]
vars: [{name: HOST, objref: {apiVersion: v1, group: "", version: v1, kind: Service, name: web, namespace: shop}, fieldref: {fieldPath: metadata.name}}]
sortOptions: {order: legacy, legacySortOptions: {orderFirst: [Namespace], orderLast: [Job]}}
resources: [deployment.yaml]
components: [../component]
crds: [crd.json]
bases: [../base]
configMapGenerator: [{name: settings, namespace: shop, behavior: create, literals: [A=b], files: [f.txt], envs: [a.env], env: b.env, options: {labels: {a: b}, annotations: {a: b}, disableNameSuffixHash: true, immutable: true}}]
secretGenerator: [{name: creds, namespace: shop, behavior: merge, literals: [A=b], files: [f.txt], envs: [a.env], env: b.env, type: Opaque, options: {disableNameSuffixHash: true}}]
helmGlobals: {chartHome: charts, configHome: helm}
helmCharts: [{name: redis, version: "18.0.0", repo: https://charts.example.com, releaseName: cache, namespace: shop, additionalValuesFiles: [v.yaml], valuesFile: values.yaml, valuesInline: {replicas: 1}, valuesMerge: override, includeCRDs: true, skipHooks: true, apiVersions: [v1], kubeVersion: "1.30", nameTemplate: x, skipTests: true, debug: false}]
helmChartInflationGenerator: [{chartName: redis, chartVersion: "1", chartRepoUrl: https://charts.example.com, chartHome: charts, chartRepoName: r, helmBin: helm, helmHome: h, values: v.yaml, valuesLocal: {a: 1}, valuesMerge: override, releaseName: cache, releaseNamespace: shop, extraArgs: [--debug]}]
generatorOptions: {labels: {a: b}, annotations: {a: b}, disableNameSuffixHash: true, immutable: false}
configurations: [config.yaml]
generators: [gen.yaml]
transformers: [trans.yaml]
validators: [val.yaml]
buildMetadata: [managedByLabel, originAnnotations, transformerAnnotations]
`;

function kustomizeDecodeError(text: string): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'scaffold-kustomize-'));
  try {
    writeFileSync(path.join(dir, 'kustomization.yaml'), text);
    const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    // Only decoding is judged here: missing files and helm are other errors.
    return /unknown field \\?"[^"\\]+|cannot unmarshal [^\n"]+/.exec(r.stderr)?.[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('kustomization schema', () => {
  it('knows every field of the kitchen sink, and only warns about the deprecated ones', () => {
    const found = issues(KITCHEN_SINK);
    expect(found.filter((i) => i.startsWith('error'))).toEqual([]);
    expect(found.map((i) => i.split(':')[0])).toEqual(
      expect.arrayContaining(['warning kustomization commonLabels', 'warning kustomization bases', 'warning kustomization vars', 'warning kustomization configMapGenerator[0].env']),
    );
  });

  it('marks exactly the deprecated fields Kustomize v5 names, each with its replacement', () => {
    const properties = schema['properties'] as Record<string, JsonSchema>;
    const marked = Object.keys(properties).filter((k) => properties[k]!['deprecated'] === true).sort();
    expect(marked).toEqual(Object.keys(DEPRECATED_FIELDS).sort());
    for (const field of marked) expect(String(properties[field]!['description'])).toContain('Deprecated: use ');
  });

  it('reports unknown fields with a did-you-mean, and Kustomize types', () => {
    expect(issues('resource: [a.yaml]\n')).toEqual(['error schema resource: unknown field "resource" (did you mean "resources"?)']);
    expect(issues('resources: [a.yaml]\nnamespace: 12\n')).toEqual(['error schema namespace: expected string, got integer 12; quote it: "12"']);
    expect(issues('replicas: [{name: web, count: "2"}]\n')).toEqual(['error schema replicas[0].count: expected integer, got string "2"']);
    expect(issues('images: [{newTag: "1"}]\n')).toEqual(['error schema images[0].name: missing required field "name"']);
    expect(issues('sortOptions: {order: random}\n')).toEqual(['error schema sortOptions.order: must be one of "legacy", "fifo", got string "random"']);
  });

  it('reads what Kustomize leaves out or empty: no apiVersion or kind, null lists', () => {
    expect(issues('resources: [a.yaml]\ncomponents:\n')).toEqual([]);
    expect(issues('kind: Component\npatches: [{path: p.yaml}]\n')).toEqual([]);
  });

  it('needs exactly one of path and patch in a patch, and a file or a source and targets in a replacement', () => {
    expect(issues('patches: [{target: {kind: Deployment}}]\n')).toEqual(['error kustomization patches[0]: needs the patch: path (a file) or patch (inline)']);
    expect(issues('replacements: [{source: {kind: Service, name: web}}]\n')).toEqual(['error kustomization replacements[0]: needs path (a file) or both source and at least one target']);
  });

  it('validates inline patches as partial documents, placing findings on their line in the kustomization', () => {
    const text = [
      'patches:',
      '  - patch: |-',
      '      apiVersion: apps/v1',
      '      kind: Deployment',
      '      metadata: {name: web}',
      '      spec:',
      '        replica: 3',
      '  - target: {kind: Deployment}',
      '    patch: |',
      '',
      '      - {op: replace, path: spec/replicas, value: 2}',
      '  - patch: "apiVersion: v1\\nkind: Service\\nmetadata: {name: web}\\nspec: {prots: []}"',
      '  - patch: |-',
      '      apiVersion: v1',
      '      kind: ConfigMap',
      '      metadata: {name: "open}',
      '',
    ].join('\n');
    const found = checkManifestText(text, 'kustomization.yaml', KUSTOMIZATION, { registry, kubernetes, policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set() })[0]!.issues;
    expect(found.map((i) => `${i.line}:${i.column} ${i.rule} ${i.path}: ${i.message}`)).toEqual([
      '7:9 schema patches[0].patch: Deployment/web spec.replica: unknown field "replica" (did you mean "replicas"?)',
      '11:29 json-patch patches[1].patch: [0].path: must be a JSON pointer such as /spec/replicas, got "spec/replicas"',
      '12:12 schema patches[2].patch: Service/web spec.prots: unknown field "prots" (did you mean "ports"?)',
      '16:24 syntax patches[3].patch: in the patch: Missing closing "quote',
    ]);
  });

  it('lists the files it applies as patches, not inline patches', () => {
    expect(
      patchReferences({
        patches: [{ path: 'a.yaml' }, { patch: 'apiVersion: v1' }],
        patchesJson6902: [{ path: 'ops.yaml' }],
        patchesStrategicMerge: ['smp.yaml', 'apiVersion: v1\nkind: Service\n'],
      }),
    ).toEqual([
      { path: 'a.yaml', format: 'either' },
      { path: 'ops.yaml', format: 'json6902' },
      { path: 'smp.yaml', format: 'strategic-merge' },
    ]);
  });
});

describe.skipIf(!HAS_KUBECTL)('kustomization schema, checked by the real Kustomize (kubectl kustomize)', () => {
  it('Kustomize decodes every field the schema knows', () => {
    expect(kustomizeDecodeError(KITCHEN_SINK)).toBeUndefined();
  });

  it('Kustomize refuses what the schema refuses', () => {
    for (const text of ['resource: [a.yaml]\n', 'namespace: 12\n', 'replicas: [{name: web, count: "2"}]\n', 'generatorOptions: {fileMerge: {mode: files}}\n', 'labels: [{pairs: {a: b}, includeVolumeClaimTemplates: true}]\n', 'inventory: {type: ConfigMap}\n', 'patches: [{path: p.yaml, target: {apiVersion: v1}}]\n', 'helmCharts: [{name: x, devel: true}]\n']) {
      expect(kustomizeDecodeError(text), text).toBeDefined();
      expect(issues(text).filter((i) => i.startsWith('error')), text).not.toEqual([]);
    }
  });
});

describe('files a kustomization lists', () => {
  const dir = tempDir('scaffold-listed-');
  writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n');
  const kinds: Record<string, ListedPathKind> = { 'cm.yaml': 'file', base: 'kustomization-folder', docs: 'folder', 'app.env': 'file' };
  const role: FileRole = { ...KUSTOMIZATION, listedPathKind: (p) => kinds[p] };
  const found = (text: string) =>
    checkManifestText(text, 'kustomization.yaml', role, { registry, policies: [], ignoreMissingSchemas: false, skipKinds: new Set() }).flatMap((r) => r.issues).map((i) => `${i.path}: ${i.message}`);

  it('finds each one that is not there, or is not what its field needs', () => {
    expect(found([
      'resources: [cm.yaml, deploymnet.yaml, base, docs]',
      'components: [cm.yaml, ../missing-component]',
      'patches: [{path: grace-patch.yaml}, {path: base, target: {kind: Deployment}}]',
      'configMapGenerator: [{name: c, files: [config.json=settings.json], envs: [app.env]}]',
      '',
    ].join('\n'))).toEqual([
      'resources[1]: "deploymnet.yaml" does not exist (paths are relative to the kustomization\'s folder); Kustomize cannot build this kustomization',
      'resources[3]: "docs" is a folder without a kustomization (kustomization.yaml, kustomization.yml, Kustomization); Kustomize can build only a folder that has one',
      'components[0]: "cm.yaml" is a file; a component is a folder with a kustomization',
      'components[1]: "../missing-component" does not exist (paths are relative to the kustomization\'s folder); Kustomize cannot build this kustomization',
      'patches[0].path: "grace-patch.yaml" does not exist (paths are relative to the kustomization\'s folder); Kustomize cannot build this kustomization',
      'patches[1].path: "base" is a folder; a file is expected here',
      'configMapGenerator[0].files[0]: "settings.json" does not exist (paths are relative to the kustomization\'s folder); Kustomize cannot build this kustomization',
    ]);
  });

  it('leaves remote bases, inline patches and files of a kustomization not on disk alone', () => {
    expect(found('resources:\n  - https://example.com/app.yaml\n  - github.com/org/repo//deploy?ref=v1\n  - git@github.com:org/repo.git\n  - example.com/org/repo/base\n')).toEqual([]);
    const fromStdin = checkManifestText('resources: [nothing.yaml]\n', 'stdin', KUSTOMIZATION, { registry, policies: [], ignoreMissingSchemas: false, skipKinds: new Set() });
    expect(fromStdin.flatMap((r) => r.issues)).toEqual([]);
  });

  it.skipIf(!HAS_KUBECTL)('are what the real Kustomize refuses to build without', () => {
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: [cm.yaml, deploymnet.yaml]\n');
    const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('deploymnet.yaml');
  });
});
