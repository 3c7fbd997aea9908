/**
 * For random valid app specs, however written: the spec reads back as written, render
 * succeeds, every rendered document validates strictly, every env value and quantity
 * comes out exactly as given (read as YAML 1.1, as Kustomize reads it, and as 1.2), and
 * overlays build with `kubectl kustomize` carrying the same values. Rendered files checked
 * out with CRLF line endings are current, and still tell a hand edit. No policy or API
 * server check finds anything in what render writes, in the base or in an overlay.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { planSpecTexts } from '../../src/pipeline/appPlans.ts';
import { skeletonDirs } from '../../src/io/skeletonFolders.ts';
import type { AppPlan } from '../../src/render/plan.ts';
import { effectiveAutoscaling } from '../../src/appSpec/effective.ts';
import type { AppSpec } from '../../src/appSpec/types.ts';
import { validatePlannedFiles } from '../../src/validate/plannedFiles.ts';
import { InputJudgement } from '../../src/validate/acrossObjects.ts';
import { checkObjects } from '../../src/validate/manifests.ts';
import { buildOverlay } from '../../src/validate/overlayBuild.ts';
import { POLICIES } from '../../src/validate/policies/index.ts';
import { diffPlans } from '../../src/write/changes.ts';
import { targetSchemas } from '../support/schemas.ts';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL, kustomize, readAsKubernetes } from '../support/kubectl.ts';
import { tempDir, withTempDir } from '../support/tempDir.ts';
import { readTree } from '../support/tree.ts';
import { SPEC_WRITERS, specWriter, validAppSpec, type SpecWriter } from './appSpecs.ts';
import { runs, timeLimit } from './settings.ts';
import { scanEnvValue } from '../../src/appSpec/envReferences.ts';
import { containerEnv, intendedEnv } from '../support/kubelet.ts';

const { registry, kubernetes } = targetSchemas();
const SKELETONS = skeletonDirs([]);
const NO_USER_FILES = tempDir('scaffold-properties-');

interface EnvVar {
  name: string;
  value: string;
}

/** Renders one spec from its text, as `scaffold render` does, and fails on any error (warnings of env values may come). */
function renderText(spec: AppSpec, writer: SpecWriter): { plan: AppPlan; read: AppSpec } {
  const specPath = `apps/${spec.metadata.name}/app.yaml`;
  const result = planSpecTexts(NO_USER_FILES, [{ specPath, text: SPEC_WRITERS[writer](spec) }], SKELETONS);
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  for (const warning of result.issues) expect(warning).toMatchObject({ rule: 'spec', file: specPath, path: expect.stringMatching(/^spec\.(env|environments)/) });
  return { plan: result.plans[0]!, read: result.specs[0]!.spec };
}

/** The variables of a list by name, and whether each comes after every other plain variable its value refers to. */
function expectResolvableOrder(list: EnvVar[], expected: Record<string, string>): void {
  expect(Object.fromEntries(list.map((e) => [e.name, e.value ?? '']))).toEqual(expected);
  expect(list).toHaveLength(Object.keys(expected).length);
  const position = new Map(list.map((e, i) => [e.name, i]));
  for (const [i, { name, value }] of list.entries()) {
    for (const ref of scanEnvValue(value ?? '').references) {
      if (ref !== name && position.has(ref)) expect(position.get(ref), `${name} refers to ${ref}`).toBeLessThan(i);
    }
  }
}

function fileOf(plan: AppPlan, path: string): string | undefined {
  return plan.files.find((f) => f.path === `${plan.appDir}/${path}`)?.content;
}

/** Where each skeleton's workload is written and where its pod spec is. */
const WORKLOADS: Record<string, { kind: string; file: string; podSpec: string[] }> = {
  web: { kind: 'Deployment', file: 'deployment', podSpec: ['spec', 'template', 'spec'] },
  worker: { kind: 'Deployment', file: 'deployment', podSpec: ['spec', 'template', 'spec'] },
  daemonset: { kind: 'DaemonSet', file: 'daemonset', podSpec: ['spec', 'template', 'spec'] },
  cronjob: { kind: 'CronJob', file: 'cronjob', podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};
const podSpecOf = (object: any, spec: AppSpec) => WORKLOADS[spec.spec.skeleton]!.podSpec.reduce((node, key) => node?.[key], object);

const quantityText = (q: string | number | undefined) => (q === undefined ? undefined : String(q));

describe('rendering random valid specs', () => {
  it(
    'reads every spec back as written, renders it, every document validates strictly, and every env value and quantity is the same string read as YAML 1.1 and 1.2',
    () => {
      fc.assert(
        fc.property(validAppSpec, specWriter, (spec, writer) => {
          const { plan, read } = renderText(spec, writer);
          expect(read).toEqual(spec);
          expect(validatePlannedFiles(plan.files, { registry, kubernetes, ignoreMissingSchemas: false })).toEqual([]);
          expect(plan.files.filter((f) => f.path.includes('/overlays/') && f.path.endsWith('/kustomization.yaml'))).toHaveLength(Object.keys(spec.spec.environments).length);
          for (const version of ['1.1', '1.2'] as const) expectExactValues(plan, spec, version);
        }),
        runs(200),
      );
    },
    timeLimit(60_000),
  );

  it(
    'gives objects no policy or check finds anything in: the base, and each overlay as Kustomize merges it',
    () => {
      fc.assert(
        fc.property(validAppSpec, (spec) => {
          const { plan } = renderText(spec, 'new-app');
          const options = { registry, policies: POLICIES, ignoreMissingSchemas: false, skipKinds: new Set<string>() };
          for (const dir of [`${plan.appDir}/base`, ...Object.keys(spec.spec.environments).map((env) => `${plan.appDir}/overlays/${env}`)]) {
            const built = buildOverlay(plan.files, dir);
            expect(built.issues).toEqual([]);
            const judgement = new InputJudgement(POLICIES);
            const objects = built.documents.map((d, i) => ({ value: d.value, line: i + 1 }));
            const results = [...checkObjects(objects, dir, options).flatMap((r) => judgement.add(r) ?? []), ...judgement.finish(() => undefined)];
            expect(results.flatMap((r) => r.issues.map((i) => `${dir} ${i.kind}/${i.name} ${i.rule} ${i.path}: ${i.message}`))).toEqual([]);
          }
        }),
        runs(100),
      );
    },
    timeLimit(60_000),
  );

  it.skipIf(!HAS_KUBECTL)(
    'builds overlays with kubectl kustomize: the workload carries every variable with its exact value',
    () => {
      fc.assert(
        fc.property(validAppSpec, fc.nat(), (spec, pick) => {
          const { plan } = renderText(spec, 'new-app');
          withTempDir('scaffold-properties-kustomize-', (root) => {
            for (const file of plan.files) {
              mkdirSync(dirname(join(root, file.path)), { recursive: true });
              writeFileSync(join(root, file.path), file.content);
            }
            const envNames = Object.keys(spec.spec.environments);
            const envName = envNames[pick % envNames.length]!;
            expectOverlayCarries(root, spec, envName);
          });
        }),
        runs(8),
      );
    },
    timeLimit(60_000),
  );

  it(
    'renders a repo of random apps through the CLI: validate finds nothing in what it wrote, file by file or built, and its overlays build with kubectl kustomize',
    () => {
      const names = new Set<string>();
      const specs = fc.sample(validAppSpec, runs(30)).filter((s) => !names.has(s.metadata.name) && names.add(s.metadata.name));
      const root = tempDir('scaffold-properties-cli-');
      specs.forEach((spec, i) => {
        const writer = (Object.keys(SPEC_WRITERS) as SpecWriter[])[i % Object.keys(SPEC_WRITERS).length]!;
        mkdirSync(join(root, 'apps', spec.metadata.name), { recursive: true });
        writeFileSync(join(root, 'apps', spec.metadata.name, 'app.yaml'), SPEC_WRITERS[writer](spec));
      });
      const result = runCli(['render', '--root', root]);
      // Warnings of env values may come, one line each, and nothing else.
      for (const line of result.stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(/^apps\/[^:]+\/app\.yaml:\d+:\d+: warning: App: spec\.[^ ]+: .* \(spec\)$/);
      expect(result.code).toBe(0);
      expect(runCli(['render', '--check', '--root', root]).code).toBe(0);
      const overlays = Object.keys(readTree(root)).filter((p) => p.endsWith('/kustomization.yaml') && p.includes('/overlays/'));
      expect(overlays).toHaveLength(specs.reduce((n, s) => n + Object.keys(s.spec.environments).length, 0));
      // Everything render wrote (app.yaml is the test's) passes validate with every policy and check.
      const rendered = ['--summary', '--ignore-filename-pattern', '/app\\.yaml$'];
      const validated = runCli(['validate', ...rendered, 'apps'], { cwd: root });
      expect(validated.stdout).toMatch(/^Summary: \d+ resources found in \d+ files - Valid: \d+, Invalid: 0, Errors: 0, Skipped: 0, Warnings: 0\n$/);
      expect(validated.code).toBe(0);
      if (!HAS_KUBECTL) return;
      const built = specs.slice(0, runs(4).numRuns);
      for (const spec of built) {
        expectOverlayCarries(root, spec, Object.keys(spec.spec.environments).at(-1)!);
      }
      // And as Kustomize builds it.
      const validatedBuilt = runCli(['validate', '--build', ...rendered, ...built.map((s) => `apps/${s.metadata.name}`)], { cwd: root });
      expect(validatedBuilt.stdout).toMatch(/^Summary: \d+ resources found in \d+ files - Valid: \d+, Invalid: 0, Errors: 0, Skipped: 0, Warnings: 0\n$/);
      expect(validatedBuilt.code).toBe(0);
    },
    timeLimit(60_000),
  );
});

describe('line endings: rendered files checked out with CRLF', () => {
  it(
    'are current (every file unchanged, no hand edit), and an edit made in CRLF is still a hand edit',
    () => {
      fc.assert(
        fc.property(validAppSpec, fc.infiniteStream(fc.boolean()), fc.nat(), (spec, crlfOrNot, pick) => {
          const { plan } = renderText(spec, 'new-app');
          withTempDir('scaffold-properties-crlf-', (root) => {
            const crlf = (text: string) => text.replace(/\n/g, '\r\n');
            for (const file of plan.files) {
              mkdirSync(dirname(join(root, file.path)), { recursive: true });
              writeFileSync(join(root, file.path), crlfOrNot.next().value ? crlf(file.content) : file.content);
            }
            expect(diffPlans([plan], root).filter((c) => c.action !== 'unchanged')).toEqual([]);
            const edited = plan.files[pick % plan.files.length]!;
            writeFileSync(join(root, edited.path), crlf(`${edited.content}# mine\n`));
            expect(diffPlans([plan], root).filter((c) => c.action !== 'unchanged')).toEqual([expect.objectContaining({ path: edited.path, action: 'update', conflict: 'hand-edited' })]);
          });
        }),
        runs(50),
      );
    },
    timeLimit(60_000),
  );
});

/** The rendered base and overlay patches hold every env value and quantity exactly as the spec has them. */
function expectExactValues(plan: AppPlan, spec: AppSpec, version: '1.1' | '1.2'): void {
  const { file } = WORKLOADS[spec.spec.skeleton]!;
  const container = podSpecOf(parse(fileOf(plan, `base/${file}.yaml`)!, { version }), spec).containers[0];
  expectResolvableOrder(container.env ?? [], spec.spec.env ?? {});
  expect(container.resources.limits).toEqual({ cpu: String(spec.spec.resources!.cpu), memory: String(spec.spec.resources!.memory) });
  for (const [name, environment] of Object.entries(spec.spec.environments)) {
    const patchText = fileOf(plan, `overlays/${name}/${file}-patch.yaml`);
    // A patch may change only the zone spread or the schedule: then it has no container.
    const patched = patchText === undefined ? undefined : podSpecOf(parse(patchText, { version }), spec)?.containers?.[0];
    if (patched === undefined) {
      expect(environment.env ?? {}).toEqual({});
      expect(environment.resources).toBeUndefined();
      continue;
    }
    // A patch that sets any variable lists them all, in an order that resolves (Kustomize puts its entries first).
    if (Object.keys(environment.env ?? {}).length > 0) expectResolvableOrder(patched.env, { ...spec.spec.env, ...environment.env });
    else expect(patched.env).toBeUndefined();
    if (environment.resources) {
      const expected = { cpu: quantityText(environment.resources.cpu ?? spec.spec.resources!.cpu), memory: quantityText(environment.resources.memory ?? spec.spec.resources!.memory) };
      expect(patched.resources.requests).toEqual(expected);
      expect(patched.resources.limits).toEqual(expected);
    }
  }
}

/** Builds one overlay with kubectl kustomize and checks the Deployment's variables, resources and replicas. */
function expectOverlayCarries(root: string, spec: AppSpec, envName: string): void {
  const result = kustomize(join(root, 'apps', spec.metadata.name, 'overlays', envName));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // Its output read as kubectl reads it: a U+2029 in a value, say, is a line break to go-yaml, and Kustomize relies on that.
  const built = join(root, `${spec.metadata.name}-${envName}.built.yaml`);
  writeFileSync(built, result.stdout);
  const read = readAsKubernetes(built);
  expect(read.stderr).toBe('');
  const { kind } = WORKLOADS[spec.spec.skeleton]!;
  const workload = read.objects.find((d) => d.kind === kind)!;
  const environment = spec.spec.environments[envName]!;
  const container = podSpecOf(workload, spec).containers[0];
  const env = (container.env ?? []) as EnvVar[];
  const expected = { ...spec.spec.env, ...environment.env };
  expect(env.map((e) => e.name).sort()).toEqual(Object.keys(expected).sort());
  for (const { name, value } of env) expect(value ?? '', `env ${name}`).toBe(expected[name]);
  // Kubernetes, given the built list and the secrets, gives every variable the value it was meant to have.
  const secrets = Object.fromEntries(Object.keys(spec.spec.secrets?.keys ?? {}).map((key) => [key, `secret:${key}`]));
  expect(containerEnv(env, secrets)).toEqual(intendedEnv(expected, secrets));
  expect(container.resources.limits).toEqual({
    cpu: quantityText(environment.resources?.cpu ?? spec.spec.resources!.cpu),
    memory: quantityText(environment.resources?.memory ?? spec.spec.resources!.memory),
  });
  expect(container.resources.requests).toEqual(container.resources.limits);
  // Only a Deployment no autoscaler owns has a replica count.
  const counted = kind === 'Deployment' && !effectiveAutoscaling(spec.spec, environment);
  expect(workload.spec.replicas).toBe(counted ? (environment.replicas ?? 1) : undefined);
}
