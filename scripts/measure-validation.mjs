// Measures (outside the test suite) what the built-in validators cost:
// - cold start: a fresh process that reads one small Deployment YAML, looks up
//   its validator and validates it, against `node -e 0`, both as wall time;
// - throughput: one Deployment validated 10,000 times in a warm process.
// Run after `npm run build` (it uses dist/validators): node scripts/measure-validation.mjs
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = path.join(root, 'node_modules/.cache/scaffold-measure');
mkdirSync(work, { recursive: true });

const manifest = path.join(work, 'deployment.yaml');
writeFileSync(
  manifest,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  creationTimestamp: null
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 8080}]
          resources:
            limits: {cpu: 500m, memory: 256Mi}
`,
);

// Bundled like the CLI is, so the numbers include module loading as users get it.
const entry = `
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createSchemaRegistry, defaultBuiltinRoot } from './src/validate/registry.ts';
import { schemaIssues } from './src/validate/ajvIssues.ts';
const started = performance.now();
const document = parse(readFileSync(process.argv[2], 'utf8'));
const parsed = performance.now();
const registry = createSchemaRegistry({ schemaDirs: [], builtinRoot: defaultBuiltinRoot() });
const validate = registry.lookup(document.apiVersion, document.kind);
const errors = validate(document);
const issues = errors === null ? [] : schemaIssues(errors, { document, schema: validate.schema });
const firstMs = performance.now() - started;
const lookupMs = performance.now() - parsed;
if (process.argv[3] === 'throughput') {
  const t = performance.now();
  for (let i = 0; i < 10000; i++) validate(document);
  const ms = performance.now() - t;
  console.log(JSON.stringify({ firstMs, lookupMs, issues: issues.length, throughputPerSecond: Math.round(10000 / (ms / 1000)) }));
} else {
  console.log(JSON.stringify({ firstMs, issues: issues.length }));
}
`;
const bundle = path.join(work, 'measure.js');
await build({
  stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'measure.ts' },
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

function wall(args, runs = 15) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'pipe' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const baseline = wall(['-e', '0']);
const cold = wall([bundle, manifest]);
const inside = JSON.parse(execFileSync(process.execPath, [bundle, manifest, 'throughput'], { encoding: 'utf8' }));
console.log(`node -e 0:                         ${baseline.toFixed(1)} ms (median of 15)`);
console.log(`read+parse+lookup+validate, fresh: ${cold.toFixed(1)} ms (median of 15) = ${(cold / baseline).toFixed(2)}x node -e 0`);
console.log(`  in-process: ${inside.firstMs.toFixed(1)} ms, of which lookup + first validation ${inside.lookupMs.toFixed(1)} ms`);
console.log(`throughput, same Deployment:       ${inside.throughputPerSecond} documents/s`);
