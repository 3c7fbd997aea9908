// `npm run bundle:check`: dist/ is committed, so it must be exactly what `npm run bundle` builds from the
// sources and the locked dependencies. Rebuilds into a scratch folder and compares byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const committed = path.join(root, 'dist');
mkdirSync(path.join(root, '.cache'), { recursive: true });
const scratch = mkdtempSync(path.join(root, '.cache', 'bundle-check-'));
try {
  const rebuilt = path.join(scratch, 'dist');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), rebuilt], { cwd: root, stdio: 'inherit' });
  const differences = compareTrees(committed, rebuilt);
  if (differences.length > 0) {
    process.stderr.write(`dist/ is not what the sources build (${differences.length} files):\n${differences.map((d) => `  ${d}\n`).join('')}`);
    process.stderr.write('run `npm run bundle` and commit dist/\n');
    process.exitCode = 1;
  } else {
    process.stdout.write('dist/ is what the sources build\n');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function compareTrees(a, b) {
  const filesA = listFiles(a);
  const filesB = listFiles(b);
  return [...new Set([...filesA, ...filesB])].sort().flatMap((file) => {
    if (!filesA.has(file)) return [`dist/${file}: missing (the build makes it)`];
    if (!filesB.has(file)) return [`dist/${file}: extra (the build no longer makes it)`];
    return readFileSync(path.join(a, file)).equals(readFileSync(path.join(b, file))) ? [] : [`dist/${file}: differs`];
  });
}

/** The files under `dir`, as paths relative to it; none when it does not exist (a clone without dist/). */
function listFiles(dir) {
  try {
    return new Set(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
    );
  } catch (err) {
    if (err.code === 'ENOENT') return new Set();
    throw err;
  }
}
