import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tempDir.ts';

const repo = join(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, 'fixtures');
const scratch = tempDir('scaffold-capacity-e2e-');

/** Runs the built CLI the way a user does: `node bin/scaffold.js capacity ...`. */
function scaffold(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(repo, 'bin/scaffold.js'), 'capacity', ...args], { cwd: repo, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scaffold capacity (built CLI)', () => {
  it('sizes every environment of the examples, one section each', () => {
    const r = scaffold(['--root', 'examples', 'examples/apps/checkout']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alpha: 1 app, 1 pod');
    expect(r.stdout).toContain('production: 1 app, 3 pods');
    expect(r.stdout).toMatch(/checkout\s+3\s+1\.5\s+1\.5\s+3Gi\s+3Gi/);
    expect(r.stdout).toMatch(/m5\.xlarge\s+3\.92\s+14162Mi\s+1\s/);
    expect(r.stdout.match(/<- cheapest/g)).toHaveLength(2);
  });

  it('shows an autoscaled app from its floor to its most pods, sized at the most, with its proxy in every pod', () => {
    const r = scaffold(['--root', 'examples', 'examples/apps/storefront', '--env', 'production', '--instance-type', 'm5.xlarge']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 20 pods of 500m + 200m (the proxy) and 1Gi + 256Mi.
    expect(r.stdout).toMatch(/storefront\s+3-20\s+14\s+14\s+25Gi\s+25Gi\n/);
    expect(r.stdout).toMatch(/m5\.xlarge\s+3\.92\s+14162Mi\s+1-4\s/);
    expect(r.stdout).toContain('note: storefront is autoscaled: pods, limits, nodes, shares and cost are at maxReplicas (the worst case); PODS and NODES also show the floor, at minReplicas');
    const json = JSON.parse(scaffold(['--root', 'examples', 'examples/apps/storefront', '--env', 'production', '--instance-type', 'm5.xlarge', '-o', 'json']).stdout);
    const app = json.environments[0].apps[0];
    expect(app.workloads[0]).toMatchObject({ replicas: 20, minReplicas: 3 });
    expect([app.cluster.pods, app.floor.pods]).toEqual([20, 3]);
    expect(json.environments[0].instanceTypes[0]).toMatchObject({ nodes: 4, nodesAtFloor: 1 });
  });

  it("reproduces the story's figures: 6 m5.xlarge at $1,019.52 in ap-northeast-2 for 720 hours, cheaper than c5.xlarge", () => {
    const r = scaffold(['--manifests', join(fixtures, 'story.yaml'), '--env', 'alpha', '--region', 'ap-northeast-2', '--hours', '720', '--instance-type', 'c5.xlarge,m5.xlarge']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alpha: 2 apps, 24 pods');
    expect(r.stdout).toMatch(/c5\.xlarge\s+3\.92\s+6584Mi\s+12\s+25\.5%\s+93\.3%\s+0\.192\s+\$1,658\.88\s*\n/);
    expect(r.stdout).toMatch(/m5\.xlarge\s+3\.92\s+14162Mi\s+6\s+51\.0%\s+86\.8%\s+0\.236\s+\$1,019\.52\s+<- cheapest/);
  });

  it('writes JSON with exact cents', () => {
    const r = scaffold(['--manifests', join(fixtures, 'story.yaml'), '--region', 'ap-northeast-2', '--hours', '720', '-o', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const m5 = json.environments[0].instanceTypes.find((t: { instanceType: string }) => t.instanceType === 'm5.xlarge');
    expect(m5).toMatchObject({ nodes: 6, monthlyCostCents: 101952, monthlyCost: '$1,019.52', usdPerHour: 0.236, cheapest: true });
    // The shipped Seoul table has no source for r5: those are left unpriced, not guessed.
    expect(json.environments[0].instanceTypes.filter((t: { monthlyCostCents: number | null }) => t.monthlyCostCents === null).map((t: { instanceType: string }) => t.instanceType)).toEqual([
      'r5.large',
      'r5.xlarge',
      'r5.2xlarge',
      'r5.4xlarge',
    ]);
    expect(json.environments[0].total.cluster.pods).toBe(24);
  });

  it('reads kubectl kustomize output from stdin', () => {
    const r = scaffold(['--manifests', '-', '--instance-type', 'm5.large'], readFileSync(join(fixtures, 'story.yaml'), 'utf8'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('manifests: 2 apps, 24 pods');
  });

  it('writes a chart, and the chart is an SVG with one cost bar per instance type', () => {
    const chart = join(scratch, 'alpha.svg');
    const r = scaffold(['--manifests', join(fixtures, 'story.yaml'), '--env', 'alpha', '--chart', chart]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote ${chart}\n`);
    const svg = readFileSync(chart, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/class="cost-bar/g)).toHaveLength(12);
  });

  it('replaces a chart it wrote, and nothing else without --force: a file it did not write, a chart edited since; a missing folder is not made', () => {
    const chart = join(scratch, 'replace.svg');
    const run = (...extra: string[]) => scaffold(['--manifests', join(fixtures, 'story.yaml'), '--env', 'alpha', '--chart', chart, ...extra]);
    writeFileSync(chart, 'notes of mine\n');
    const notOurs = run();
    expect(notOurs.stderr).toBe(`${chart}: error: exists and is not a chart scaffold capacity wrote; refusing to overwrite it. Choose another --chart file, move it away, or run again with --force (not-generated)\n1 problem; nothing was sized\n`);
    expect(notOurs.code).toBe(1);
    expect(readFileSync(chart, 'utf8')).toBe('notes of mine\n');
    expect(run('--force').code).toBe(0);
    const written = readFileSync(chart, 'utf8');
    // Run again (in a checkout that made it CRLF, even): its own chart is replaced.
    writeFileSync(chart, written.replace(/\n/g, '\r\n'));
    expect(run().code).toBe(0);
    expect(readFileSync(chart, 'utf8')).toBe(written);
    writeFileSync(chart, written.replace('<title>', '<title>Ours: '));
    const edited = run();
    expect(edited.stderr).toContain(`${chart}: error: is a chart scaffold capacity wrote, edited by hand since; refusing to overwrite it. Move it away, or run again with --force to replace it (hand-edited)`);
    expect(edited.code).toBe(1);
    expect(readFileSync(chart, 'utf8')).toContain('<title>Ours: ');

    const nowhere = join(scratch, 'no', 'such', 'folder', 'chart.svg');
    const missing = scaffold(['--manifests', join(fixtures, 'story.yaml'), '--env', 'alpha', '--chart', nowhere]);
    expect(missing.stderr).toBe(`error: --chart: ${nowhere}: its folder ${join(scratch, 'no', 'such', 'folder')} does not exist (capacity writes the chart, not the folders above it)\n`);
    expect(missing.code).toBe(2);
    expect(existsSync(join(scratch, 'no'))).toBe(false);
  });

  it('takes a chart that is not UTF-8 for one edited by hand, though its text (each bad byte read as U+FFFD) hashes as written; --force replaces it', () => {
    const chart = join(scratch, 'not-utf8.svg');
    // A chart holds what --env names: here U+FFFD, which a bad byte read as UTF-8 becomes.
    const run = (...extra: string[]) => scaffold(['--manifests', join(fixtures, 'story.yaml'), '--env', 'alpha \uFFFD', '--instance-type', 'm5.large', '--chart', chart, ...extra]);
    expect(run().code).toBe(0);
    const written = readFileSync(chart);
    const broken = Buffer.from(written.toString('utf8').replace(/\uFFFD/g, '\xff'), 'latin1');
    expect(broken.equals(written)).toBe(false);
    expect(broken.toString('utf8')).toBe(written.toString('utf8'));
    writeFileSync(chart, broken);
    const edited = run();
    expect(edited.stderr).toContain(`${chart}: error: is a chart scaffold capacity wrote, edited by hand since; refusing to overwrite it. Move it away, or run again with --force to replace it (hand-edited)`);
    expect(edited.code).toBe(1);
    expect(readFileSync(chart).equals(broken)).toBe(true);
    expect(run('--force').code).toBe(0);
    expect(readFileSync(chart).equals(written)).toBe(true);
  });

  it('wants --env for a chart when there are several environments', () => {
    const r = scaffold(['--root', 'examples', '--chart', join(scratch, 'x.svg')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --chart draws one environment; pass --env (found: alpha, production)\n');
  });

  it('refuses an unknown instance type, suggesting the likely one', () => {
    const r = scaffold(['--root', 'examples', '--instance-type', 'm5.xlarg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown instance type "m5\.xlarg" \(did you mean "m5\.xlarge"\?\); known: c5\.large, .*r5\.4xlarge \(add others to data\/instance-types\.json\)\n$/);
  });

  it('refuses a price file with a missing entry, naming the file and the type', () => {
    const prices = join(scratch, 'prices.json');
    writeFileSync(prices, JSON.stringify({ regions: { 'eu-west-1': { prices: { 'm5.large': 0.107 } } } }));
    const r = scaffold(['--root', 'examples', '--prices', prices, '--region', 'eu-west-1', '--instance-type', 'm5.large,m5.xlarge']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${prices}: error: regions.eu-west-1.prices: no price for m5.xlarge, which is being compared (price it, or leave it out with --instance-type) (prices)\n1 problem; nothing was sized\n`);
  });

  it("places a bad price file's problems at their line and column: a field of the wrong type, a key given twice, broken JSON", () => {
    const prices = join(scratch, 'bad-prices.json');
    const sized = (text: string) => {
      writeFileSync(prices, text);
      return scaffold(['--root', 'examples', '--prices', prices, '--region', 'eu-west-1', '--instance-type', 'm5.large']);
    };
    const wrongType = sized('{\n  "regions": {\n    "eu-west-1": {"prices": {"m5.large": "0.107"}}\n  }\n}\n');
    expect([wrongType.code, wrongType.stderr]).toEqual([1, `${prices}:3:42: error: regions.eu-west-1.prices["m5.large"]: expected a positive number of USD per hour with at most 6 decimals, got "0.107" (prices)\n1 problem; nothing was sized\n`]);
    const empty = sized('{}\n');
    expect(empty.stderr).toMatch(new RegExp(`^${prices.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: error: regions: expected a mapping of region name`));
    const twice = sized('{"regions": {"eu-west-1": {"prices": {"m5.large": 0.1}}, "eu-west-1": {"prices": {}}}}\n');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/:1:\d+: error: .*(duplicate|twice|unique)/i);
    const broken = sized('{"regions": {\n');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/bad-prices\.json:\d+:\d+: error: /);
  });

  it('says which region a price file lacks', () => {
    const r = scaffold(['--root', 'examples', '--region', 'eu-west-9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: data/prices.json has no prices for region "eu-west-9"; regions: us-east-1, ap-northeast-2\n');
  });

  it('reports an overlay that does not build, with the file, and no stack trace', () => {
    const root = join(fixtures, 'broken');
    const r = scaffold(['--root', root, '--skeletons', join(root, 'skeletons')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "apps/web/overlays/alpha/deployment-patch.yaml: error: overlay does not build: the patch targets Deployment/web-typo, which is not among the overlay's resources (overlay)\n1 problem; nothing was sized\n",
    );
  });

  it("sizes an overlay with the user's own patches and resources, as Kustomize builds it", () => {
    const root = join(scratch, 'with-user-files');
    cpSync(join(repo, 'examples'), root, { recursive: true });
    const spec = join(root, 'apps/checkout/app.yaml');
    writeFileSync(spec, `${readFileSync(spec, 'utf8')}      patches: [memory-patch.yaml]\n      extraResources: [sidecar.yaml]\n`);
    const overlay = join(root, 'apps/checkout/overlays/production');
    const memory = '{limits: {cpu: 500m, memory: 2Gi}, requests: {cpu: 500m, memory: 2Gi}}';
    writeFileSync(join(overlay, 'memory-patch.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checkout, namespace: shop}\nspec:\n  template:\n    spec:\n      containers:\n        - name: checkout\n          resources: ${memory}\n`);
    writeFileSync(join(overlay, 'sidecar.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: checkout-cache, namespace: shop}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: cache}}\n  template:\n    metadata: {labels: {app: cache}}\n    spec:\n      containers:\n        - name: cache\n          image: redis:7\n          resources: ${memory}\n`);
    const r = scaffold(['--root', root, join(root, 'apps/checkout'), '--env', 'production']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // 3 patched pods and 1 cache pod of 2Gi each.
    expect(r.stdout).toContain('production: 1 app, 4 pods');
    expect(r.stdout).toMatch(/TOTAL\s+4\s+2\s+2\s+8Gi\s+8Gi/);
  });

  it('refuses a workload whose apiVersion the Kubernetes version does not serve, and a version that is not bundled', () => {
    const old = join(scratch, 'old-apis.yaml');
    const pod = '{spec: {containers: [{name: app, resources: {limits: {cpu: "1", memory: 1Gi}, requests: {cpu: "1", memory: 1Gi}}}]}}';
    writeFileSync(old, `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate: {spec: {template: ${pod}}}\n`);
    const r = scaffold(['--manifests', old, '--kubernetes-version', 'v1.33.4']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${old}:1:13: error: CronJob/nightly: apiVersion: batch/v1beta1 CronJob was removed in 1.25: use batch/v1 (removed-api)\n1 problem; nothing was sized\n`);
    const unbundled = scaffold(['--manifests', old, '--kubernetes-version', '1.24']);
    expect(unbundled.code).toBe(2);
    expect(unbundled.stderr).toContain('--kubernetes-version: Kubernetes 1.24 is not bundled: bundled are 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36');
  });

  it('refuses an unknown environment', () => {
    const r = scaffold(['--root', 'examples', '--env', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: no app has an environment "prod"; environments found: alpha, production\n');
  });

  it('reports YAML it cannot read with file and line', () => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'kind: Deployment\nmetadata:\n  name: [unclosed\n');
    const r = scaffold(['--manifests', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('checks --headroom and --hours', () => {
    expect(scaffold(['--root', 'examples', '--headroom', '120%']).stderr).toBe('error: --headroom must be a share from 0 to under 1 (or 0% to under 100%), not "120%"\n');
    expect(scaffold(['--root', 'examples', '--hours', 'lots']).code).toBe(2);
    // 3 pods of 0.5 cpu / 1Gi all fit one c5.large (1930m, 3114Mi); with 20% kept free (1544m, 2491Mi) 2 fit a node.
    const tight = scaffold(['--root', 'examples', 'examples/apps/checkout', '--env', 'production', '--instance-type', 'c5.large']);
    expect(tight.stdout).toMatch(/c5\.large\s+1\.93\s+3114Mi\s+1\s/);
    const r = scaffold(['--root', 'examples', 'examples/apps/checkout', '--env', 'production', '--headroom', '20%', '--instance-type', 'c5.large']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('headroom 20%');
    expect(r.stdout).toMatch(/c5\.large\s+1\.93\s+3114Mi\s+2\s/);
  });
});
