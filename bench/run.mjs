// `npm run bench`: scaffold at monorepo scale (issue 6).
//
// Generates synthetic gitops repos of N apps in a temporary folder and measures, in one
// run on one machine: `scaffold render` (fresh and steady state) and `render --check`
// for each N, `kubectl kustomize` per overlay (sampled, extrapolated), validation
// throughput in-process, and `scaffold validate` (cold start and throughput) when the
// command exists. Prints one table with the targets' verdicts and writes
// bench/results.json. Times are medians of several samples: the machine is shared.
//
//   node bench/run.mjs [--sizes 100,300,1000] [--samples 5] [--kustomize-sample 60]
//                      [--baseline OTHER_CHECKOUT] [--out bench/results.json] [--keep]
//                      [--only kubeconform] [--shared ../shared]
//
// Last comes `scaffold validate` side by side with kubeconform on one core (issue 15,
// sideBySide.mjs), skipped visibly where ../shared/bench/kubeconform is absent;
// `--only kubeconform` runs that stage alone (results in bench/results-kubeconform.json).
//
// --baseline runs the render stages with another checkout's built CLI too, interleaved
// with this one's, and reports the speed-up: a before/after measured under the same load.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { cliBundleOptions } from '../scripts/bundleOptions.mjs';
import { linearFit, mb, mean, median, parseJson, sample, timed, timedNode } from './measure.mjs';
import { measureSideBySide, sideBySideTable } from './sideBySide.mjs';
import { seededRandom, writeSyntheticRepo } from './syntheticRepo.mjs';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,300,1000' },
    samples: { type: 'string', default: '5' },
    'kustomize-sample': { type: 'string', default: '60' },
    baseline: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    shared: { type: 'string', default: join(PROJECT_ROOT, '../shared') },
  },
});
if (flags.only !== undefined && flags.only !== 'kubeconform') throw new Error('--only takes kubeconform (the side-by-side stage)');
const OUT = flags.out ?? join(PROJECT_ROOT, flags.only ? `bench/results-${flags.only}.json` : 'bench/results.json');
const SIZES = flags.sizes.split(',').map(Number).sort((a, b) => a - b);
if (SIZES.length < 2 || SIZES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes two or more numbers of apps (growth is fitted across them)');
const SAMPLES = Number(flags.samples);
const KUSTOMIZE_SAMPLE = Number(flags['kustomize-sample']);
const LARGEST = SIZES.at(-1);
const COLD_START_SAMPLES = 15;
const VALIDATE_SAMPLES = 3;
const STAGES = ['fresh', 'steady', 'check'];
const STAGE_LABELS = { fresh: 'render, fresh (every file new)', steady: 'render, steady (nothing changed)', check: 'render --check' };

/** Targets of issue 6 (render, kustomize ratio) and issue 8 (scaffold validate). */
const TARGETS = {
  renderPlusCheckSeconds: 5,
  renderToKustomizeRatio: 0.05,
  validateColdStartRatio: 3,
  validateDocumentsPerSecond: 5000,
  validateMinimumDocuments: 10000,
  validatePeakMemoryMb: 300,
  linearR2: 0.98,
};

const clis = [{ name: 'current', bin: join(PROJECT_ROOT, 'bin/scaffold.js') }];
if (flags.baseline) clis.push({ name: 'baseline', bin: join(resolve(flags.baseline), 'bin/scaffold.js') });
for (const cli of clis) {
  if (!existsSync(cli.bin)) throw new Error(`${cli.bin} is missing (build that checkout first)`);
}

const log = (line) => process.stderr.write(`${line}\n`);
// Every process measured starts as a user's would, without these: NODE_OPTIONS may load anything, and Node 20 reads
// NODE_EXTRA_CA_CERTS' file as it starts (some 50 ms of a 75 ms `node -e 0` on one machine), which weighs on scaffold
// and `node -e 0` alike and makes a cold start's ratio to `node -e 0` look better than it is.
const CLEARED_ENVIRONMENT = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'].filter((name) => process.env[name] !== undefined);
for (const name of CLEARED_ENVIRONMENT) delete process.env[name];
if (CLEARED_ENVIRONMENT.length > 0) log(`unset for every process measured: ${CLEARED_ENVIRONMENT.join(', ')}`);
const startedAt = Date.now();
const work = mkdtempSync(join(os.tmpdir(), 'scaffold-bench-'));

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: { model: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))) },
  commit: gitCommit(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  samples: SAMPLES,
  sizes: SIZES,
  targets: TARGETS,
  repos: {},
  render: {},
  kustomize: null,
  validate: {},
  verdicts: {},
  notes: CLEARED_ENVIRONMENT.map((name) => `${name} was unset for every process measured`),
};

try {
  if (flags.only === 'kubeconform') {
    const stage = sideBySide();
    results.seconds = Math.round((Date.now() - startedAt) / 1000);
    process.stdout.write(`scaffold validate side by side with kubeconform, ${results.date}: node ${results.node}, ${results.cpu.model} x ${results.cpu.cores}, load ${results.cpu.loadAverageAtStart.join(' ')}\n\n${sideBySideTable(stage)}`);
    const { date, node, cpu, commit, command, sideBySide: figures, notes, seconds } = results;
    writeFileSync(OUT, `${JSON.stringify({ date, node, cpu, commit, command, sideBySide: figures, notes, seconds }, null, 2)}\n`);
    log(`wrote ${OUT} (${results.seconds} s)`);
  } else {
    await runAll();
  }
} finally {
  if (flags.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

async function runAll() {
  const repos = {};
  for (const n of SIZES) {
    const root = join(work, `apps-${n}`);
    const apps = writeSyntheticRepo(root, n);
    repos[n] = { root, apps, overlays: apps.reduce((sum, a) => sum + a.environments.length, 0) };
    results.repos[n] = { apps: n, overlays: repos[n].overlays, web: null };
  }
  for (const n of SIZES) measureRender(n, repos[n]);
  measureKustomize(repos);
  await measureValidateLibrary(repos[LARGEST]);
  measureValidateCli(repos[LARGEST]);
  judge();
  const stage = sideBySide();
  results.seconds = Math.round((Date.now() - startedAt) / 1000);
  process.stdout.write(`${table()}\n${stage.skipped ? '' : 'side by side with kubeconform (issue 15):\n'}${sideBySideTable(stage)}`);
  writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${OUT} (${results.seconds} s)`);
}

/** The side-by-side stage; its figures and verdicts go into results.sideBySide. */
function sideBySide() {
  const stage = measureSideBySide({ cli: clis[0].bin, baseline: clis[1]?.bin, work, shared: resolve(flags.shared), keep: flags.keep, log });
  if (stage.skipped) {
    log(`side by side with kubeconform: SKIPPED (${stage.skipped})`);
    results.sideBySide = { skipped: stage.skipped };
  } else {
    results.sideBySide = { ...stage.result, verdicts: Object.fromEntries(Object.entries(stage.verdicts).map(([k, v]) => [k, { name: v.name, value: v.value, ok: v.ok }])), notes: stage.notes };
  }
  return stage;
}

function measureRender(n, repo) {
  log(`render: N=${n}, ${SAMPLES} samples each of fresh, steady and --check${clis.length > 1 ? ', current and baseline interleaved' : ''}`);
  const runs = Object.fromEntries(clis.map((c) => [c.name, Object.fromEntries(STAGES.map((stage) => [stage, []]))]));
  const render = (cli, root, args, expect) => {
    const r = timedNode(cli.bin, ['render', '--root', root, '-o', 'json', ...args], { cwd: root });
    const out = parseJson(r.stdout);
    if (r.code !== 0 || !expect(out)) {
      throw new Error(`${cli.name}: scaffold render ${args.join(' ')} at N=${n} did not do what the stage needs (exit ${r.code}):\n${r.stdout.slice(0, 2000)}${r.stderr.slice(0, 2000)}`);
    }
    return { ms: r.ms, userCpuMs: r.userCpuMs, systemCpuMs: r.systemCpuMs, peakMemoryMb: r.peakMemoryMb, files: (out.created?.length ?? 0) + (out.unchanged ?? 0) };
  };
  const unchanged = (o) => o.ok && o.created.length + o.updated.length + o.deleted.length === 0;
  // Every sample of every stage alternates between the CLIs, so both see the same load.
  // A fresh render writes into a new copy of the repo each time, as a fresh clone would.
  // The copies stay until the end of the run: deleting thousands of files just before a
  // sample keeps the file system busy through it (ext4 here: the same render took 2.5 s
  // after a quiet moment and 5 to 7 s right after a delete), which would measure the
  // bench's own clean-up rather than scaffold.
  for (let s = 0; s < SAMPLES; s++) {
    for (const cli of clis) {
      const copy = `${repo.root}-fresh-${cli.name}-${s}`;
      writeSyntheticRepo(copy, n);
      runs[cli.name].fresh.push(render(cli, copy, [], (o) => o.ok && o.created.length > 0 && o.unchanged === 0));
    }
  }
  // Steady state and --check expect nothing to change: a baseline whose output bytes
  // differ from this checkout's fails here, which makes the comparison a byte-for-byte
  // check of the output as well.
  render(clis[0], repo.root, [], (o) => o.ok);
  for (let s = 0; s < SAMPLES; s++) {
    for (const cli of clis) runs[cli.name].steady.push(render(cli, repo.root, [], unchanged));
  }
  for (let s = 0; s < SAMPLES; s++) {
    for (const cli of clis) runs[cli.name].check.push(render(cli, repo.root, ['--check'], (o) => o.ok));
  }
  results.repos[n].files = runs.current.fresh[0].files;
  results.repos[n].web = countWeb(repo);
  for (const cli of clis) {
    results.render[cli.name] ??= {};
    results.render[cli.name][n] = Object.fromEntries(
      Object.entries(runs[cli.name]).map(([stage, list]) => [
        stage,
        {
          medianSeconds: median(list.map((r) => r.ms)) / 1000,
          medianUserCpuSeconds: median(list.map((r) => r.userCpuMs)) / 1000,
          medianSystemCpuSeconds: median(list.map((r) => r.systemCpuMs)) / 1000,
          samplesSeconds: list.map((r) => r.ms / 1000),
          peakMemoryMb: median(list.map((r) => r.peakMemoryMb)),
        },
      ]),
    );
  }
}

function countWeb(repo) {
  return repo.apps.filter((a) => existsSync(join(repo.root, 'apps', a.name, 'base', 'service.yaml'))).length;
}

function measureKustomize(repos) {
  if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0) {
    results.kustomize = { skipped: 'kubectl not found' };
    results.notes.push('kubectl kustomize: SKIPPED (kubectl not found), so no render/kustomize ratio');
    log('kubectl kustomize: SKIPPED (kubectl not found)');
    return;
  }
  const repo = repos[LARGEST];
  const overlays = repo.apps.flatMap((a) => a.environments.map((env) => join(repo.root, 'apps', a.name, 'overlays', env)));
  const chosen = sample(overlays, KUSTOMIZE_SAMPLE, seededRandom(60));
  log(`kubectl kustomize: ${chosen.length} random overlays of the N=${LARGEST} repo, sequentially`);
  const times = [];
  const failures = [];
  for (const dir of chosen) {
    const r = timed('kubectl', ['kustomize', dir]);
    if (r.code !== 0) failures.push(`${dir}: ${r.stderr.trim().split('\n')[0]}`);
    times.push(r.ms / 1000);
  }
  const perOverlay = mean(times);
  results.kustomize = {
    sampledOverlays: chosen.length,
    fromRepo: LARGEST,
    medianSecondsPerOverlay: median(times),
    meanSecondsPerOverlay: perOverlay,
    failures,
    extrapolatedSeconds: Object.fromEntries(SIZES.map((n) => [n, perOverlay * repos[n].overlays])),
  };
  if (failures.length > 0) results.notes.push(`kubectl kustomize failed on ${failures.length} overlays: ${failures[0]}`);
}

/**
 * bench/validateLibrary.ts bundled as the CLI is (scripts/bundleOptions.mjs), so both run the same compiled code.
 * The bundle sits inside the package (bench/out/, ignored by git) so it finds the package's schemas and skeletons as dist/ does.
 */
async function bundleValidateLibrary() {
  const outfile = join(PROJECT_ROOT, 'bench/out/validateLibrary.mjs');
  await build({ ...cliBundleOptions(), absWorkingDir: PROJECT_ROOT, entryPoints: ['bench/validateLibrary.ts'], outfile });
  return outfile;
}

async function measureValidateLibrary(repo) {
  log(`validate (library, in-process): every rendered file of the N=${LARGEST} repo, ${VALIDATE_SAMPLES} samples`);
  const script = await bundleValidateLibrary();
  const runs = [];
  for (let s = 0; s < VALIDATE_SAMPLES; s++) {
    const r = timedNode(script, [repo.root], { cwd: PROJECT_ROOT });
    if (r.code !== 0) throw new Error(`bench/validateLibrary.ts failed:\n${r.stderr}`);
    runs.push({ ...parseJson(r.stdout), peakMemoryMb: r.peakMemoryMb });
  }
  const documents = runs[0].documents;
  const seconds = median(runs.map((r) => r.ms)) / 1000;
  results.validate.library = {
    files: runs[0].files,
    documents,
    verdicts: runs[0].verdicts,
    issues: runs[0].issues,
    medianSeconds: seconds,
    documentsPerSecond: documents / seconds,
    peakMemoryMb: median(runs.map((r) => r.peakMemoryMb)),
  };
  if (runs[0].issues > 0 || runs[0].verdicts.valid !== documents) {
    results.notes.push(`validate (library): verdicts ${JSON.stringify(runs[0].verdicts)} and ${runs[0].issues} issues on rendered output (expected every object valid)`);
  }
}

function measureValidateCli(repo) {
  const cli = clis[0].bin;
  // An unknown command with --help prints the program's help and exits 0, so look for the command's own usage line.
  const probe = timed(process.execPath, [cli, 'validate', '--help']);
  if (probe.code !== 0 || !/^Usage: scaffold validate\b/m.test(probe.stdout)) {
    results.validate.cli = { skipped: 'command not available' };
    results.notes.push('validate: SKIPPED (command not available)');
    log('validate: SKIPPED (command not available)');
    return;
  }
  const smallFile = join(repo.root, 'apps', repo.apps[0].name, 'base', 'serviceaccount.yaml');
  log(`validate (CLI): cold start on one small file (${COLD_START_SAMPLES} samples against node -e 0), then throughput over the N=${LARGEST} repo`);
  const node = [];
  const scaffold = [];
  let coldExit = 0;
  for (let s = 0; s < COLD_START_SAMPLES; s++) {
    node.push(timed(process.execPath, ['-e', '0']).ms);
    const r = timed(process.execPath, [cli, 'validate', smallFile]);
    coldExit = Math.max(coldExit, r.code ?? 1);
    scaffold.push(r.ms);
  }
  const paths = repo.apps.flatMap((a) => [join(repo.root, 'apps', a.name, 'base'), ...a.environments.map((env) => join(repo.root, 'apps', a.name, 'overlays', env))]);
  // The library stage judged the files render wrote, which are what validate finds in these folders: its count stands for both.
  const found = paths.flatMap((dir) => readdirSync(dir).filter((name) => /\.ya?ml$|^Kustomization$/.test(name)));
  if (found.length !== results.validate.library.files) {
    throw new Error(`validate (CLI) would read ${found.length} files, the library stage checked ${results.validate.library.files}, so its document count does not apply`);
  }
  const documents = results.validate.library.documents;
  const runs = [];
  let exit = 0;
  let firstProblem = '';
  for (let s = 0; s < VALIDATE_SAMPLES; s++) {
    const r = timedNode(cli, ['validate', '-o', 'json', ...paths], { cwd: repo.root });
    exit = Math.max(exit, r.code ?? 1);
    if (r.code !== 0 && !firstProblem) firstProblem = (r.stdout + r.stderr).slice(0, 500);
    runs.push(r);
  }
  const seconds = median(runs.map((r) => r.ms)) / 1000;
  results.validate.cli = {
    coldStart: { file: 'base/serviceaccount.yaml of one app', scaffoldMedianMs: median(scaffold), nodeMedianMs: median(node), ratio: median(scaffold) / median(node), exitCode: coldExit },
    throughput: { paths: paths.length, documents, medianSeconds: seconds, documentsPerSecond: documents / seconds, peakMemoryMb: median(runs.map((r) => r.peakMemoryMb)), exitCode: exit },
  };
  if (coldExit !== 0 || exit !== 0) results.notes.push(`validate exited ${Math.max(coldExit, exit)} on rendered output: ${firstProblem}`);
}

function judge() {
  const current = results.render.current;
  const at = (stage, n) => current[n][stage].medianSeconds;
  const growth = {};
  for (const stage of STAGES) {
    const wall = linearFit(SIZES, SIZES.map((n) => at(stage, n)));
    const cpu = linearFit(SIZES, SIZES.map((n) => current[n][stage].medianUserCpuSeconds));
    growth[stage] = {
      wall: { fixedSeconds: wall.fixed, msPerApp: wall.perUnit * 1000, r2: wall.r2 },
      userCpu: { fixedSeconds: cpu.fixed, msPerApp: cpu.perUnit * 1000, r2: cpu.r2 },
      msPerAppAt: Object.fromEntries(SIZES.map((n) => [n, (at(stage, n) / n) * 1000])),
    };
  }
  results.growth = growth;
  const v = results.verdicts;
  const sum = (a, b) => at(a, LARGEST) + at(b, LARGEST);
  v.renderFreshPlusCheck = { value: sum('fresh', 'check'), ok: sum('fresh', 'check') < TARGETS.renderPlusCheckSeconds };
  v.renderSteadyPlusCheck = { value: sum('steady', 'check'), ok: sum('steady', 'check') < TARGETS.renderPlusCheckSeconds };
  const r2 = Math.min(...STAGES.map((stage) => growth[stage].userCpu.r2));
  v.linearGrowth = { value: r2, ok: r2 >= TARGETS.linearR2 };
  if (results.kustomize?.extrapolatedSeconds) {
    const k = results.kustomize.extrapolatedSeconds;
    results.ratios = Object.fromEntries(
      SIZES.map((n) => [n, { freshPlusCheck: (at('fresh', n) + at('check', n)) / k[n], steadyPlusCheck: (at('steady', n) + at('check', n)) / k[n] }]),
    );
    v.renderToKustomize = { value: results.ratios[LARGEST].freshPlusCheck, ok: results.ratios[LARGEST].freshPlusCheck <= TARGETS.renderToKustomizeRatio };
  }
  const lib = results.validate.library;
  v.validateLibraryThroughput = { value: lib.documentsPerSecond, ok: lib.documentsPerSecond >= TARGETS.validateDocumentsPerSecond };
  const cli = results.validate.cli;
  if (cli.throughput) {
    v.validateColdStart = { value: cli.coldStart.ratio, ok: cli.coldStart.ratio <= TARGETS.validateColdStartRatio };
    v.validateThroughput = {
      value: cli.throughput.documentsPerSecond,
      ok: cli.throughput.documentsPerSecond >= TARGETS.validateDocumentsPerSecond && cli.throughput.documents >= TARGETS.validateMinimumDocuments,
    };
    v.validatePeakMemory = { value: cli.throughput.peakMemoryMb, ok: cli.throughput.peakMemoryMb < TARGETS.validatePeakMemoryMb };
  }
  if (clis.length > 1) {
    const base = results.render.baseline;
    results.speedup = Object.fromEntries(
      SIZES.map((n) => [
        n,
        Object.fromEntries(
          STAGES.map((stage) => [
            stage,
            { wall: base[n][stage].medianSeconds / current[n][stage].medianSeconds, userCpu: base[n][stage].medianUserCpuSeconds / current[n][stage].medianUserCpuSeconds },
          ]),
        ),
      ]),
    );
  }
}

function table() {
  const current = results.render.current;
  const rows = [];
  const row = (label, cells, note = '') => rows.push([label, ...cells, note]);
  const only = (cell) => SIZES.map((n) => (n === LARGEST ? cell : ''));
  row('apps / overlays / files', SIZES.map((n) => `${n} / ${results.repos[n].overlays} / ${results.repos[n].files}`), `${results.repos[LARGEST].web} of ${LARGEST} apps web, the rest worker`);
  for (const stage of STAGES) {
    const g = results.growth[stage];
    row(STAGE_LABELS[stage], SIZES.map((n) => `${secs(current[n][stage].medianSeconds)} (${secs(current[n][stage].medianUserCpuSeconds)})`), `user cpu ${g.userCpu.msPerApp.toFixed(2)} ms/app + ${(g.userCpu.fixedSeconds * 1000).toFixed(0)} ms, r² ${g.userCpu.r2.toFixed(3)}`);
  }
  for (const stage of STAGES) row(`  peak memory, ${STAGE_LABELS[stage].replace(/^render,? /, '')}`, SIZES.map((n) => mb(current[n][stage].peakMemoryMb)));
  if (results.speedup) {
    for (const stage of STAGES) {
      const base = results.render.baseline;
      row(`  baseline: ${STAGE_LABELS[stage]}`, SIZES.map((n) => `${secs(base[n][stage].medianSeconds)} (${secs(base[n][stage].medianUserCpuSeconds)})`));
      row(`  speed-up over baseline, ${stage}`, SIZES.map((n) => `${results.speedup[n][stage].wall.toFixed(2)}x (${results.speedup[n][stage].userCpu.toFixed(2)}x)`), 'baseline time / this time');
    }
  }
  const k = results.kustomize;
  if (k?.extrapolatedSeconds) {
    row('kubectl kustomize, every overlay *', SIZES.map((n) => secs(k.extrapolatedSeconds[n])), `${k.sampledOverlays} overlays timed, ${k.meanSecondsPerOverlay.toFixed(3)} s each (mean)`);
    row('(render fresh + check) / kustomize', SIZES.map((n) => `${results.ratios[n].freshPlusCheck.toFixed(4)}x`), `target <= ${TARGETS.renderToKustomizeRatio}x`);
    row('(render steady + check) / kustomize', SIZES.map((n) => `${results.ratios[n].steadyPlusCheck.toFixed(4)}x`));
  } else {
    row('kubectl kustomize', SIZES.map(() => 'SKIPPED'), k?.skipped ?? '');
  }
  const lib = results.validate.library;
  row('validate, library (in-process)', only(`${Math.round(lib.documentsPerSecond)} docs/s`), `${lib.documents} docs in ${secs(lib.medianSeconds)}, peak ${mb(lib.peakMemoryMb)}`);
  const cli = results.validate.cli;
  if (cli.throughput) {
    row('validate CLI, throughput', only(`${Math.round(cli.throughput.documentsPerSecond)} docs/s`), `${cli.throughput.documents} docs in ${secs(cli.throughput.medianSeconds)}, peak ${mb(cli.throughput.peakMemoryMb)}`);
    row('validate CLI, cold start / node -e 0', only(`${cli.coldStart.ratio.toFixed(2)}x`), `${cli.coldStart.scaffoldMedianMs.toFixed(0)} ms vs ${cli.coldStart.nodeMedianMs.toFixed(0)} ms (medians)`);
  } else {
    row('validate CLI', only('SKIPPED'), 'validate: SKIPPED (command not available)');
  }

  const header = ['measure', ...SIZES.map((n) => `N=${n}`), 'notes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const numeric = (i) => i > 0 && i < header.length - 1;
  const line = (cells) => `| ${cells.map((c, i) => (numeric(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
  const out = [
    `scaffold bench, ${results.date}: node ${results.node}, ${results.cpu.model} x ${results.cpu.cores}, load ${results.cpu.loadAverageAtStart.join(' ')}; median of ${SAMPLES} samples, wall time (user cpu time)`,
    '',
    line(header),
    `|${widths.map((w, i) => (numeric(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.map(line),
    '',
  ];
  out.push(
    'In brackets: user cpu time, the process\'s own computing, which other load hardly changes. Wall time adds system time and waiting,',
    'which swing with the machine\'s load and file system (a fresh render creates every file); system times are in results.json.',
  );
  if (k?.extrapolatedSeconds) {
    out.push(
      `* kubectl kustomize timed on ${k.sampledOverlays} random overlays of the N=${k.fromRepo} repo, one after another (median ${k.medianSecondsPerOverlay.toFixed(3)} s), and extrapolated: mean time per overlay x number of overlays.`,
      '',
    );
  }
  const verdicts = {
    renderFreshPlusCheck: [`render (fresh) + check of ${LARGEST} apps < ${TARGETS.renderPlusCheckSeconds} s`, secs],
    renderSteadyPlusCheck: [`render (steady) + check of ${LARGEST} apps < ${TARGETS.renderPlusCheckSeconds} s`, secs],
    linearGrowth: [`time grows linearly with N (user-cpu fit r² >= ${TARGETS.linearR2} for every stage)`, (x) => `r² ${x.toFixed(3)}`],
    renderToKustomize: [`(render fresh + check) / kustomize <= ${TARGETS.renderToKustomizeRatio}x at N=${LARGEST}`, (x) => `${x.toFixed(4)}x`],
    validateLibraryThroughput: [`validate, library >= ${TARGETS.validateDocumentsPerSecond} docs/s`, (x) => `${Math.round(x)} docs/s`],
    validateColdStart: [`validate CLI cold start <= ${TARGETS.validateColdStartRatio}x node -e 0`, (x) => `${x.toFixed(2)}x`],
    validateThroughput: [`validate CLI >= ${TARGETS.validateDocumentsPerSecond} docs/s over >= ${TARGETS.validateMinimumDocuments} docs`, (x) => `${Math.round(x)} docs/s`],
    validatePeakMemory: [`validate CLI peak memory < ${TARGETS.validatePeakMemoryMb} MB`, mb],
  };
  out.push('targets:');
  for (const [key, verdict] of Object.entries(results.verdicts)) {
    const [name, format] = verdicts[key];
    out.push(`  ${verdict.ok ? 'ok    ' : 'MISSED'}  ${name}: ${format(verdict.value)}`);
  }
  for (const note of results.notes) out.push(`  note: ${note}`);
  return `${out.join('\n')}\n`;
}

function secs(x) {
  if (x === undefined || x === null) return '-';
  return x >= 100 ? `${x.toFixed(0)} s` : x >= 10 ? `${x.toFixed(1)} s` : `${x.toFixed(2)} s`;
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
