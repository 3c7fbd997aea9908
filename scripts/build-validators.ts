/**
 * Build step: compiles every built-in schema (generated ones from index.json,
 * hand-written ones from HANDWRITTEN_SCHEMAS) to ajv standalone code, one
 * CommonJS module per file under dist/validators/ (mirroring schemas/), with
 * the few ajv runtime helpers they use bundled in. The registry requires them
 * by path, so start-up compiles nothing.
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
// A CommonJS module: under Node's ESM interop the default import is module.exports, which carries .default too.
import standalone from 'ajv/dist/standalone/index.js';
import appSpecSchema from '../schemas/app-spec.schema.json' with { type: 'json' };
import { HANDWRITTEN_SCHEMAS, INDEX_FILE, type SchemaIndex } from '../src/schemas/layout.ts';
import { createAppSpecAjv } from '../src/appSpec/schemaValidator.ts';
import { createAjv } from '../src/schemas/compiler.ts';

/** The app spec schema as standalone validator code (CommonJS), for the CLI bundle (scripts/precompiledAppSpec.mjs). */
export function appSpecStandaloneCode(): string {
  const ajv = createAppSpecAjv({ code: { source: true } });
  return standalone.default(ajv, ajv.compile(appSpecSchema));
}

export async function buildValidators(root: string): Promise<number> {
  const schemasDir = path.join(root, 'schemas');
  const outDir = path.join(root, 'dist', 'validators');
  rmSync(outDir, { recursive: true, force: true });
  const index = JSON.parse(readFileSync(path.join(schemasDir, INDEX_FILE), 'utf8')) as SchemaIndex;
  const files = [...new Set([...Object.values(index), ...Object.values(HANDWRITTEN_SCHEMAS)])].sort();
  await Promise.all(
    files.map(async (file) => {
      const schema = JSON.parse(readFileSync(path.join(schemasDir, file), 'utf8')) as object;
      const ajv = createAjv({ code: { source: true } });
      const code = standalone.default(ajv, ajv.compile(schema));
      await bundleValidator(root, code, path.join(outDir, file.replace(/\.json$/, '.cjs')), file);
    }),
  );
  return files.length;
}

/** Writes standalone validator code as one CommonJS module with the ajv runtime helpers it uses. */
async function bundleValidator(root: string, code: string, outfile: string, sourcefile: string): Promise<void> {
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: code, resolveDir: root, loader: 'js', sourcefile },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
