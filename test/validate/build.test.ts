/**
 * validate --build places each finding on a built object in the file that set
 * it: the object's file, the patch that set the field, or the kustomization
 * whose generator made it. The build's output here is what Kustomize 5.5
 * writes with buildMetadata [originAnnotations, transformerAnnotations].
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { placeBuildResult, readBuild, type BuildSources } from '../../src/validate/build.ts';
import { checkObjects } from '../../src/validate/manifests.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { targetSchemas } from '../support/schemas.ts';

const schemas = targetSchemas();
const ROOT = '/repo/.tmp/wrapper';

const FILES: Record<string, string> = {
  '/repo/base/deployment.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: nginx
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          resources:
            limits: {cpu: 500m, memory: 1Gi}
            requests: {cpu: 500m, memory: 1Gi}
`,
  '/repo/base/kustomization.yaml': 'resources: [deployment.yaml]\nconfigMapGenerator: [{name: gen, literals: [a=b]}]\n',
  '/repo/overlays/prod/kustomization.yaml': 'namePrefix: prod-\nresources: [../../base]\npatches: [{path: cpu-patch.yaml}, {path: label-patch.yaml}]\n',
  '/repo/overlays/prod/cpu-patch.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          resources:
            limits: {cpu: "2"}
`,
  '/repo/overlays/prod/label-patch.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {team: Payments Team}
`,
};

const transformed = `    alpha.config.kubernetes.io/transformations: |
      - configuredIn: ../../overlays/prod/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PatchTransformer
      - configuredIn: ../../overlays/prod/kustomization.yaml
        configuredBy:
          apiVersion: builtin
          kind: PrefixTransformer
`;

const BUILD = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
${transformed}    config.kubernetes.io/origin: |
      path: ../../base/deployment.yaml
  name: prod-web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        team: Payments Team
    spec:
      containers:
      - image: nginx
        name: web
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop:
            - ALL
        resources:
          limits:
            cpu: "2"
            memory: 1Gi
          requests:
            cpu: 500m
            memory: 1Gi
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
---
apiVersion: v1
data:
  a: b
kind: ConfigMap
metadata:
  annotations:
${transformed}    config.kubernetes.io/origin: |
      configuredIn: ../../base/kustomization.yaml
      configuredBy:
        apiVersion: builtin
        kind: ConfigMapGenerator
  name: prod-gen-4h2mbtbbt6
`;

const sources: BuildSources = {
  documents: (file) => (FILES[file] === undefined ? undefined : parseYamlStream(FILES[file]!, file).documents),
  patchFiles: (kustomization) => (kustomization === '/repo/overlays/prod/kustomization.yaml' ? ['/repo/overlays/prod/cpu-patch.yaml', '/repo/overlays/prod/label-patch.yaml'] : []),
  display: (file) => path.relative('/repo', file),
};

describe('a kustomize build, read back to its sources', () => {
  const { objects, issues } = readBuild(BUILD, ROOT);

  it('knows where each object came from, and drops the annotations the build added', () => {
    expect(issues).toEqual([]);
    expect(objects.map((o) => ({ source: o.source, generatedIn: o.generatedIn, transformedIn: o.transformedIn }))).toEqual([
      { source: '/repo/base/deployment.yaml', generatedIn: undefined, transformedIn: ['/repo/overlays/prod/kustomization.yaml'] },
      { source: undefined, generatedIn: '/repo/base/kustomization.yaml', transformedIn: ['/repo/overlays/prod/kustomization.yaml'] },
    ]);
    expect(objects[0]!.value['metadata']).toEqual({ name: 'prod-web' });
  });

  it('places each finding where its value was set: the patch that set it, or the object\'s file naming the patch beside it', () => {
    const results = checkObjects(objects, 'overlays/prod/kustomization.yaml', { ...schemas, policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set() })
      .map((r) => placeBuildResult(r, objects.find((o) => o.line === r.line)!, 'overlays/prod', '/repo/overlays/prod/kustomization.yaml', sources));
    expect(results.map((r) => `${r.file}:${r.line} ${r.kind}/${r.name} ${r.status}`)).toEqual([
      'base/deployment.yaml:5 Deployment/prod-web invalid',
      'base/kustomization.yaml:1 ConfigMap/prod-gen-4h2mbtbbt6 valid',
    ]);
    expect(results[0]!.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.rule} ${i.path}: ${i.message}`)).toEqual([
      'base/deployment.yaml:21:29 qos-guaranteed spec.template.spec.containers[0].resources.requests.cpu: container "web" requests cpu 500m but its limit is 2; QoS Guaranteed needs the request equal to the limit (or no request) (in the build of overlays/prod; overlays/prod/cpu-patch.yaml sets spec.template.spec.containers[0].resources.limits.cpu)',
      expect.stringMatching(/^overlays\/prod\/label-patch\.yaml:7:22 label-syntax spec\.template\.metadata\.labels\.team: label value "Payments Team" is invalid: .* \(in the build of overlays\/prod\)$/),
    ]);
  });
});
