/**
 * The npm package as `npm pack` makes it in a clone of the repository: what it holds, and a scratch project that installs the
 * tarball with an empty npm cache and no network (scaffold has no runtime dependencies), then uses
 * the CLI, what it loads at run time, new-app's next steps and the library API.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { HAS_GIT_CHECKOUT, INVALID_FINDING, INVALID_MANIFEST, VALID_MANIFEST, cloneOfHead, mustSucceed, npm, packTarball, printedCommands, scratch, scratchProject, shell, type Clone } from './installed.ts';


/** A CRD whose pattern only RE2 reads (`(?i)`): importing and using it loads ajv's compiler and re2js. */
const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                code: {type: string, pattern: '(?i)^ab+$'}
`;

/** An Argo CD Application whose sync path breaks a pattern of the bundled schema that a precompiled validator runs on re2js. */
const HYDRATED_APPLICATION = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: web, namespace: argocd}
spec:
  project: default
  destination: {server: https://kubernetes.default.svc, namespace: web}
  sourceHydrator:
    drySource: {repoURL: https://example.com/gitops.git, targetRevision: main, path: apps/web}
    syncSource: {targetBranch: environments/production, path: .}
`;

describe.skipIf(!HAS_GIT_CHECKOUT)('the packed tarball', () => {
  let clone: Clone;
  let pkg: { version: string; engines: { node: string } };
  let tarball: string;
  let project: string;
  const run = (command: string) => shell(command, project);
  beforeAll(() => {
    clone = cloneOfHead();
    pkg = JSON.parse(readFileSync(path.join(clone.repo, 'package.json'), 'utf8'));
    tarball = packTarball(clone);
    project = scratchProject('tarball');
    // An empty cache and --offline: nothing but the tarball itself is needed.
    const cache = path.join(project, '.npm-cache');
    mustSucceed(npm(['install', '--offline', '--cache', cache, tarball], project), 'npm install --offline <tarball> with an empty cache');
    rmSync(cache, { recursive: true, force: true });
  });

  it('holds what the package runs and nothing else', () => {
    const listing = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.trim().split('\n');
    const top = [...new Set(listing.map((f) => f.replace(/^package\//, '').split('/')[0]))].sort();
    expect(top).toEqual(['README.md', 'bin', 'data', 'dist', 'package.json', 'schemas', 'skeletons']);
    for (const file of ['dist/scaffold.js', 'dist/validate.cjs', 'dist/index.js', 'dist/index.d.ts', 'dist/runtime/ajv.cjs', 'dist/runtime/ajvHelpers.cjs', 'dist/runtime/re2js.cjs', 'dist/runtime/yaml.cjs', 'dist/runtime/js-yaml.cjs', 'dist/THIRD-PARTY-LICENSES.txt']) {
      expect(listing).toContain(`package/${file}`);
    }
    expect(listing.filter((f) => /\.(test|spec)\.|\/(test|bench|src|scripts|node_modules)\//.test(f))).toEqual([]);
  });

  it('ships the licenses of the code its bundles carry', () => {
    const licenses = readFileSync(path.join(project, 'node_modules/scaffold/dist/THIRD-PARTY-LICENSES.txt'), 'utf8');
    const lock = JSON.parse(readFileSync(path.join(clone.repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    for (const name of ['ajv', 're2js', 'yaml', 'handlebars', 'commander', '@inquirer/core']) {
      expect(licenses).toMatch(new RegExp(`^${name} ${lock.packages[`node_modules/${name}`]!.version} \\((MIT|ISC)\\)\\n-+\\n`, 'm'));
    }
  });

  it('is the size the README states', () => {
    const [packed] = JSON.parse(mustSucceed(npm(['pack', '--dry-run', '--json'], clone.repo), 'npm pack --dry-run')) as { size: number; unpackedSize: number; entryCount: number }[];
    const readme = readFileSync(path.join(clone.repo, 'README.md'), 'utf8');
    const stated = /The npm package is ([\d.]+) MB \(([\d.]+) MB unpacked, (\d+) files\)/.exec(readme);
    expect(stated, 'README.md says "The npm package is N MB (N MB unpacked, N files)"').not.toBeNull();
    expect(Math.abs(Number(stated![1]) - packed!.size / 1e6)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(Number(stated![2]) - packed!.unpackedSize / 1e6)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(Number(stated![3]) - packed!.entryCount)).toBeLessThanOrEqual(20);
  });

  it('installs alone: scaffold in node_modules/.bin, and no dependency beside it', () => {
    expect(readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['scaffold']);
    expect(mustSucceed(spawnSync(path.join(project, 'node_modules/.bin/scaffold'), ['--version'], { encoding: 'utf8' }), 'scaffold --version').trim()).toBe(pkg.version);
  });

  it('installs globally: npm install -g <tarball> puts scaffold on PATH', () => {
    const prefix = scratch('global-tarball');
    mustSucceed(npm(['install', '-g', '--offline', '--prefix', prefix, tarball], prefix), 'npm install -g <tarball>');
    const version = shell('scaffold --version', prefix, { PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env['PATH']}` });
    expect(mustSucceed(version, 'scaffold --version').trim()).toBe(pkg.version);
  });

  it("refuses a Node.js older than package.json's engines, saying which it needs", () => {
    const minimum = /^>=(\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(minimum, `engines.node is ">=MAJOR.MINOR", not "${pkg.engines.node}"`).toBeDefined();
    // An older Node.js as the bin sees it: process.versions says so before the bin runs.
    const older = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.18.3"})';
    const run = spawnSync(process.execPath, ['--import', older, path.join(project, 'node_modules/scaffold/bin/scaffold.js'), '--version'], { encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([1, '', `scaffold needs Node.js ${minimum} or newer; this is Node.js 20.18.3\n`]);
  });

  it('npx scaffold validate refuses an invalid manifest with its file, line and message, and accepts the fixed one', () => {
    mkdirSync(path.join(project, 'k8s'), { recursive: true });
    writeFileSync(path.join(project, 'k8s/flags.yaml'), INVALID_MANIFEST);
    const refused = run('npx --no-install scaffold validate k8s');
    expect(refused.stderr + refused.stdout).toContain(INVALID_FINDING);
    expect(refused.status).toBe(1);
    writeFileSync(path.join(project, 'k8s/flags.yaml'), VALID_MANIFEST);
    expect(run('npx --no-install scaffold validate k8s').status).toBe(0);
  });

  it('compiles imported schemas and runs RE2 patterns with what it carries (dist/runtime)', () => {
    const dir = scratch('runtime');
    writeFileSync(path.join(dir, 'crd.yaml'), WIDGET_CRD);
    writeFileSync(path.join(dir, 'widget.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {code: AC}\n');
    writeFileSync(path.join(dir, 'application.yaml'), HYDRATED_APPLICATION);
    mustSucceed(run(`npx --no-install scaffold schemas import --crd ${dir}/crd.yaml --out ${dir}/crds`), 'schemas import');
    const widget = run(`npx --no-install scaffold validate --schemas ${dir}/crds ${dir}/widget.yaml`);
    expect(widget.stderr + widget.stdout + String(widget.status)).toContain('spec.code: must match /(?i)^ab+$/, got string "AC" (schema)');
    const application = run(`npx --no-install scaffold validate ${dir}/application.yaml`);
    expect(application.stderr + application.stdout + String(application.status)).toContain('spec.sourceHydrator.syncSource.path: must match /^.{2,}|[^./]$/, got string "." (schema)');
    expect(existsSync(path.join(project, 'node_modules/ajv'))).toBe(false);
  });

  it('new-app ends with next steps that work as printed, from the folder the user is in', () => {
    const created = run('npx --no-install scaffold new-app demo --yes --root ./gitops');
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('spec.image in gitops/apps/demo/app.yaml), then run: npx scaffold render --root gitops');
    // The user replaces the placeholder image, then runs what was printed.
    const spec = path.join(project, 'gitops/apps/demo/app.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('registry.example.com/demo', '111122223333.dkr.ecr.us-east-1.amazonaws.com/demo'));
    const commands = printedCommands(created.stdout);
    expect(commands).toEqual(['npx scaffold render --root gitops', 'kubectl kustomize gitops/apps/demo/overlays/production']);
    const render = run(commands[0]!);
    expect(render.stderr).toBe('');
    expect(render.stdout).toContain('updated apps/demo/base/deployment.yaml');
    if (HAS_KUBECTL) expect(mustSucceed(run(commands[1]!), commands[1]!)).toContain('111122223333.dkr.ecr.us-east-1.amazonaws.com/demo:latest');
  });

  it("serves the library API to a program that imports 'scaffold', with the CLI's results and issues", () => {
    mkdirSync(path.join(project, 'lib'), { recursive: true });
    writeFileSync(path.join(project, 'lib/flags.yaml'), INVALID_MANIFEST);
    mustSucceed(run('npx --no-install scaffold new-app shop --yes --root ./lib-gitops'), 'new-app');
    writeFileSync(
      path.join(project, 'use.mjs'),
      `import { bundledKubernetesVersions, checkApps, planCapacity, renderApps, validateDocuments, validateFiles } from 'scaffold';
const documents = validateDocuments({ text: ${JSON.stringify(INVALID_MANIFEST)}, file: 'k8s/flags.yaml' });
const files = validateFiles({ paths: ['lib'] });
const checked = checkApps({ root: 'lib-gitops' });
const rendered = renderApps({ root: 'lib-gitops' });
const empty = checkApps({ root: 'nowhere' });
const capacity = planCapacity({ root: 'lib-gitops', env: 'production', instanceTypes: ['m5.large'] });
const usage = validateDocuments({ text: '', file: 'x.yaml', kubernetesVersion: '1.2' });
console.log(JSON.stringify({ documents, files, checked, rendered, empty, capacity, usage, versions: bundledKubernetesVersions() }));
`,
    );
    const used = spawnSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' });
    expect(used.stderr).toBe('');
    const api = JSON.parse(used.stdout);

    expect(api.documents.issues).toEqual([]);
    const [object] = api.documents.result;
    expect([object.status, object.issues[0].line, object.issues[0].column, object.issues[0].path]).toEqual(['invalid', 6, 12, 'data.enabled']);

    const cli = (command: string) => JSON.parse(run(`npx --no-install scaffold ${command}`).stdout);
    const validated = cli('validate lib -o json --summary');
    expect(api.files.result.resources.map((r: any) => ({ filename: r.file, errors: r.issues.map((i: any) => ({ path: i.path, msg: i.message, line: i.line, column: i.column, severity: i.severity, rule: i.rule })) }))).toEqual(
      validated.resources.map((r: any) => ({ filename: r.filename, errors: r.validationErrors })),
    );
    expect(api.files.result.summary).toMatchObject({ ...validated.summary, failed: true });

    const check = cli('render --check --root lib-gitops -o json');
    expect([api.checked.result.apps, api.checked.result.driftCount, check.ok]).toEqual([check.apps, 0, true]);
    expect(api.rendered.result.apps).toBe(1);
    expect(api.empty.issues).toEqual(cli('render --check --root nowhere -o json').issues);

    const sized = cli('capacity --root lib-gitops --env production --instance-type m5.large -o json');
    expect(api.capacity.result.reports[0].instanceTypes[0].nodes).toBe(sized.environments[0].instanceTypes[0].nodes);
    expect(api.capacity.issues).toEqual(sized.issues ?? []);

    expect(api.usage.issues).toEqual([{ severity: 'error', rule: 'usage', message: expect.stringContaining('kubernetesVersion: Kubernetes 1.2 is not bundled') }]);
    expect(api.versions).toContain('1.30');
  });

  it('serves require() (Node.js 20.19 and newer) and refuses deep imports', () => {
    writeFileSync(path.join(project, 'use.cjs'), "console.log(Object.keys(require('scaffold')).includes('validateDocuments'));\n");
    expect(mustSucceed(spawnSync(process.execPath, ['use.cjs'], { cwd: project, encoding: 'utf8' }), 'require').trim()).toBe('true');
    const deep = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('scaffold/dist/index.js')"], { cwd: project, encoding: 'utf8' });
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('type-checks a TypeScript program against the declarations it ships, with no library check skipped', () => {
    writeFileSync(
      path.join(project, 'use.ts'),
      `import { validateDocuments, type Issue, type Outcome, type ResourceResult } from 'scaffold';
const outcome: Outcome<ResourceResult[]> = validateDocuments({ text: 'kind: ConfigMap', file: 'cm.yaml' });
const first: Issue | undefined = outcome.result?.[0]?.issues[0];
// @ts-expect-error: the text of a file, not a number
validateDocuments({ text: 42, file: 'cm.yaml' });
export const line: number | undefined = first?.line;
`,
    );
    // The project's own @types/node: a scratch project has no registry to install it from.
    const typeRoots = path.join(PROJECT_ROOT, 'node_modules/@types');
    const compilerOptions = { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [typeRoots] };
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const check = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
