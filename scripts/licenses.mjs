/**
 * dist/ carries the code of its dependencies (the bundles inline them), so it ships their licenses:
 * every package any bundled file came from, by name, with its license text. Few of them mark their
 * notice with a comment esbuild could keep (`legalComments`), so the text comes from each package's
 * license file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const LICENSE_FILE = /^licen[cs]e([-.][\w.-]*)?$/i;

/** `inputs`: the files esbuild bundled (its metafile's inputs), relative to `root`. */
export function thirdPartyLicenses(root, inputs) {
  const packages = [...new Set(inputs.map(packageFolderOf).filter((dir) => dir !== undefined))].sort();
  const sections = packages.map((dir) => {
    const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const file = readdirSync(path.join(root, dir)).sort().find((name) => LICENSE_FILE.test(name));
    if (file === undefined) throw new Error(`${dir} has no license file to ship with the code dist/ bundles from it`);
    const text = readFileSync(path.join(root, dir, file), 'utf8').replace(/\r\n/g, '\n').trimEnd();
    return `${manifest.name} ${manifest.version} (${manifest.license})\n${'-'.repeat(72)}\n${text}\n`;
  });
  return [
    'The files of dist/ carry code of the packages below (scaffold has no runtime dependencies: its',
    'bundles inline them). Their licenses, as each package states it:',
    '',
    sections.join(`\n${'='.repeat(72)}\n\n`),
  ].join('\n');
}

/** `node_modules/@scope/name/lib/x.js` -> `node_modules/@scope/name`; a nested package's innermost folder. */
function packageFolderOf(input) {
  const parts = input.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at === -1) return undefined;
  const size = parts[at + 1]?.startsWith('@') ? 3 : 2;
  return parts.slice(0, at + size).join('/');
}
