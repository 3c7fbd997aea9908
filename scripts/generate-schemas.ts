// `npm run schemas [-- <outDir>]`: regenerates the committed built-in schemas (default `schemas/`)
// from the official Kubernetes OpenAPI documents in ../shared/oracle and the pinned External Secrets package.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles, readInputs, writeSchemas } from './schemas/generate.ts';
import { MissingOracleError } from './schemas/kubernetesOracle.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'schemas'));
try {
  const files = generatedFiles(readInputs(path.resolve(root, '..', 'shared'), path.join(root, 'node_modules/.cache/scaffold-schemas')));
  writeSchemas(outDir, files);
  process.stdout.write(`${files.size} schema files written to ${path.relative(process.cwd(), outDir) || '.'}\n`);
} catch (err) {
  process.stderr.write(`npm run schemas: ${err instanceof MissingOracleError ? '' : 'failed: '}${(err as Error).message}\n`);
  process.exitCode = 1;
}
