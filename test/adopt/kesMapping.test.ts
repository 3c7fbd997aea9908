/** Unit tests of the KES mapping rules the corpus does not reach: templates, stores, paths, metadata. */
import { describe, expect, it } from 'vitest';
import { mapKesExternalSecret } from '../../src/adopt/kes/kesToEso.ts';
import { translateDataTemplate, translateTemplate } from '../../src/adopt/kes/lodashTemplate.ts';
import { migrateKes } from '../../src/adopt/kes/migrate.ts';
import { StoreSet, storeName } from '../../src/adopt/kes/stores.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';

const kes = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'app' }) => ({ apiVersion: 'kubernetes-client.io/v1', kind: 'ExternalSecret', metadata, spec });
const options = { region: 'eu-west-1', refreshInterval: '1h' };
const errors = (m: ReturnType<typeof mapKesExternalSecret>) => m.findings.filter((f) => f.severity === 'error');

describe('lodash templates to Go templates', () => {
  it('translates data references, with index for names Go cannot write after a dot', () => {
    expect(translateTemplate('<%= data.user %>:<%= data["db-password"] %>')).toEqual({ template: '{{ .user }}:{{ index . "db-password" }}', expressions: 2 });
    expect(translateTemplate("<%= JSON.parse(data['cfg-json']).a.b %>")).toEqual({ template: '{{ (index . "cfg-json" | fromYaml).a.b }}', expressions: 1 });
  });

  it('escapes {{ in static text, which Go would read as an action', () => {
    expect(translateTemplate('a {{ b }}')).toEqual({ template: 'a {{ "{{" }} b }}', expressions: 0 });
  });

  it('refuses ${...}, <%- %>, code blocks and other expressions, saying why', () => {
    expect(translateTemplate('${data.a}')).toMatchObject({ problems: [expect.stringMatching(/ES template literals as code/)] });
    expect(translateTemplate('<%- data.a %>')).toMatchObject({ problems: [expect.stringMatching(/HTML-escapes/)] });
    expect(translateTemplate('<% if (x) { %>')).toMatchObject({ problems: [expect.stringMatching(/code block/)] });
    expect(translateTemplate('<%= data.a.toUpperCase() %>')).toMatchObject({ problems: [expect.stringMatching(/no mechanical Go-template equivalent/)] });
  });

  it('decodes static template.data, keeps bytes that are not UTF-8 as base64 decoded at run time', () => {
    expect(translateDataTemplate('aGVsbG8=')).toEqual({ template: 'hello', expressions: 0, decoded: true });
    expect(translateDataTemplate('/w==')).toEqual({ template: '{{ "/w==" | b64dec }}', expressions: 0, decoded: true });
    expect(translateDataTemplate('<%= Buffer.from(data.cert).toString("base64") %>')).toEqual({ template: '{{ .cert }}', expressions: 1 });
    expect(translateDataTemplate('not base64!')).toMatchObject({ problems: [expect.stringMatching(/not base64/)] });
  });
});

describe('stores', () => {
  it('are named by service, region, account, role and controller', () => {
    expect(storeName({ service: 'ParameterStore', region: 'us-east-1', role: 'arn:aws:iam::123456789012:role/team/Reader_Role', controller: 'dev' })).toBe('aws-parameterstore-us-east-1-123456789012-team-reader-role-dev');
  });

  it('keep a name within 253 characters, with a hash of the whole', () => {
    const name = storeName({ service: 'SecretsManager', region: 'us-east-1', role: `arn:aws:iam::123456789012:role/${'r'.repeat(300)}` });
    expect(name).toHaveLength(253);
    expect(name).toMatch(/-[0-9a-f]{8}$/);
  });

  it('never share a name where their needs differ only by what a name folds (case, _ and -)', () => {
    for (const kind of ['SecretStore', 'ClusterSecretStore'] as const) {
      const set = new StoreSet(kind);
      const names = ['Dev', 'dev', 'Dev'].map((controller) => set.use({ service: 'ParameterStore', region: 'us-east-1', controller }, 'a'));
      expect(names[0]).toBe('aws-parameterstore-us-east-1-dev');
      expect(names[1]).toMatch(/^aws-parameterstore-us-east-1-dev-[0-9a-f]{8}$/);
      expect(names[2]).toBe(names[0]);
      expect(set.stores().map((s) => [s.name, (s.document.spec as { controller: string }).controller])).toEqual([
        [names[0], 'Dev'],
        [names[1], 'dev'],
      ]);
    }
  });

  it('are shared by objects needing the same one; a SecretStore per namespace, a ClusterSecretStore names its namespaces', () => {
    const namespaced = new StoreSet('SecretStore');
    namespaced.use({ service: 'ParameterStore', region: 'us-east-1' }, 'a');
    namespaced.use({ service: 'ParameterStore', region: 'us-east-1' }, 'a');
    namespaced.use({ service: 'ParameterStore', region: 'us-east-1' }, 'b');
    expect(namespaced.stores().map((s) => (s.document.metadata as { namespace: string }).namespace)).toEqual(['a', 'b']);
    const cluster = new StoreSet('ClusterSecretStore');
    cluster.use({ service: 'ParameterStore', region: 'us-east-1' }, 'b');
    cluster.use({ service: 'ParameterStore', region: 'us-east-1' }, 'a');
    const [store] = cluster.stores();
    expect(store!.document).toMatchObject({ kind: 'ClusterSecretStore', metadata: { name: 'aws-parameterstore-us-east-1' }, spec: { conditions: [{ namespaces: ['a', 'b'] }] } });
    expect((store!.document.metadata as object)).not.toHaveProperty('namespace');
  });
});

describe('KES fields', () => {
  it('a recursive path keys each parameter by its last segment, with a warning for collisions', () => {
    const m = mapKesExternalSecret(kes({ backendType: 'systemManager', data: [{ path: '/app/v1.2', recursive: true }] }), options);
    expect(m.externalSecret!.spec).toMatchObject({ dataFrom: [{ find: { path: '/app/v1.2', name: { regexp: '^/app/v1\\.2/' } }, rewrite: [{ regexp: { source: '^.*/', target: '' } }] }] });
    expect(m.findings.filter((f) => f.severity === 'warning').map((f) => f.path.join('.'))).toEqual(['spec.data.0.recursive']);
  });

  it('versions are a Secrets Manager option; paths a Parameter Store one', () => {
    expect(errors(mapKesExternalSecret(kes({ backendType: 'systemManager', data: [{ key: '/a', name: 'a', versionStage: 'AWSPREVIOUS' }] }), options)).map((f) => f.path.join('.'))).toEqual(['spec.data.0']);
    expect(errors(mapKesExternalSecret(kes({ backendType: 'secretsManager', data: [{ path: '/a' }] }), options)).map((f) => f.path.join('.'))).toContain('spec.data.0.path');
  });

  it('refuses a region that is not an AWS region name: AWS signs with the name as it is', () => {
    for (const region of ['US-EAST-1', 'us_east_1', 'us east', '']) {
      const m = mapKesExternalSecret(kes({ backendType: 'systemManager', region, data: [{ key: '/a', name: 'a' }] }), options);
      expect(errors(m).map((f) => `${f.path.join('.')}: ${f.message}`), region).toEqual([`spec.region: expected an AWS region name, such as us-east-1 (lower-case), got ${JSON.stringify(region)}`]);
      expect(m.externalSecret).toBeUndefined();
    }
    for (const region of ['us-east-1', 'us-gov-west-1', 'cn-northwest-1', 'eu-isoe-west-1']) {
      expect(errors(mapKesExternalSecret(kes({ backendType: 'systemManager', region, data: [{ key: '/a', name: 'a' }] }), options)), region).toEqual([]);
    }
  });

  it('refuses unknown fields and a role that is not an IAM role ARN', () => {
    const m = mapKesExternalSecret(kes({ backendType: 'secretsManager', roleArn: 'test-role', dataFromm: ['x'], data: [{ key: 'a', name: 'a', propertyy: 'p' }] }), options);
    expect(errors(m).map((f) => f.path.join('.')).sort()).toEqual(['spec.data.0.propertyy', 'spec.dataFromm', 'spec.roleArn']);
    expect(m.externalSecret).toBeUndefined();
  });

  it('keeps labels and annotations, leaves out what the API server and kubectl wrote, and refuses other metadata', () => {
    const metadata = { name: 'app', namespace: 'shop', labels: { team: 'a' }, annotations: { note: 'x', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, uid: 'u', resourceVersion: '1', ownerReferences: [] };
    const m = mapKesExternalSecret(kes({ backendType: 'secretsManager', data: [{ key: 'a', name: 'a' }] }, metadata), options);
    expect(errors(m).map((f) => f.path.join('.'))).toEqual(['metadata.ownerReferences']);
    const { ownerReferences: _refused, ...allowed } = metadata;
    const kept = mapKesExternalSecret(kes({ backendType: 'secretsManager', data: [{ key: 'a', name: 'a' }] }, allowed), options);
    expect(kept.externalSecret!.metadata).toEqual({ name: 'app', namespace: 'shop', labels: { team: 'a' }, annotations: { note: 'x' } });
    expect(kept.findings.filter((f) => f.severity === 'note').map((f) => f.path.join('.'))).toEqual(expect.arrayContaining(['metadata.uid', 'metadata.resourceVersion', 'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration']));
  });

  it('a template key that data also fetches: the template now wins, a warning', () => {
    const m = mapKesExternalSecret(kes({ backendType: 'secretsManager', data: [{ key: 'a', name: 'password' }], template: { stringData: { password: 'x' } } }), options);
    expect(m.findings.filter((f) => f.severity === 'warning').map((f) => f.path.join('.'))).toEqual(['spec.template.stringData.password']);
  });
});

describe('a run', () => {
  it('names a Namespace that restricted KES with annotations, and every other object it leaves alone', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations:
    iam.amazonaws.com/permitted: arn:aws:iam::123456789012:role/.*
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
`;
    const run = migrateKes([{ file: 'in.yaml', documents: parseYamlStream(text, 'in.yaml').documents }], { ...options, storeKind: 'SecretStore' });
    expect(run.issues.map((i) => [i.severity, i.line, i.kind, i.message.slice(0, 40)])).toEqual([
      ['warning', 6, 'Namespace', 'iam.amazonaws.com/permitted: KES restric'],
      ['warning', 8, 'ConfigMap', 'not a kubernetes-client.io/v1 ExternalSe'],
    ]);
  });
});
