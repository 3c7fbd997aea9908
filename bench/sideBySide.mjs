// The side-by-side stage of `npm run bench` (issue 15): `scaffold validate` against
// kubeconform on one core, on the same corpus with the same Kubernetes version.
//
// - Schemas: kubeconform's standalone-strict 1.36 schemas (../shared/bench/kubeconform, see
//   its README), and scaffold's own import of the official 1.36 OpenAPI document and the
//   External Secrets CRDs (`scaffold schemas import`, once, untimed), searched before its
//   built-in schemas; scaffold is pinned to Kubernetes 1.36 (`--kubernetes-version 1.36`), the
//   version kubeconform's schemas are for, and a row with its built-in 1.36 schemas alone is shown beside.
// - Corpora (validationCorpus.mjs, seeded): about 10,000 documents from the real-world trees and
//   rendered app bases; "mixed" with mistakes in about a fifth of them, "valid" with none, and
//   "invalid" with one in every document (for the time an invalid document costs).
// - Both tools as whole processes pinned to core 0 (`taskset -c 0`), interleaved, measured by
//   GNU time (peak RSS, CPU time) around the process, so neither is measured differently.
//   kubeconform: `-strict -summary -output json -n 1`; scaffold: `validate -o json --summary
//   --schema-only --schemas <import>` (kubeconform checks schemas only, so scaffold's policies
//   are off for the comparison; a row with them on is shown beside it).
// - With a baseline build (`--baseline OTHER_CHECKOUT` of run.mjs), its scaffold runs interleaved
//   too, on the imported folder, and each figure is also given as a ratio against it: a
//   before/after under the same load.
// - scaffold keeps an imported folder's compiled validators in the user's cache folder: here
//   XDG_CACHE_HOME points into the stage's own folder, filled by an untimed run over each corpus
//   first, so the figures are those of a repository validated again (a pre-commit hook, CI with
//   its cache kept). The cold start of a first run, with an empty cache, is measured beside.
// - Each tool's verdicts are compared with the corpus's expected ones, document by document.
//
// Skipped, visibly, when kubeconform or the reference data is absent.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import jsyaml from 'js-yaml';
import { mb, median, parseJson } from './measure.mjs';
import { writeSyntheticRepo } from './syntheticRepo.mjs';
import { CLASSES, EXPECTED_STATUS, realWorldDocuments, renderedDocuments, writeValidationCorpus } from './validationCorpus.mjs';

export const SIDE_BY_SIDE_TARGETS = {
  throughputRatio: 2,
  floorRatio: 1,
  coldStartRatio: 2,
  invalidToValidRatio: 2,
};

const CORPORA = [
  { name: 'mixed', label: '~20% with mistakes', mistakeShare: 0.2 },
  { name: 'valid', label: 'valid only', mistakeShare: 0 },
  { name: 'invalid', label: 'every document with a mistake', mistakeShare: 1 },
];
const SMALL_FILE = 'argocd-example-apps/guestbook/guestbook-ui-deployment.yaml';
// The version of kubeconform's schemas (schemas-1.36.tar.xz); scaffold is pinned to it.
const KUBERNETES_VERSION = '1.36';

/**
 * Runs the stage and returns `{ result, rows, verdicts, notes }` (rows: [label, value, note]),
 * or `{ skipped }` with the reason. `cli` is bin/scaffold.js of the build under test.
 */
export function measureSideBySide({ cli, baseline, work, shared, samples = 3, coldSamples = 11, documents = 10000, keep = false, log }) {
  const kubeconformDir = join(shared, 'bench/kubeconform');
  const need = {
    kubeconform: join(kubeconformDir, 'kubeconform'),
    'kubeconform schemas': join(kubeconformDir, 'schemas-1.36.tar.xz'),
    'real-world manifests': join(shared, 'realworld'),
    'Kubernetes 1.36 OpenAPI': join(shared, 'oracle/kubernetes/swagger-v1.36.json'),
    'External Secrets CRDs': join(shared, 'oracle/crds'),
    taskset: '/usr/bin/taskset',
    'GNU time': '/usr/bin/time',
  };
  const absent = Object.entries(need).filter(([, path]) => !existsSync(path)).map(([what, path]) => `${what} (${path})`);
  if (absent.length > 0) return { skipped: `missing ${absent.join(', ')}` };

  const dir = mkdtempSync(join(work, 'side-by-side-'));
  log(`side by side: extracting kubeconform's 1.36 schemas and importing the 1.36 OpenAPI document with scaffold (untimed)`);
  const kcSchemas = join(dir, 'kubeconform-schemas');
  mkdirSync(kcSchemas);
  mustRun('tar', ['-xJf', need['kubeconform schemas'], '-C', kcSchemas]);
  const scSchemas = join(dir, 'scaffold-schemas-1.36');
  const imported = mustRun(process.execPath, [cli, 'schemas', 'import', '--openapi', need['Kubernetes 1.36 OpenAPI'], '--crd', need['External Secrets CRDs'], '--out', scSchemas, '-o', 'json']);

  log(`side by side: building the corpora (${documents} documents each, real-world and rendered apps)`);
  const hasSchema = kindsWithSchemas(need['Kubernetes 1.36 OpenAPI'], need['External Secrets CRDs']);
  const realWorld = realWorldDocuments(need['real-world manifests'], hasSchema);
  const appsRoot = join(dir, 'rendered');
  // About 3.4 documents per app: enough apps for the rendered half and some to spare.
  writeSyntheticRepo(appsRoot, Math.ceil(documents / 5), 15);
  mustRun(process.execPath, [cli, 'render', '--root', appsRoot, '-o', 'json'], { cwd: appsRoot });
  const renderedApps = renderedDocuments(appsRoot);
  rmSync(appsRoot, { recursive: true, force: true });
  const corpora = CORPORA.map((c) => ({ ...c, ...writeValidationCorpus(join(dir, `corpus-${c.name}`), { realWorld, renderedApps, documents, mistakeShare: c.mistakeShare }) }));
  const small = join(dir, 'small', 'deployment.yaml');
  mkdirSync(join(dir, 'small'));
  copyFileSync(join(need['real-world manifests'], SMALL_FILE), small);

  const kubeconform = (paths) => [need.kubeconform, '-strict', '-summary', '-output', 'json', '-n', '1', '-schema-location', `${kcSchemas}/schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json`, ...paths];
  const scaffold = (paths, extra = [], bin = cli) => [process.execPath, bin, 'validate', '-o', 'json', '--summary', '--kubernetes-version', KUBERNETES_VERSION, ...extra, ...paths];
  const tools = {
    kubeconform: (paths) => kubeconform(paths),
    scaffold: (paths) => scaffold(paths, ['--schema-only', '--schemas', scSchemas]),
    scaffoldPolicies: (paths) => scaffold(paths, ['--schemas', scSchemas]),
    scaffoldBuiltin: (paths) => scaffold(paths, ['--schema-only']),
    ...(baseline === undefined ? {} : { scaffoldBaseline: (paths) => scaffold(paths, ['--schema-only', '--schemas', scSchemas], baseline) }),
  };

  const cache = join(dir, 'cache');
  const pinnedHere = (command, env = { XDG_CACHE_HOME: cache }) => pinned(command, dir, env);
  log('side by side: filling the validator cache (one untimed run over each corpus)');
  for (const c of corpora) pinnedHere(tools.scaffold([c.dir]));

  log(`side by side: cold start on one small file, ${coldSamples} samples each, interleaved, on core 0`);
  const coldCommands = {
    node: [process.execPath, '-e', '0'],
    kubeconform: tools.kubeconform([small]),
    scaffoldImported: tools.scaffold([small]),
    scaffoldImportedFirstRun: tools.scaffold([small]),
    scaffoldBuiltin: tools.scaffoldBuiltin([small]),
    ...(baseline === undefined ? {} : { scaffoldBaseline: tools.scaffoldBaseline([small]) }),
  };
  const cold = Object.fromEntries(Object.keys(coldCommands).map((name) => [name, []]));
  const coldExit = {};
  for (let s = 0; s < coldSamples; s++) {
    for (const [name, command] of Object.entries(coldCommands)) {
      // A first run: the imported folder's schemas compiled, into a cache of its own.
      const r = name === 'scaffoldImportedFirstRun' ? pinnedHere(command, { XDG_CACHE_HOME: join(dir, `cache-first-run-${s}`) }) : pinnedHere(command);
      coldExit[name] = Math.max(coldExit[name] ?? 0, r.code);
      cold[name].push(r);
    }
  }

  log(`side by side: throughput, ${samples} interleaved samples of each corpus and tool on core 0`);
  const plan = [
    ...corpora.flatMap((c) => [
      { corpus: c.name, tool: 'kubeconform' },
      { corpus: c.name, tool: 'scaffold' },
      ...(baseline === undefined ? [] : [{ corpus: c.name, tool: 'scaffoldBaseline' }]),
    ]),
    { corpus: 'mixed', tool: 'scaffoldPolicies' },
    { corpus: 'mixed', tool: 'scaffoldBuiltin' },
  ];
  const runs = Object.fromEntries(plan.map((p) => [`${p.corpus}/${p.tool}`, []]));
  const reports = {};
  for (let s = 0; s < samples; s++) {
    for (const p of plan) {
      const corpus = corpora.find((c) => c.name === p.corpus);
      const r = pinnedHere(tools[p.tool]([corpus.dir]));
      runs[`${p.corpus}/${p.tool}`].push(r);
      if (s === 0) reports[`${p.corpus}/${p.tool}`] = parseJson(r.stdout);
    }
  }
  // With --keep the corpora stay for profiling (the whole work folder is kept).
  if (!keep) rmSync(dir, { recursive: true, force: true });

  // Figures.
  const wall = (key) => median(runs[key].map((r) => r.ms)) / 1000;
  const stat = (key) => ({
    medianSeconds: wall(key),
    documentsPerSecond: corpora.find((c) => c.name === key.split('/')[0]).documents / wall(key),
    medianUserCpuSeconds: median(runs[key].map((r) => r.userSeconds)),
    medianSystemCpuSeconds: median(runs[key].map((r) => r.systemSeconds)),
    // User + system time: what the process itself computed, which other load on the machine hardly changes.
    medianCpuSeconds: median(runs[key].map((r) => r.userSeconds + r.systemSeconds)),
    peakMemoryMb: median(runs[key].map((r) => r.maxRssKb / 1024)),
    samplesSeconds: runs[key].map((r) => r.ms / 1000),
    exitCodes: runs[key].map((r) => r.code),
    summary: reports[key]?.summary,
  });
  const throughput = Object.fromEntries(Object.keys(runs).map((key) => [key, stat(key)]));
  const ratio = (corpus) => throughput[`${corpus}/scaffold`].documentsPerSecond / throughput[`${corpus}/kubeconform`].documentsPerSecond;
  const cpuRatio = (corpus) => throughput[`${corpus}/kubeconform`].medianCpuSeconds / throughput[`${corpus}/scaffold`].medianCpuSeconds;
  // The floor: the worst of the paired samples (each scaffold run against the kubeconform run just before it).
  const floor = (corpus) => Math.min(...runs[`${corpus}/scaffold`].map((r, i) => runs[`${corpus}/kubeconform`][i].ms / r.ms));
  const coldMs = Object.fromEntries(Object.entries(cold).map(([name, list]) => [name, median(list.map((r) => r.ms))]));
  const coldCpuMs = Object.fromEntries(Object.entries(cold).map(([name, list]) => [name, median(list.map((r) => (r.userSeconds + r.systemSeconds) * 1000))]));
  const coldMb = Object.fromEntries(Object.entries(cold).map(([name, list]) => [name, median(list.map((r) => r.maxRssKb / 1024))]));
  // Time per document beyond start-up: (whole run - cold start on one small file) / documents.
  const documentsOf = (corpus) => corpora.find((c) => c.name === corpus).documents;
  const perDocumentMs = (corpus, tool, coldKey) => (wall(`${corpus}/${tool}`) * 1000 - coldMs[coldKey]) / documentsOf(corpus);
  const perDocumentCpuMs = (corpus, tool, coldKey) => (throughput[`${corpus}/${tool}`].medianCpuSeconds * 1000 - coldCpuMs[coldKey]) / documentsOf(corpus);
  const perDocument = Object.fromEntries(
    [['kubeconform', 'kubeconform'], ['scaffold', 'scaffoldImported'], ...(baseline === undefined ? [] : [['scaffoldBaseline', 'scaffoldBaseline']])].map(([tool, coldKey]) => {
      const p = { validMs: perDocumentMs('valid', tool, coldKey), invalidMs: perDocumentMs('invalid', tool, coldKey), validCpuMs: perDocumentCpuMs('valid', tool, coldKey), invalidCpuMs: perDocumentCpuMs('invalid', tool, coldKey) };
      return [tool, { ...p, ratio: p.invalidMs / p.validMs, cpuRatio: p.invalidCpuMs / p.validCpuMs }];
    }),
  );
  const agreement = Object.fromEntries(
    corpora.map((c) => [
      c.name,
      {
        kubeconform: compareVerdicts(c, reports[`${c.name}/kubeconform`], EXPECTED_STATUS.kubeconform),
        scaffold: compareVerdicts(c, reports[`${c.name}/scaffold`], EXPECTED_STATUS.scaffold),
        ...(baseline === undefined ? {} : { scaffoldBaseline: compareVerdicts(c, reports[`${c.name}/scaffoldBaseline`], EXPECTED_STATUS.scaffold) }),
      },
    ]),
  );

  const result = {
    schemas: { kubeconform: 'standalone-strict 1.36 (schemas-1.36.tar.xz)', scaffold: `scaffold schemas import of swagger-v1.36.json and the External Secrets CRDs: ${parseJson(imported.stdout).created?.length ?? '?'} schemas` },
    corpora: Object.fromEntries(corpora.map((c) => [c.name, { label: c.label, files: c.files, documents: c.documents, realWorldCopies: c.realWorldCopies, byClass: c.byClass, mistakes: c.mistakes }])),
    coldStart: { file: SMALL_FILE, medianMs: coldMs, medianCpuMs: coldCpuMs, peakMemoryMb: coldMb, exitCodes: coldExit, ratioToNode: Object.fromEntries(Object.entries(coldMs).map(([k, v]) => [k, v / coldMs.node])) },
    throughput,
    ratios: { mixed: ratio('mixed'), valid: ratio('valid'), invalid: ratio('invalid') },
    // This build against the baseline build: its docs/s (and cpu) over the baseline's, and the baseline's peak memory over its own.
    ...(baseline === undefined
      ? {}
      : {
          speedup: Object.fromEntries(
            corpora.map((c) => {
              const now = throughput[`${c.name}/scaffold`];
              const before = throughput[`${c.name}/scaffoldBaseline`];
              return [c.name, { wall: before.medianSeconds / now.medianSeconds, cpu: before.medianCpuSeconds / now.medianCpuSeconds, memory: before.peakMemoryMb / now.peakMemoryMb }];
            }),
          ),
          coldStartSpeedup: { wall: coldMs.scaffoldBaseline / coldMs.scaffoldImported, cpu: coldCpuMs.scaffoldBaseline / coldCpuMs.scaffoldImported },
        }),
    cpuRatios: { mixed: cpuRatio('mixed'), valid: cpuRatio('valid'), invalid: cpuRatio('invalid') },
    floors: { mixed: floor('mixed'), valid: floor('valid'), invalid: floor('invalid') },
    perDocument,
    agreement,
  };

  const verdicts = {
    throughputMixed: { name: `scaffold docs/s >= ${SIDE_BY_SIDE_TARGETS.throughputRatio}x kubeconform's, ~20% mistakes`, value: result.ratios.mixed, ok: result.ratios.mixed >= SIDE_BY_SIDE_TARGETS.throughputRatio, format: times },
    throughputValid: { name: `scaffold docs/s >= ${SIDE_BY_SIDE_TARGETS.throughputRatio}x kubeconform's, valid only`, value: result.ratios.valid, ok: result.ratios.valid >= SIDE_BY_SIDE_TARGETS.throughputRatio, format: times },
    throughputFloor: {
      name: 'scaffold never slower than kubeconform (worst paired sample, every corpus)',
      value: Math.min(...Object.values(result.floors)),
      ok: Math.min(...Object.values(result.floors)) >= SIDE_BY_SIDE_TARGETS.floorRatio,
      format: times,
    },
    peakMemory: {
      name: "scaffold peak memory <= kubeconform's (mixed corpus)",
      value: throughput['mixed/scaffold'].peakMemoryMb / throughput['mixed/kubeconform'].peakMemoryMb,
      ok: throughput['mixed/scaffold'].peakMemoryMb <= throughput['mixed/kubeconform'].peakMemoryMb,
      format: times,
    },
    coldStartBuiltin: { name: `scaffold cold start, built-in ${KUBERNETES_VERSION} schemas <= ${SIDE_BY_SIDE_TARGETS.coldStartRatio}x node -e 0`, value: result.coldStart.ratioToNode.scaffoldBuiltin, ok: result.coldStart.ratioToNode.scaffoldBuiltin <= SIDE_BY_SIDE_TARGETS.coldStartRatio, format: times },
    coldStartImported: { name: `scaffold cold start, imported ${KUBERNETES_VERSION} folder (validators cached) <= ${SIDE_BY_SIDE_TARGETS.coldStartRatio}x node -e 0`, value: result.coldStart.ratioToNode.scaffoldImported, ok: result.coldStart.ratioToNode.scaffoldImported <= SIDE_BY_SIDE_TARGETS.coldStartRatio, format: times },
    invalidToValid: { name: `scaffold time per invalid document <= ${SIDE_BY_SIDE_TARGETS.invalidToValidRatio}x per valid one`, value: perDocument.scaffold.ratio, ok: perDocument.scaffold.ratio <= SIDE_BY_SIDE_TARGETS.invalidToValidRatio, format: times },
  };
  const notes = [];
  for (const [corpus, byTool] of Object.entries(agreement)) {
    for (const [tool, a] of Object.entries(byTool)) {
      if (a.missing.length + a.unexpected.length > 0) {
        notes.push(`${tool} on the ${corpus} corpus: ${a.missing.length} expected verdicts not given, ${a.unexpected.length} unexpected (first: ${[...a.missing.map((m) => `expected ${m}`), ...a.unexpected.map((u) => `got ${u}`)].slice(0, 3).join('; ')})`);
      }
    }
  }
  for (const [name, code] of Object.entries(coldExit)) {
    if (code !== 0) notes.push(`cold start: ${name} exited ${code} on ${SMALL_FILE} (expected 0: it is valid)`);
  }
  return { result, rows: tableRows(result), verdicts, notes };
}

/** Runs a command pinned to core 0 under GNU time: wall time as the caller waits for it, and the process's own CPU time and peak RSS. */
function pinned(command, tmp, env) {
  const usageFile = join(tmp, 'usage.txt');
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', usageFile, 'taskset', '-c', '0', ...command], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  const [userSeconds, systemSeconds, maxRssKb] = readFileSync(usageFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { ms, code: r.status, stdout: r.stdout, stderr: r.stderr, userSeconds, systemSeconds, maxRssKb };
}

function mustRun(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout.slice(0, 2000)}${r.stderr.slice(0, 2000)}`);
  return r;
}

/** apiVersion/kind pairs the 1.36 OpenAPI document and the CRDs define: what a document needs to be checkable at all. */
function kindsWithSchemas(openapiFile, crdDir) {
  const known = new Set();
  const openapi = JSON.parse(readFileSync(openapiFile, 'utf8'));
  for (const definition of Object.values(openapi.definitions ?? {})) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) known.add(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`);
  }
  for (const file of readdirSync(crdDir).filter((f) => /\.ya?ml$/.test(f))) {
    for (const crd of jsyaml.loadAll(readFileSync(join(crdDir, file), 'utf8'))) {
      for (const version of crd?.spec?.versions ?? []) if (version.served) known.add(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`);
    }
  }
  return (apiVersion, kind) => known.has(`${apiVersion}/${kind}`);
}

/**
 * Each tool's listed (non-valid) verdicts against the corpus's expected ones, as multisets of
 * `file kind/name status`; plus its summary counts against the expected counts.
 */
function compareVerdicts(corpus, report, expectedStatus) {
  const prefix = `${corpus.dir}/`;
  const key = (file, kind, name, status) => `${file} ${kind}/${name} ${status}`;
  const expected = corpus.expected.filter((e) => e.class !== 'valid').map((e) => key(e.file, e.kind, e.name, expectedStatus[e.class]));
  const got = (report?.resources ?? [])
    .filter((r) => r.status !== 'statusValid' && r.status !== 'statusEmpty')
    .map((r) => key(r.filename.startsWith(prefix) ? r.filename.slice(prefix.length) : r.filename, r.kind, r.name, r.status));
  const counts = new Map();
  for (const k of expected) counts.set(k, (counts.get(k) ?? 0) + 1);
  const unexpected = [];
  for (const k of got) {
    if ((counts.get(k) ?? 0) > 0) counts.set(k, counts.get(k) - 1);
    else unexpected.push(k);
  }
  const missing = [...counts].flatMap(([k, n]) => Array(n).fill(k));
  const expectedSummary = { valid: 0, invalid: 0, errors: 0 };
  const field = { statusValid: 'valid', statusInvalid: 'invalid', statusError: 'errors' };
  for (const cls of CLASSES) expectedSummary[field[expectedStatus[cls]]] += corpus.byClass[cls];
  return { expectedSummary, summary: report?.summary, missing, unexpected };
}

function tableRows(r) {
  const rows = [];
  const row = (label, value, note = '') => rows.push([label, value, note]);
  const t = r.throughput;
  const docs = (key) => `${Math.round(t[key].documentsPerSecond)} docs/s`;
  const detail = (key) => `${secs(t[key].medianSeconds)} (cpu ${secs(t[key].medianCpuSeconds)}), peak ${mb(t[key].peakMemoryMb)}`;
  for (const [name, corpus] of Object.entries(r.corpora)) {
    const c = corpus.byClass;
    row(`corpus "${name}" (${corpus.label})`, `${corpus.documents} docs`, `${corpus.files} files; valid ${c.valid}, invalid ${c.invalid}, no schema ${c.noSchema}, removed API ${c.removedApi}, syntax ${c.syntax}`);
  }
  for (const corpus of ['mixed', 'valid', 'invalid']) {
    row(`kubeconform, ${corpus}`, docs(`${corpus}/kubeconform`), detail(`${corpus}/kubeconform`));
    row(`scaffold (--schema-only), ${corpus}`, docs(`${corpus}/scaffold`), detail(`${corpus}/scaffold`));
    row(`  scaffold / kubeconform, ${corpus}`, times(r.ratios[corpus]), `docs/s ratio (by cpu time ${times(r.cpuRatios[corpus])}); worst paired sample ${times(r.floors[corpus])}`);
  }
  row('scaffold with policies, mixed', docs('mixed/scaffoldPolicies'), `${detail('mixed/scaffoldPolicies')}; policies judge too, so verdicts differ`);
  row(`scaffold, built-in ${KUBERNETES_VERSION} schemas, mixed`, docs('mixed/scaffoldBuiltin'), `${detail('mixed/scaffoldBuiltin')}; precompiled validators`);
  row('peak memory, scaffold / kubeconform, mixed', times(t['mixed/scaffold'].peakMemoryMb / t['mixed/kubeconform'].peakMemoryMb), `${mb(t['mixed/scaffold'].peakMemoryMb)} vs ${mb(t['mixed/kubeconform'].peakMemoryMb)}`);
  const cs = r.coldStart;
  const coldNote = (name) => `${cs.medianMs[name].toFixed(0)} ms (cpu ${cs.medianCpuMs[name].toFixed(0)} ms), peak ${mb(cs.peakMemoryMb[name])}`;
  row('cold start, node -e 0', `${cs.medianMs.node.toFixed(0)} ms`, `${coldNote('node')}; one small file: ${cs.file}`);
  row('cold start, kubeconform / node -e 0', times(cs.ratioToNode.kubeconform), coldNote('kubeconform'));
  row(`cold start, scaffold built-in ${KUBERNETES_VERSION} / node`, times(cs.ratioToNode.scaffoldBuiltin), coldNote('scaffoldBuiltin'));
  row(`cold start, scaffold imported ${KUBERNETES_VERSION} / node`, times(cs.ratioToNode.scaffoldImported), `${coldNote('scaffoldImported')}; validators from the cache`);
  row(`  the same, a first run (empty cache)`, times(cs.ratioToNode.scaffoldImportedFirstRun), `${coldNote('scaffoldImportedFirstRun')}; compiles and keeps the Deployment's validator`);
  for (const [tool, p] of Object.entries(r.perDocument)) {
    row(`${tool}: per invalid / per valid document`, times(p.ratio), `${(p.invalidMs * 1000).toFixed(0)} µs vs ${(p.validMs * 1000).toFixed(0)} µs (run minus cold start, per document); by cpu time ${times(p.cpuRatio)}`);
  }
  if (r.speedup) {
    for (const [corpus, x] of Object.entries(r.speedup)) {
      row(`  this build / baseline, ${corpus}`, times(x.wall), `docs/s ratio (by cpu time ${times(x.cpu)}); peak memory baseline / this ${times(x.memory)}; baseline ${detail(`${corpus}/scaffoldBaseline`)}`);
    }
    row('  this build / baseline, cold start imported', times(r.coldStartSpeedup.wall), `by cpu time ${times(r.coldStartSpeedup.cpu)}; baseline ${coldNote('scaffoldBaseline')}`);
  }
  for (const [corpus, byTool] of Object.entries(r.agreement)) {
    const s = (a) => (a.summary ? `${a.summary.valid}/${a.summary.invalid}/${a.summary.errors}` : '?');
    const e = (a) => `${a.expectedSummary.valid}/${a.expectedSummary.invalid}/${a.expectedSummary.errors}`;
    const off = (a) => (a.missing.length + a.unexpected.length === 0 ? 'every verdict as expected' : `${a.missing.length} missing, ${a.unexpected.length} unexpected`);
    row(`verdicts valid/invalid/error, ${corpus}`, `kc ${s(byTool.kubeconform)}`, `expected ${e(byTool.kubeconform)}, ${off(byTool.kubeconform)}`);
    row('', `sc ${s(byTool.scaffold)}`, `expected ${e(byTool.scaffold)}, ${off(byTool.scaffold)}`);
    if (byTool.scaffoldBaseline) row('', `base ${s(byTool.scaffoldBaseline)}`, `expected ${e(byTool.scaffoldBaseline)}, ${off(byTool.scaffoldBaseline)}`);
  }
  return rows;
}

/** The stage's own table, for `--only kubeconform`. */
export function sideBySideTable(stage) {
  if (stage.skipped) return `side by side with kubeconform: SKIPPED (${stage.skipped})\n`;
  const header = ['measure (one core, taskset -c 0)', 'value', 'notes'];
  const widths = header.map((h, i) => Math.max(h.length, ...stage.rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 1 ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`;
  const out = [
    line(header),
    `|${widths.map((w, i) => (i === 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...stage.rows.map(line),
    '',
    'Medians of interleaved whole-process runs. Targets are judged on wall time; cpu (user + system time of the process) is its own work,',
    'which other jobs on a shared machine hardly change: when the two disagree, the machine was busy.',
    'Counts differ by design on removed APIs only: kubeconform has no schema for them (error), scaffold names the replacement (invalid,',
    'rule removed-api). "expected" is the corpus\'s own verdict per document; each tool\'s listed verdicts are matched document by document.',
    '',
    'targets (issue 15):',
  ];
  for (const v of Object.values(stage.verdicts)) out.push(`  ${v.ok ? 'ok    ' : 'MISSED'}  ${v.name}: ${v.format(v.value)}`);
  for (const note of stage.notes) out.push(`  note: ${note}`);
  return `${out.join('\n')}\n`;
}

function times(x) {
  return `${x.toFixed(2)}x`;
}

function secs(x) {
  return x >= 10 ? `${x.toFixed(1)} s` : `${x.toFixed(2)} s`;
}
