// `npm run schemas [-- <outDir>]`: regenerates the committed built-in schemas (default `schemas/`).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinSources, writeSchemas } from './schemas/generate.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'schemas'));
writeSchemas(outDir, builtinSources(path.join(root, 'node_modules/.cache/scaffold-schemas')));
process.stdout.write(`schemas written to ${path.relative(process.cwd(), outDir) || '.'}\n`);
