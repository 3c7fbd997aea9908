/**
 * One reading of app.yaml: `render` and `validate` (the pre-commit hook) read the same file the
 * same way and say the same of it, with the same message, line and column, whether validate is
 * given the file or finds it in a folder. The table holds what YAML readers disagree on. Every
 * other command that reads a person's YAML or JSON refuses the bytes validate refuses, with
 * validate's words.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/cli/commands/render.ts';
import { validate } from '../../src/cli/commands/validate.ts';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { captureStreams } from '../support/streams.ts';
import { readTree, tempCopy } from '../support/tree.ts';

const SPEC = `apiVersion: scaffold/v1alpha1
kind: App
metadata:
  name: demo
spec:
  skeleton: worker
  namespace: shop
  image: example/demo
  resources: {cpu: 100m, memory: 128Mi}
  env:
    LOG_LEVEL: info
  irsa: {roleName: demo}
  environments:
    alpha:
      awsAccountId: "111111111111"
      imageTag: v1
    production:
      awsAccountId: "222222222222"
      imageTag: v2
      replicas: 3
`;

const env = (value: string) => SPEC.replace('LOG_LEVEL: info', `LOG_LEVEL: ${value}`);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A tricky app.yaml, and what both commands must say of it (message, line, column), empty when nothing. */
const TABLE: { name: string; bytes: Uint8Array; says: string[] }[] = [
  ...['yes', 'no', 'on', 'off', 'y', 'N', 'True'].map((word) => ({
    name: `unquoted ${word}`,
    bytes: utf8(env(word)),
    says: [`11:16 error spec.env.LOG_LEVEL: expected string, got boolean ${['yes', 'on', 'y', 'True'].includes(word)} (written ${word}); quote it: "${word}"`],
  })),
  { name: 'octal 0123', bytes: utf8(env('0123')), says: ['11:16 error spec.env.LOG_LEVEL: expected string, got integer 83 (written 0123); quote it: "0123"'] },
  { name: '1.10', bytes: utf8(env('1.10')), says: ['11:16 error spec.env.LOG_LEVEL: expected string, got number 1.1 (written 1.10); quote it: "1.10"'] },
  { name: '1e3', bytes: utf8(env('1e3')), says: ['11:16 error spec.env.LOG_LEVEL: expected string, got integer 1000 (written 1e3); quote it: "1e3"'] },
  { name: '0x1F', bytes: utf8(env('0x1F')), says: ['11:16 error spec.env.LOG_LEVEL: expected string, got integer 31 (written 0x1F); quote it: "0x1F"'] },
  { name: '~', bytes: utf8(env('~')), says: ['11:16 error spec.env.LOG_LEVEL: expected string, got null (written ~); quote it: "~"'] },
  { name: 'nothing', bytes: utf8(env('')), says: ['11:16 error spec.env.LOG_LEVEL: expected string, got null; write "" for an empty string'] },
  { name: 'quoted', bytes: utf8(env('"yes"')), says: [] },
  {
    name: 'unquoted account id',
    bytes: utf8(SPEC.replace('"222222222222"', '022222222222')),
    says: ['18:21 error spec.environments.production.awsAccountId: expected string, got integer 2454267026 (written 022222222222); quote it: "022222222222"'],
  },
  { name: 'imageTag 1.10', bytes: utf8(SPEC.replace('imageTag: v2', 'imageTag: 1.10')), says: ['19:17 error spec.environments.production.imageTag: expected string, got number 1.1 (written 1.10); quote it: "1.10"'] },
  {
    name: '<< merge key',
    bytes: utf8(SPEC.replace('    production:\n', '    production:\n      <<: {replicas: 2, imageTag: v0}\n')),
    says: [],
  },
  {
    name: 'anchor, alias and merge',
    bytes: utf8(SPEC.replace('    alpha:\n', '    alpha: &alpha\n').replace('    production:\n      awsAccountId', '    production:\n      <<: *alpha\n      awsAccountId')),
    says: [],
  },
  {
    name: 'a wrong value merged in',
    bytes: utf8(SPEC.replace('    production:\n', '    production:\n      <<: {unknown: 1}\n')),
    says: ['17:5 error spec.environments.production.unknown: unknown field "unknown"'],
  },
  { name: 'environment named no', bytes: utf8(SPEC.replace('    alpha:\n', '    no:\n')), says: ['14:5 error spec.environments.false: the key no is read as boolean false, not as text; quote it: "no"'] },
  { name: 'variable named Y', bytes: utf8(SPEC.replace('LOG_LEVEL: info', 'Y: "1"')), says: ['11:5 error spec.env.true: the key Y is read as boolean true, not as text; quote it: "Y"'] },
  { name: 'quoted keys', bytes: utf8(SPEC.replace('LOG_LEVEL: info', '"Y": "1"').replace('    alpha:\n', '    "no":\n')), says: [] },
  { name: 'NUL byte', bytes: utf8(env('"a\0b"')), says: ['1:1 error : not a YAML file: it holds binary data (a NUL byte)'] },
  { name: 'invalid UTF-8', bytes: new Uint8Array([...utf8(env('"caf')), 0xe9, ...utf8('"\n')]), says: ['1:1 error : not a YAML file: it is not UTF-8 text'] },
  { name: 'byte order mark', bytes: utf8(`\ufeff${SPEC}`), says: [] },
  { name: 'duplicate key', bytes: utf8(SPEC.replace('  namespace: shop\n', '  namespace: shop\n  namespace: shop\n')), says: ['8:3 error : Map keys must be unique'] },
];

interface Said {
  file?: string;
  severity: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}
const line = (s: Said) => `${s.line}:${s.column} ${s.severity} ${s.path ?? ''}: ${s.message}`;

async function validateSays(root: string, path: string): Promise<{ code: number; says: string[] }> {
  const streams = captureStreams(root);
  const code = await validate([path], { output: 'json', kubernetesVersion: '1.30', verbose: true }, streams);
  const resources = JSON.parse(streams.out()).resources as { validationErrors?: { path: string; msg: string; line?: number; column?: number; severity: string }[] }[];
  const says = resources.flatMap((r) => r.validationErrors ?? []).map((e) => line({ ...e, message: e.msg }));
  return { code, says };
}

describe('render and validate read app.yaml the same way', () => {
  for (const { name, bytes, says } of TABLE) {
    it(name, async () => {
      const root = tempCopy(undefined);
      mkdirSync(join(root, 'apps/demo'), { recursive: true });
      writeFileSync(join(root, 'apps/demo/app.yaml'), bytes);

      const rendered = captureStreams(root);
      const renderCode = render([], { root: '.', force: false, check: false, output: 'json', skeletons: [], schemas: [], ignoreMissingSchemas: false }, rendered);
      const renderSays = (JSON.parse(rendered.out()).issues ?? []).map(line);
      expect(renderSays).toEqual(says);
      expect(renderCode).toBe(says.some((s) => s.includes(' error ')) ? 1 : 0);

      for (const path of ['apps/demo/app.yaml', 'apps']) {
        const validated = await validateSays(root, path);
        expect(validated.says, `validate ${path}`).toEqual(says);
        expect(validated.code).toBe(renderCode);
      }
      if (renderCode !== 0) expect(Object.keys(readTree(root))).toEqual(['apps/demo/app.yaml']);
    });
  }
});

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n      - {name: api, image: example/api:v1, resources: {requests: {cpu: 100m, memory: 128Mi}}}\n';

/** A file each command reads, written with `é` where a bad byte goes, and how the command is run on it (and on `input`) in a folder holding only that file. */
const READERS: { command: string; file: string; text: string; args: string[]; input?: string; skip?: boolean }[] = [
  {
    command: 'migrate kes',
    file: 'kes.yaml',
    text: 'apiVersion: kubernetes-client.io/v1\nkind: ExternalSecret\nmetadata: {name: a, namespace: shop}\nspec:\n  backendType: systemManager\n  region: us-east-1\n  data: [{key: "/café/db", name: pw}]\n',
    args: ['migrate', 'kes', 'kes.yaml', '-o', 'out'],
  },
  {
    command: 'adopt',
    file: 'api.yaml',
    text:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n' +
      '      containers:\n      - name: api\n        image: example/api:v1\n        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 100m, memory: 128Mi}}\n        env: [{name: A, value: café}]\n',
    args: ['adopt', 'api.yaml', '--name', 'api', '--root', '.'],
    // adopt builds what it writes with Kustomize, and refuses to start without it.
    skip: !HAS_KUBECTL,
  },
  {
    command: 'capacity --manifests',
    file: 'api.yaml',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: café, namespace: shop}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n      - {name: api, image: example/api:v1, resources: {requests: {cpu: 100m, memory: 128Mi}}}\n',
    args: ['capacity', '--manifests', 'api.yaml', '--chart', 'chart.svg'],
  },
  {
    command: 'capacity --prices',
    file: 'prices.json',
    text: '{"regions": {"us-east-1": {"prices": {"m5.large": 0.096}}}, "$comment": "café"}\n',
    args: ['capacity', '--manifests', '-', '--prices', 'prices.json', '--instance-type', 'm5.large'],
    input: DEPLOYMENT,
  },
  {
    command: 'schemas import --crd',
    file: 'crd.yaml',
    text: 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  names: {kind: Widgét, plural: widgets}\n  scope: Namespaced\n  versions:\n  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}\n',
    args: ['schemas', 'import', '--crd', 'crd.yaml', '--out', 'schemas'],
  },
  {
    command: 'schemas import --openapi',
    file: 'openapi.json',
    text: '{"swagger": "2.0", "definitions": {"com.example.v1.Widget": {"type": "object", "description": "café", "x-kubernetes-group-version-kind": [{"group": "example.com", "version": "v1", "kind": "Widget"}]}}}\n',
    args: ['schemas', 'import', '--openapi', 'openapi.json', '--out', 'schemas'],
  },
];

describe('every command that reads a person\'s YAML or JSON refuses what validate refuses, writing nothing', () => {
  const BYTES = {
    // One byte of Latin-1, never a character of UTF-8 on its own.
    'not UTF-8': (text: string) => Buffer.from(text, 'latin1'),
    binary: (text: string) => Buffer.from(text.replace('é', '\0')),
  };
  for (const { command, file, text, args, input, skip } of READERS) {
    for (const [what, bytesOf] of Object.entries(BYTES)) {
      it.skipIf(skip)(`${command}: ${what}`, () => {
        const dir = tempCopy(undefined);
        writeFileSync(join(dir, file), bytesOf(text));
        const validated = runCli(['validate', file], { cwd: dir });
        const refusal = validated.stdout.trim();
        expect(refusal).toMatch(new RegExp(`^${file}:1:1: error: not a YAML file: .*\\(read\\)$`));

        const run = runCli(args, { cwd: dir, ...(input === undefined ? {} : { input }) });
        expect(run.stderr.split('\n')).toContain(refusal);
        expect(run.stdout).toBe('');
        expect(run.code).toBe(1);
        expect(Object.keys(readTree(dir))).toEqual([file]);
      });
    }
  }

  it('render and capacity, with a patch of the app\'s that is not UTF-8', () => {
    const root = tempCopy(undefined);
    mkdirSync(join(root, 'apps/demo/overlays/production'), { recursive: true });
    writeFileSync(join(root, 'apps/demo/app.yaml'), SPEC.replace('      replicas: 3\n', '      replicas: 3\n      patches: [cpu-patch.yaml]\n'));
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: demo, namespace: shop}\nspec:\n  template:\n    spec:\n      containers:\n      - name: demo\n        resources: {requests: {cpu: "2"}, limits: {cpu: "2"}}\n        env: [{name: NOTE, value: café}]\n';
    writeFileSync(join(root, 'apps/demo/overlays/production/cpu-patch.yaml'), Buffer.from(patch, 'latin1'));
    const refusal = 'apps/demo/overlays/production/cpu-patch.yaml:1:1: error: not a YAML file: it is not UTF-8 text (read)';
    for (const args of [['render'], ['capacity', '--env', 'production']]) {
      const run = runCli(args, { cwd: root });
      expect(run.stderr.split('\n'), args[0]).toContain(refusal);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(1);
    }
    expect(Object.keys(readTree(root))).toEqual(['apps/demo/app.yaml', 'apps/demo/overlays/production/cpu-patch.yaml']);
  });

  for (const [what, bytes] of [['not UTF-8', Buffer.from('apiVersion: scaffold/v1alpha1\nkind: Config\n# café\n', 'latin1')], ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])]] as const) {
    it(`render, with a .scaffold.yaml that is ${what}`, () => {
      const root = tempCopy(undefined);
      mkdirSync(join(root, 'apps/demo'), { recursive: true });
      writeFileSync(join(root, 'apps/demo/app.yaml'), SPEC);
      writeFileSync(join(root, '.scaffold.yaml'), bytes);
      const rendered = captureStreams(root);
      const code = render([], { root: '.', force: false, check: false, output: 'json', skeletons: [], schemas: [], ignoreMissingSchemas: false }, rendered);
      const says = (JSON.parse(rendered.out()).issues as Said[]).map((s) => `${s.file}:${line(s)}`);
      expect(says).toEqual([`.scaffold.yaml:1:1 error : not a YAML file: it ${what === 'binary' ? 'holds binary data (a NUL byte)' : 'is not UTF-8 text'}`]);
      expect(code).toBe(1);
      expect(Object.keys(readTree(root))).toEqual(['.scaffold.yaml', 'apps/demo/app.yaml']);
    });
  }
});
