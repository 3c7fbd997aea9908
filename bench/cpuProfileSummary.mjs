// Where a `scaffold validate` run spends its time, from a V8 CPU profile:
//
//   node --cpu-prof --cpu-prof-dir PROF bin/scaffold.js validate -o json ... CORPUS
//   node bench/cpuProfileSummary.mjs PROF [--top 30]
//
// (`npm run bench -- --only kubeconform --keep` leaves the side-by-side corpora in the kept
// folder.) Prints time by phase, by code path, and the functions with the most self time.
// A sample belongs to the innermost phase on its stack, and to the outermost path; both are
// recognised by the names of scaffold's own functions (src/validate, src/yamlSource,
// src/cli), which the CLI bundle keeps, so a renamed function needs its line here renamed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: flags, positionals } = parseArgs({ options: { top: { type: 'string', default: '30' } }, allowPositionals: true });
if (positionals.length !== 1) throw new Error('usage: cpuProfileSummary.mjs PROFILE.cpuprofile|FOLDER [--top N]');
let file = positionals[0];
if (statSync(file).isDirectory()) file = join(file, readdirSync(file).filter((f) => f.endsWith('.cpuprofile')).sort().at(-1));

const named = (...names) => (frame) => names.includes(frame.functionName);
const PHASES = [
  ['garbage collection', named('(garbage collector)')],
  ['ajv: compiling a schema of a --schemas folder', named('compileSchema')],
  ['reading schema JSON', named('readJsonFile')],
  // By their file alone: built-in (dist/validators/) or compiled from a --schemas folder (the cache's validators/). esbuild
  // names the CLI's own functions called validate validate2, validate3, ..., so a name like ajv's cannot tell them apart.
  ['ajv: running validators', (f) => f.functionName === 'validator' || f.url.includes('/validators/')],
  ['messages (ajvIssues)', named('schemaIssues')],
  ['did-you-mean of a kind without schema', named('closestMatch')],
  ['source positions (locateNode, blockStylePlaces and its readPlaces, quickPositions)', named('locateNode', 'blockStylePlaces', 'readPlaces', 'quickPositions')],
  ['YAML with positions (yaml, parseYamlStream)', named('parseYamlStream')],
  ['YAML without positions (block-style reader, js-yaml: quickRead)', named('quickLoad', 'quickRead')],
  ['judging an object itself (and validators V8 inlined into it)', named('judgeObject')],
  ['judging documents (other)', named('judge', 'checkManifestText', 'quickResult', 'documentResults', 'fullResults', 'checkManifestBytes')],
  ['output (reporter)', named('flush', 'write', 'jsonResource', 'printableJson', 'nestedJson', 'formatIssue', 'annotation')],
  ['reading files', named('readInputYaml', 'readInputBytes', 'readFileSync', 'textReadAsUtf8')],
  ['finding files, patch index', named('findInputFiles', 'roleOf')],
  ['the loop over files (validateInputs: targets, tally, merging results)', named('validateInputs', 'add', 'mergeTargetResults', 'kubernetesTargetsOf', 'targetsOf', 'checksFor')],
];
const PATHS = [
  ['a document judged again with positions (documentResults)', named('documentResults')],
  ['a whole file read with positions (quick reader declined)', named('fullResults')],
  ['first judgement of a quickly read document (quickResult)', named('quickResult')],
  ['quick YAML read (quickRead)', named('quickLoad', 'quickRead')],
];

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const phases = new Map();
const paths = new Map();
const self = new Map();
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
let total = 0;
profile.samples.forEach((id, i) => {
  const ms = profile.timeDeltas[i] / 1000;
  total += ms;
  const stack = [];
  for (let at = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at).callFrame);
  const leaf = stack[0];
  add(self, `${leaf.functionName || '(anonymous)'} ${leaf.url.split('/').slice(-2).join('/')}:${leaf.lineNumber + 1}`, ms);
  const first = (list, frames) => {
    for (const frame of frames) {
      const match = list.find(([, test]) => test(frame));
      if (match) return match[0];
    }
    return undefined;
  };
  add(phases, ['(idle)', '(program)'].includes(leaf.functionName) ? leaf.functionName : (first(PHASES, stack) ?? 'other: start-up, modules, node internals'), ms);
  add(paths, first(PATHS, [...stack].reverse()) ?? 'elsewhere (start-up, files, output)', ms);
});

const show = (title, map, limit = Infinity) => {
  const lines = [...map].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return [`${title}:`, ...lines.map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`), ''];
};
process.stdout.write(
  [`${file}: ${total.toFixed(0)} ms sampled`, '', ...show('by phase (innermost on the stack)', phases), ...show('by path (outermost)', paths), ...show('self time', self, Number(flags.top))].join('\n'),
);
