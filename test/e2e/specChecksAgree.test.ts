/**
 * The pre-commit hook (`scaffold validate`) refuses every app.yaml that CI's `scaffold render
 * --check` refuses, with the same findings: file, line, column, field path and message. One case
 * per rule of render's spec check, each run through both commands in a gitops root holding only
 * that app (and, where the rule needs one, a .scaffold.yaml or a file of the app).
 *
 * The rules are found in render's sources, not listed by hand: every message the spec check can
 * give (a `message` it reports, or the text a `...Problem` function returns, in the files of
 * RULE_FILES) must be what render says of at least one case, so a rule added to render without
 * a case here fails this test, and its case then holds validate to it.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/cli/commands/render.ts';
import { validate } from '../../src/cli/commands/validate.ts';
import { KUBERNETES_SCALAR_TAGS } from '../../src/yamlSource/kubernetesScalars.ts';
import { captureStreams } from '../support/streams.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { tempCopy } from '../support/tree.ts';

type Spec = { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, any> };

const base = (skeleton: string, extra: Record<string, unknown> = {}): Spec => ({
  apiVersion: 'scaffold/v1alpha1',
  kind: 'App',
  metadata: { name: 'shop-app' },
  spec: { skeleton, namespace: 'shop', image: 'example/shop-app', resources: { cpu: '100m', memory: '128Mi' }, ...extra, environments: { alpha: { imageTag: 'v1' } } },
});
const WEB = () => base('web', { port: 8080, probes: { readiness: '/healthz' } });
const WORKER = () => base('worker');
const DAEMONSET = () => base('daemonset');
const CRONJOB = () => base('cronjob', { schedule: '0 3 * * *', activeDeadlineSeconds: 3600 });

const yamlOf = (spec: unknown) => stringify(spec, { lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] });

interface Case {
  name: string;
  /** The app spec: a valid one changed by the case, or the text of the file. */
  spec: Spec | string;
  /** The app's folder under apps/, when not its name. */
  folder?: string;
  /** Other files of the root, by path. */
  files?: Record<string, string>;
  /** Symbolic links of the root: path to where each points. */
  links?: Record<string, string>;
  /** Where the spec is written, when not at apps/<folder>/app.yaml (which a link then leads to). */
  specAt?: string;
}

/** `edit` changes a fresh copy of `make()`. */
const changed = (make: () => Spec, edit: (s: Spec) => void): Spec => {
  const spec = make();
  edit(spec);
  return spec;
};
const alpha = (s: Spec) => s.spec['environments'].alpha as Record<string, unknown>;

const CASES: Case[] = [
  // The file as a whole (src/appSpec/load.ts).
  { name: 'an empty app.yaml', spec: '' },
  { name: 'an app.yaml of comments only', spec: '# nothing yet\n' },
  { name: 'two documents', spec: `${yamlOf(WEB())}---\n${yamlOf(WEB())}` },
  { name: 'a list, not a mapping', spec: '- apiVersion: scaffold/v1alpha1\n' },
  { name: 'a key read as a boolean', spec: yamlOf(WEB()).replace('    alpha:\n', '    no:\n') },
  // The schema (validate judged these before; they stay the same words).
  { name: 'a name longer than 63 characters', spec: changed(WEB, (s) => (s.metadata.name = 'a'.repeat(64))) },
  { name: 'an unknown field', spec: changed(WEB, (s) => (s.spec['replica'] = 2)) },
  // The spec against its folder and skeleton (src/appSpec/check.ts).
  { name: 'metadata.name other than the folder', spec: WEB(), folder: 'elsewhere' },
  { name: 'an unknown skeleton', spec: changed(WEB, (s) => (s.spec['skeleton'] = 'webb')) },
  { name: 'a field the skeleton requires, missing', spec: changed(WEB, (s) => delete s.spec['port']) },
  { name: 'a field the skeleton does not use', spec: changed(WORKER, (s) => (s.spec['port'] = 8080)) },
  { name: 'probes without a port', spec: changed(DAEMONSET, (s) => (s.spec['probes'] = { readiness: '/healthz' })) },
  { name: 'irsa and podIdentity both', spec: changed(WEB, (s) => Object.assign(s.spec, { irsa: { roleName: 'a' }, podIdentity: { roleName: 'a' } })) },
  { name: 'a kubernetesVersion not bundled', spec: changed(WEB, (s) => (alpha(s).kubernetesVersion = '1.20')) },
  { name: 'a user file named as a generated one', spec: changed(WEB, (s) => (s.spec['extraResources'] = ['deployment.yaml'])) },
  { name: 'a user file that is not there', spec: changed(WEB, (s) => (alpha(s).patches = ['cpu-patch.yaml'])) },
  // Links, which Kustomize refuses a file through (src/pipeline/specCheck.ts, userFileLinkIssues; src/io/pathKinds.ts).
  { name: 'an app.yaml that is a link', spec: WEB(), specAt: 'specs/shop-app.yaml', links: { 'apps/shop-app/app.yaml': '../../specs/shop-app.yaml' } },
  { name: "an app's folder that is a link", spec: WEB(), specAt: 'teams/shop-app/app.yaml', links: { 'apps/shop-app': '../teams/shop-app' } },
  {
    name: 'a listed file that is a link',
    spec: changed(WEB, (s) => (s.spec['extraResources'] = ['settings.yaml'])),
    files: { 'shared/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' },
    links: { 'apps/shop-app/base/settings.yaml': '../../../shared/settings.yaml' },
  },
  {
    name: "a listed file in an environment's folder that is a link",
    spec: changed(WEB, (s) => (alpha(s).extraResources = ['settings.yaml'])),
    files: { 'shared/alpha/settings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' },
    links: { 'apps/shop-app/overlays/alpha': '../../../shared/alpha' },
  },
  { name: 'zero cpu', spec: changed(WEB, (s) => (s.spec['resources'] = { cpu: '0', memory: '128Mi' })) },
  { name: 'memory in millibytes', spec: changed(WEB, (s) => (s.spec['resources'] = { cpu: '100m', memory: '512m' })) },
  { name: 'a refresh interval of zero', spec: changed(WEB, (s) => (s.spec['secrets'] = { store: { kind: 'ClusterSecretStore', name: 'ssm' }, refreshInterval: '0s', keys: { A: '/a' } })) },
  { name: 'secrets that read no parameter', spec: changed(WEB, (s) => (s.spec['secrets'] = { store: { kind: 'ClusterSecretStore', name: 'ssm' } })) },
  { name: 'a secret also in spec.env', spec: changed(WEB, (s) => Object.assign(s.spec, { env: { A: 'x' }, secrets: { store: { kind: 'ClusterSecretStore', name: 'ssm' }, keys: { A: '/a' } } })) },
  { name: "a secret also in an environment's env", spec: changed(WEB, (s) => { s.spec['secrets'] = { store: { kind: 'ClusterSecretStore', name: 'ssm' }, keys: { A: '/a' } }; alpha(s).env = { A: 'x' }; }) },
  { name: 'an image policy with a digest', spec: changed(WEB, (s) => Object.assign(alpha(s), { imageTag: `sha256:${'a'.repeat(64)}`, imagePolicy: 'flux-system:shop' })) },
  { name: 'app and environment names over 63 characters', spec: changed(WEB, (s) => { s.metadata.name = 'a'.repeat(40); s.spec['environments'] = { ['e'.repeat(30)]: { imageTag: 'v1' } }; }), folder: 'a'.repeat(40) },
  // The workload's fields (src/appSpec/featureChecks.ts).
  { name: 'a CronJob field on a Deployment', spec: changed(WORKER, (s) => (s.spec['schedule'] = '0 3 * * *')) },
  { name: "a CronJob field in a Deployment's environment", spec: changed(WORKER, (s) => (alpha(s).suspend = true)) },
  { name: 'replicas of a DaemonSet', spec: changed(DAEMONSET, (s) => (alpha(s).replicas = 2)) },
  { name: 'replicas of a CronJob', spec: changed(CRONJOB, (s) => (alpha(s).replicas = 2)) },
  { name: 'a CronJob without activeDeadlineSeconds', spec: changed(CRONJOB, (s) => delete s.spec['activeDeadlineSeconds']) },
  { name: 'an Istio proxy without the sidecar', spec: changed(WEB, (s) => (s.spec['istio'] = { sidecar: false, proxy: { cpu: '100m', memory: '128Mi' } })) },
  // Autoscaling.
  { name: 'autoscaling: false with no autoscaler', spec: changed(WEB, (s) => (alpha(s).autoscaling = false)) },
  { name: 'autoscaling with a fixed replicas', spec: changed(WEB, (s) => { s.spec['autoscaling'] = { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 }; alpha(s).replicas = 3; }) },
  { name: 'autoscaling without a target', spec: changed(WEB, (s) => (s.spec['autoscaling'] = { minReplicas: 2, maxReplicas: 4 })) },
  { name: "an environment's autoscaling without a target", spec: changed(WEB, (s) => { s.spec['autoscaling'] = { minReplicas: 2 }; alpha(s).autoscaling = { maxReplicas: 4 }; }) },
  { name: 'maxReplicas below minReplicas', spec: changed(WEB, (s) => (s.spec['autoscaling'] = { minReplicas: 4, maxReplicas: 2, cpuUtilization: 70 })) },
  // Disruption budgets.
  { name: 'a budget with minAvailable and maxUnavailable', spec: changed(WEB, (s) => (s.spec['disruptionBudget'] = { minAvailable: 1, maxUnavailable: 1 })) },
  { name: 'disruptionBudget: false with no budget', spec: changed(WEB, (s) => (alpha(s).disruptionBudget = false)) },
  { name: 'a budget that blocks every eviction', spec: changed(WEB, (s) => { s.spec['disruptionBudget'] = { minAvailable: 2 }; alpha(s).replicas = 2; }) },
  { name: 'a percentage budget that blocks every eviction when autoscaled', spec: changed(WEB, (s) => Object.assign(s.spec, { autoscaling: { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 }, disruptionBudget: { minAvailable: '60%' } })) },
  // CronJobs.
  { name: 'a CronJob name over 52 characters', spec: changed(CRONJOB, (s) => (s.metadata.name = 'c'.repeat(53))), folder: 'c'.repeat(53) },
  { name: 'TZ in the schedule', spec: changed(CRONJOB, (s) => (s.spec['schedule'] = 'TZ=UTC 0 3 * * *')) },
  { name: 'a schedule that does not parse', spec: changed(CRONJOB, (s) => (s.spec['schedule'] = '0 25 * * *')) },
  { name: 'an @every schedule', spec: changed(CRONJOB, (s) => (s.spec['schedule'] = '@every 1h')) },
  { name: 'a schedule with *-5', spec: changed(CRONJOB, (s) => (s.spec['schedule'] = '*-5 * * * *')) },
  { name: 'a schedule that never runs', spec: changed(CRONJOB, (s) => (alpha(s).schedule = '0 0 30 2 *')) },
  { name: 'a time zone that is none', spec: changed(CRONJOB, (s) => (s.spec['timeZone'] = 'Asia/Seoull')) },
  // DaemonSets.
  { name: 'two host paths of one name', spec: changed(DAEMONSET, (s) => (s.spec['hostPaths'] = [{ name: 'logs', path: '/var/log', mountPath: '/a' }, { name: 'logs', path: '/var/lib', mountPath: '/b' }])) },
  { name: 'a host path with ..', spec: changed(DAEMONSET, (s) => (s.spec['hostPaths'] = [{ name: 'logs', path: '/var/../etc', mountPath: '/a' }])) },
  { name: 'a toleration Equal without a key', spec: changed(DAEMONSET, (s) => (s.spec['tolerations'] = [{ operator: 'Equal', value: 'x' }])) },
  { name: 'a toleration Exists with a value', spec: changed(DAEMONSET, (s) => (s.spec['tolerations'] = [{ key: 'a', operator: 'Exists', value: 'x' }])) },
  { name: 'tolerationSeconds without NoExecute', spec: changed(DAEMONSET, (s) => (s.spec['tolerations'] = [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 30 }])) },
  // Ingress.
  { name: 'an ingress without a readiness probe', spec: changed(WEB, (s) => { delete s.spec['probes']; s.spec['ingress'] = { host: 'shop.example.com' }; }) },
  { name: 'a default IngressGroup name over 63 characters', spec: changed(WEB, (s) => { s.spec['namespace'] = 'n'.repeat(60); s.spec['ingress'] = { host: 'shop.example.com' }; }) },
  { name: 'an ingress path the API server refuses', spec: changed(WEB, (s) => (s.spec['ingress'] = { host: 'shop.example.com', path: '/api/../admin' })) },
  { name: 'an ingress host that is an IP address', spec: changed(WEB, (s) => (s.spec['ingress'] = { host: '10.0.0.1' })) },
  { name: "an environment's ingress host that is an IP address", spec: changed(WEB, (s) => { s.spec['ingress'] = {}; alpha(s).ingress = { host: '10.0.0.1' }; }) },
  { name: 'an environment without an ingress host', spec: changed(WEB, (s) => (s.spec['ingress'] = { scheme: 'internet-facing' })) },
  { name: "an environment's ingress without spec.ingress", spec: changed(WEB, (s) => (alpha(s).ingress = { host: 'shop.example.com' })) },
  { name: "an environment's ingress on a worker", spec: changed(WORKER, (s) => (alpha(s).ingress = { host: 'shop.example.com' })) },
  // Graceful shutdown.
  { name: 'a preStop pause without a port', spec: changed(WORKER, (s) => (s.spec['shutdown'] = { preStopSeconds: 5 })) },
  { name: 'a preStop pause as long as the grace period', spec: changed(WEB, (s) => (s.spec['shutdown'] = { preStopSeconds: 30, terminationGracePeriodSeconds: 30 })) },
  // Env values (src/appSpec/envReferences.ts).
  { name: 'a variable that refers to itself', spec: changed(WEB, (s) => (s.spec['env'] = { A: '$(A)' })) },
  { name: 'variables that refer to each other', spec: changed(WEB, (s) => (s.spec['env'] = { A: '$(B)', B: '$(A)' })) },
  { name: "a variable of an environment's env that refers to itself", spec: changed(WEB, (s) => (alpha(s).env = { A: '$(A)' })) },
  { name: 'a lone $ before a character that is not ASCII', spec: changed(WEB, (s) => (s.spec['env'] = { A: 'caf$é' })) },
  // What the organisation config could give, given by neither (src/orgConfig/resolve.ts).
  { name: 'no image, and no registry in .scaffold.yaml', spec: changed(WEB, (s) => delete s.spec['image']) },
  { name: 'an environment .scaffold.yaml does not have', spec: WEB(), files: { '.scaffold.yaml': 'apiVersion: scaffold/v1alpha1\nkind: Config\nenvironments:\n  alpah: {}\n' } },
  { name: 'irsa without an account id', spec: changed(WEB, (s) => (s.spec['irsa'] = { roleName: 'shop' })) },
  { name: 'podIdentity without a cluster', spec: changed(WEB, (s) => { s.spec['podIdentity'] = { roleName: 'shop' }; alpha(s).awsAccountId = '111111111111'; }) },
  { name: 'relative secret keys without a secretsPath', spec: changed(WEB, (s) => (s.spec['secrets'] = { store: { kind: 'ClusterSecretStore', name: 'ssm' }, keys: { A: 'a' } })) },
];

/** Cases render warns of and renders anyway: validate warns the same, and passes them. */
const WARNINGS: Case[] = [
  { name: 'a reference to no variable', spec: changed(WEB, (s) => (s.spec['env'] = { A: '$(HOME)/x' })) },
  { name: 'a $$ that Kubernetes reads as $', spec: changed(WEB, (s) => (s.spec['env'] = { A: 'pa$$w' })) },
  {
    name: 'a reference to a variable of some environments only',
    spec: changed(WEB, (s) => { s.spec['env'] = { A: '$(B)' }; alpha(s).env = { B: 'x' }; s.spec['environments'].production = { imageTag: 'v1' }; }),
  },
];

interface Said {
  file?: string;
  severity: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}
const said = (s: Said) => `${[s.file, s.line, s.column].filter((x) => x !== undefined).join(':')} ${s.severity} ${s.path ?? ''}: ${s.message}`;

/** A gitops root holding the case's app at apps/<folder>/app.yaml; the spec's path. */
function rootOf(c: Case): { root: string; specPath: string } {
  const root = tempCopy(undefined, 'scaffold-spec-agree-');
  const text = typeof c.spec === 'string' ? c.spec : yamlOf(c.spec);
  const folder = c.folder ?? (typeof c.spec === 'string' ? 'shop-app' : c.spec.metadata.name);
  const specPath = `apps/${folder}/app.yaml`;
  for (const [path, content] of Object.entries({ [c.specAt ?? specPath]: text, ...c.files })) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  for (const [path, target] of Object.entries(c.links ?? {})) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return { root, specPath };
}

/** What CI's `scaffold render --check` says, and its exit code. */
function renderSays(root: string): { code: number; says: string[]; messages: string[] } {
  const streams = captureStreams(root);
  const code = render([], { root: '.', force: false, check: true, output: 'json', skeletons: [], schemas: [], ignoreMissingSchemas: false }, streams);
  const issues = (JSON.parse(streams.out()).issues ?? []) as Said[];
  return { code, says: issues.map(said), messages: issues.map((i) => i.message) };
}

/** What the pre-commit hook's `scaffold validate FILE` says, and its exit code. */
async function validateSays(root: string, path: string): Promise<{ code: number; says: string[] }> {
  const streams = captureStreams(root);
  const code = await validate([path], { output: 'json' }, streams);
  const resources = JSON.parse(streams.out()).resources as { filename: string; validationErrors?: { file?: string; path: string; msg: string; line?: number; column?: number; severity: string }[] }[];
  return { code, says: resources.flatMap((r) => (r.validationErrors ?? []).map((e) => said({ ...e, file: e.file ?? r.filename, path: e.path || undefined, message: e.msg }))) };
}

describe('validate refuses every app.yaml render --check refuses, saying the same', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { root, specPath } = rootOf(c);
      const rendered = renderSays(root);
      expect(rendered.code, 'render --check refuses it').toBe(1);
      expect(rendered.says.some((s) => s.includes(' error ')), rendered.says.join('\n')).toBe(true);
      for (const path of [specPath, 'apps']) {
        const validated = await validateSays(root, path);
        expect(validated.says, `validate ${path}`).toEqual(rendered.says);
        expect(validated.code, `validate ${path}`).toBe(1);
      }
    });
  }
  for (const c of WARNINGS) {
    it(`${c.name} (a warning)`, async () => {
      const { root, specPath } = rootOf(c);
      const rendered = renderSays(root);
      expect(rendered.says.length).toBeGreaterThan(0);
      expect(rendered.says.every((s) => s.includes(' warning '))).toBe(true);
      const validated = await validateSays(root, specPath);
      expect(validated.says).toEqual(rendered.says);
      expect(validated.code).toBe(0);
    });
  }

  it('a valid app passes both', async () => {
    const { root, specPath } = rootOf({ name: 'valid', spec: WEB() });
    expect(renderSays(root).says).toEqual([]);
    expect(await validateSays(root, specPath)).toEqual({ code: 0, says: [] });
  });
});

/** The files of render's spec check whose every message a case must draw (the cross-app IngressGroup rules are render's alone: see the README's `scaffold validate`). */
const RULE_FILES = ['src/appSpec/load.ts', 'src/appSpec/check.ts', 'src/appSpec/featureChecks.ts', 'src/appSpec/envReferences.ts', 'src/orgConfig/resolve.ts'];

interface RuleSite {
  at: string;
  pattern: RegExp;
}

/**
 * Every message render's spec check can give: the text (string or template literal, each branch of
 * a conditional) of a `message` property or variable, and of what a function named `...Problem`
 * returns. A template's interpolations match any text.
 */
function ruleSites(): RuleSite[] {
  const sites: RuleSite[] = [];
  for (const file of RULE_FILES) {
    const source = ts.createSourceFile(file, readFileSync(join(PROJECT_ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (node: ts.Expression | undefined): void => {
      if (node === undefined) return;
      if (ts.isParenthesizedExpression(node)) return add(node.expression);
      if (ts.isConditionalExpression(node)) {
        add(node.whenTrue);
        add(node.whenFalse);
        return;
      }
      let pattern: string;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) pattern = escape(node.text);
      else if (ts.isTemplateExpression(node)) pattern = escape(node.head.text) + node.templateSpans.map((span) => `[\\s\\S]*?${escape(span.literal.text)}`).join('');
      else return;
      sites.push({ at: `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, pattern: new RegExp(`^${pattern}$`) });
    };
    const visit = (node: ts.Node, inProblemFunction: boolean) => {
      const problemFunction = ts.isFunctionDeclaration(node) ? /Problem$/.test(node.name?.text ?? '') : inProblemFunction;
      if (ts.isPropertyAssignment(node) && node.name.getText() === 'message') add(node.initializer);
      if (ts.isVariableDeclaration(node) && node.name.getText() === 'message') add(node.initializer);
      if (ts.isReturnStatement(node) && problemFunction) add(node.expression);
      ts.forEachChild(node, (child) => visit(child, problemFunction));
    };
    visit(source, false);
  }
  return sites;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the cases above draw every message of render\'s spec check', () => {
  it('finds the rules in the sources', () => {
    // A guard on the finder itself: far fewer would mean it misses most of them.
    expect(ruleSites().length).toBeGreaterThan(55);
  });

  it('each rule is what render says of at least one case', () => {
    const messages = [...CASES, ...WARNINGS].flatMap((c) => renderSays(rootOf(c).root).messages);
    const missed = ruleSites().filter((site) => !messages.some((message) => site.pattern.test(message)));
    expect(missed.map((site) => `${site.at}: ${site.pattern.source}`), 'add a case for each of these rules').toEqual([]);
  });
});

describe('an app spec render does not read', () => {
  const NOT_READ = "render reads an app's spec only as apps/<name>/app.yaml of the gitops root, not here: checked on its own, without what its app folder would tell (metadata.name against the folder's name, the files it lists)";

  it('is checked on its own, with the same findings render gives it in its place, and a warning', async () => {
    const spec = yamlOf(changed(WEB, (s) => { s.spec['autoscaling'] = { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 }; alpha(s).replicas = 3; }));
    const { root } = rootOf({ name: 'in place', spec });
    const inPlace = renderSays(root).says.map((s) => s.replace('apps/shop-app/app.yaml', 'platform/app.yaml'));
    expect(inPlace).toHaveLength(1);
    mkdirSync(join(root, 'platform'));
    writeFileSync(join(root, 'platform/app.yaml'), spec);
    expect(await validateSays(root, 'platform/app.yaml')).toEqual({ code: 1, says: [`platform/app.yaml:1:1 warning : ${NOT_READ}`, ...inPlace] });
  });

  it('passes with the warning alone when render would take it in its place, and without it on standard input', async () => {
    const root = tempCopy(undefined, 'scaffold-spec-agree-');
    writeFileSync(join(root, 'app.yaml'), yamlOf(WEB()));
    expect(await validateSays(root, 'app.yaml')).toEqual({ code: 0, says: [`app.yaml:1:1 warning : ${NOT_READ}`] });
    const streams = captureStreams(root, yamlOf(changed(WEB, (s) => delete s.spec['port'])));
    expect(await validate(['-'], { output: 'text' }, streams)).toBe(1);
    expect(streams.out()).toBe('stdin:5:1: error: App/shop-app (document at line 1): spec.port: required by the web skeleton (spec)\n');
  });

  it('an apps/<name>/app.yaml holding Kubernetes objects and no App is validated as manifests', async () => {
    const root = tempCopy(undefined, 'scaffold-spec-agree-');
    mkdirSync(join(root, 'apps/guestbook'), { recursive: true });
    writeFileSync(join(root, 'apps/guestbook/app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: guestbook}\ndata: {a: b}\n');
    expect(await validateSays(root, 'apps/guestbook/app.yaml')).toEqual({ code: 0, says: [] });
  });

  it('an app.yaml uses the skeletons render is given with --skeletons, and those of .scaffold.yaml', async () => {
    const { root, specPath } = rootOf({ name: 'own skeleton', spec: changed(WEB, (s) => (s.spec['skeleton'] = 'web-internal')) });
    mkdirSync(join(root, 'platform/skeletons/web-internal'), { recursive: true });
    writeFileSync(join(root, 'platform/skeletons/web-internal/skeleton.yaml'), 'description: internal\nextends: web\nfields:\n  probes: required\n');
    const unknown = await validateSays(root, specPath);
    expect(unknown.code).toBe(1);
    expect(unknown.says[0]).toMatch(/spec\.skeleton: unknown skeleton "web-internal"/);
    const streams = captureStreams(root);
    expect(await validate([specPath], { output: 'json', skeletons: ['platform/skeletons'] }, streams)).toBe(0);
    writeFileSync(join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nskeletons: [platform/skeletons]\n');
    expect(await validateSays(root, specPath)).toEqual({ code: 0, says: [] });
    // What a skeleton requires is required of the spec.
    writeFileSync(join(root, specPath), yamlOf(changed(WEB, (s) => { s.spec['skeleton'] = 'web-internal'; delete s.spec['probes']; })));
    const required = await validateSays(root, specPath);
    expect(required.says).toEqual(renderSays(root).says);
    expect(required.says).toEqual([`${specPath}:5:1 error spec.probes: required by the web-internal skeleton`]);
  });
});

describe('what render knows of the repository', () => {
  it('a skeleton.yaml with problems fails validate as it fails render, said once, at the skeleton.yaml', async () => {
    const { root } = rootOf({ name: 'two apps', spec: WEB() });
    mkdirSync(join(root, 'apps/other'));
    writeFileSync(join(root, 'apps/other/app.yaml'), yamlOf(changed(WEB, (s) => (s.metadata.name = 'other'))));
    mkdirSync(join(root, 'platform/skeletons/broken'), { recursive: true });
    writeFileSync(join(root, 'platform/skeletons/broken/skeleton.yaml'), 'description: broken\nworkload: Job\n');
    writeFileSync(join(root, '.scaffold.yaml'), 'apiVersion: scaffold/v1alpha1\nkind: Config\nskeletons: [platform/skeletons]\n');
    const message = 'error : workload: must be Deployment, DaemonSet, CronJob';
    expect(renderSays(root)).toMatchObject({ code: 1, says: [`${join(root, 'platform/skeletons/broken/skeleton.yaml')} ${message}`] });
    expect(await validateSays(root, 'apps')).toEqual({ code: 1, says: [`platform/skeletons/broken/skeleton.yaml ${message}`] });
  });
});
