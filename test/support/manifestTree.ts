/**
 * Every YAML file under a folder with the role `scaffold validate` gives it:
 * a kustomization file, a patch (listed under patches by a kustomization of
 * the tree), or a resource; for tests that validate whole trees.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileRole } from '../../src/validate/manifests.ts';
import { KUSTOMIZATION_FILE_NAMES, patchReferences } from '../../src/validate/kustomization.ts';
import { isMapping } from '../../src/yamlSource/mapping.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';

export interface TreeFile {
  /** Relative to the folder. */
  file: string;
  text: string;
  role: FileRole;
}

export function manifestTree(root: string): TreeFile[] {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f) || KUSTOMIZATION_FILE_NAMES.includes(path.basename(f)))
    .sort();
  const patches = new Map<string, FileRole['patch']>();
  for (const file of files.filter((f) => KUSTOMIZATION_FILE_NAMES.includes(path.basename(f)))) {
    const value = parseYamlStream(readFileSync(path.join(root, file), 'utf8'), file, { version: '1.1' }).documents[0]?.value;
    if (!isMapping(value)) continue;
    for (const reference of patchReferences(value)) patches.set(path.join(path.dirname(file), reference.path), reference.format);
  }
  return files.map((file) => {
    const patch = patches.get(file);
    const role: FileRole = { kustomizationFile: KUSTOMIZATION_FILE_NAMES.includes(path.basename(file)), discovered: true, ...(patch === undefined ? {} : { patch }) };
    return { file, text: readFileSync(path.join(root, file), 'utf8'), role };
  });
}
