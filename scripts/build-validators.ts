/**
 * Build step: compiles every built-in schema (generated ones from the index
 * of every bundled Kubernetes minor and of each add-on folder, hand-written ones from
 * HANDWRITTEN_SCHEMAS) to ajv standalone code, one CommonJS module per file
 * under dist/validators/ (mirroring schemas/), with the few ajv runtime
 * helpers they use bundled in. A stored Kubernetes schema that several minors
 * share is one file, so it is compiled once; a definition that several
 * schemas hold alike (PodSpec and all it refers to) is compiled once too, into
 * a shared module they call (validators/sharedDefinitions.ts). The registry
 * requires the modules by path, so start-up compiles nothing.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
// A CommonJS module: under Node's ESM interop the default import is module.exports, which carries .default too.
import standalone from 'ajv/dist/standalone/index.js';
import appSpecSchema from '../schemas/app-spec.schema.json' with { type: 'json' };
import configSchema from '../schemas/config.schema.json' with { type: 'json' };
import { runtimeBundleOptions } from './bundleOptions.mjs';
import { builtinKubernetesIndex, KUBERNETES_FOLDER, SERVED_FILE, versionIndexPath } from '../src/schemas/kubernetesBundle.ts';
import { ADDON_FOLDERS, HANDWRITTEN_SCHEMAS, INDEX_FILE, type SchemaIndex } from '../src/schemas/layout.ts';
import type { ServedTable } from '../src/schemas/servedTable.ts';
import type { JsonSchema } from '../src/schemas/strict.ts';
import { createAppSpecAjv } from '../src/appSpec/schemaValidator.ts';
import { createAjv, PATTERN_ENGINE_MODULE } from '../src/schemas/compiler.ts';
import { addSharedCallKeyword, sharedModuleFile } from './validators/sharedCall.ts';
import { planValidators } from './validators/sharedDefinitions.ts';

const SHARED_FOLDER = 'shared';
/** How a validator in dist/ requires re2js: dist/runtime/re2js.cjs, named by package.json `imports`. */
const RE2JS_AT_RUN_TIME = '#runtime/re2js';
/** Below this (stable JSON of a definition and its closure), a module of its own costs more to load than its copies weigh. */
const MIN_SHARED_BYTES = 8000;

/** The app spec schema as standalone validator code (CommonJS), for the CLI bundle (scripts/precompiledSchemas.mjs). */
export function appSpecStandaloneCode(): string {
  const ajv = createAppSpecAjv({ code: { source: true } });
  return standalone.default(ajv, ajv.compile(appSpecSchema));
}

/** The organisation config's schema, likewise. */
export function orgConfigStandaloneCode(): string {
  const ajv = createAppSpecAjv({ code: { source: true } });
  return standalone.default(ajv, ajv.compile(configSchema));
}

/** Builds the validators into `outDir`; returns the files bundled into them, relative to `root` (for their licenses). */
export async function buildValidators(root: string, outDir: string): Promise<string[]> {
  const schemasDir = path.join(root, 'schemas');
  rmSync(outDir, { recursive: true, force: true });
  const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as T;
  const { versions } = readJson<ServedTable>(path.posix.join(KUBERNETES_FOLDER, SERVED_FILE));
  const addons = ADDON_FOLDERS.flatMap((folder) => Object.values(readJson<SchemaIndex>(path.posix.join(folder, INDEX_FILE))).map((file) => path.posix.join(folder, file)));
  const kubernetes = versions.flatMap((v) => Object.values(builtinKubernetesIndex(v, readJson<SchemaIndex>(versionIndexPath(v)))));
  const files = [...new Set([...kubernetes, ...addons, ...Object.values(HANDWRITTEN_SCHEMAS)])].sort();
  const plan = planValidators(new Map(files.map((file) => [file, readJson<JsonSchema>(file)])), MIN_SHARED_BYTES);
  const units = [
    ...[...plan.roots].map(([file, schema]) => ({ schema, outfile: path.join(outDir, file.replace(/\.json$/, '.cjs')), sourcefile: file })),
    ...[...plan.shared].map(([id, schema]) => ({ schema, outfile: path.join(outDir, SHARED_FOLDER, sharedModuleFile(id)), sourcefile: sharedModuleFile(id) })),
  ];
  const inputs = await Promise.all(
    units.map(async ({ schema, outfile, sourcefile }) => {
      const from = path.dirname(outfile);
      const sharedModule = (id: string) => `./${path.relative(from, path.join(outDir, SHARED_FOLDER, sharedModuleFile(id))).split(path.sep).join('/')}`.replace(/^\.\/\.\.\//, '../');
      return bundleValidator(root, standaloneCode(schema, sharedModule), outfile, sourcefile);
    }),
  );
  return [...new Set(inputs.flat())].sort();
}

/**
 * A schema as standalone validator code (CommonJS), compiled with the ajv
 * set-up of run-time compiles; with `sharedModule`, definitions the plan
 * shares are called in their modules (validators/sharedCall.ts) at the
 * paths it gives.
 */
export function standaloneCode(schema: object, sharedModule?: (id: string) => string): string {
  const ajv = createAjv({ code: { source: true } });
  if (sharedModule !== undefined) addSharedCallKeyword(ajv, sharedModule);
  return standalone.default(ajv, ajv.compile(schema));
}

/**
 * Writes standalone validator code as one CommonJS module with the ajv runtime
 * helpers and the pattern engine it uses; re2js stays outside, required only
 * when a pattern needs it (see src/schemas/patterns.ts), as dist/runtime/'s
 * copy (package.json `imports`, scripts/runtimeModules.mjs): an installed
 * scaffold has no re2js of its own.
 */
export async function bundleValidator(root: string, code: string, outfile: string, sourcefile: string): Promise<string[]> {
  mkdirSync(path.dirname(outfile), { recursive: true });
  const { metafile } = await build({
    absWorkingDir: root,
    metafile: true,
    stdin: { contents: code, resolveDir: root, loader: 'js', sourcefile },
    outfile,
    ...runtimeBundleOptions,
    alias: { [PATTERN_ENGINE_MODULE]: path.join(root, 'src/schemas/patterns.ts') },
    // Shared validator modules stay modules of their own, required at run time.
    plugins: [
      { name: 'shared-validators', setup: (b) => b.onResolve({ filter: /shared-[0-9a-f]+\.cjs$/ }, (args) => ({ path: args.path, external: true })) },
      { name: 're2js-at-run-time', setup: (b) => b.onResolve({ filter: /^re2js$/ }, () => ({ path: RE2JS_AT_RUN_TIME, external: true })) },
    ],
  });
  return Object.keys(metafile.inputs);
}
