/**
 * Whether a file belongs to an app, for `validate`: a file under
 * `<app>/base/` or `<app>/overlays/<env>/` of a folder holding an app.yaml
 * belongs to that app, and the app's environments say which Kubernetes
 * minor it runs on. Each candidate folder is looked at once per run, each
 * app.yaml read once; an app.yaml that cannot be read (or is not UTF-8)
 * or parsed sets no version (its own validation says why).
 */
import path from 'node:path';
import { SPEC_FILE } from '../appSpec/layout.ts';
import type { AppFilePlace } from '../validate/kubernetesTargets.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { quickLoad } from '../yamlSource/quickLoad.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { isFile } from './files.ts';
import { readTextFile } from './inputFiles.ts';

/**
 * A finder of the app place of absolute file paths, remembering what it has
 * seen. `everyEnvironment`: the organisation config names versions, so an
 * app's environments matter even where app.yaml names none.
 */
export function appPlaceFinder({ everyEnvironment = false } = {}): (file: string) => AppFilePlace | undefined {
  const hasSpec = new Map<string, boolean>();
  const environmentsOf = new Map<string, unknown>();
  const isAppDir = (dir: string) => {
    let known = hasSpec.get(dir);
    if (known === undefined) hasSpec.set(dir, (known = isFile(path.join(dir, SPEC_FILE))));
    return known;
  };

  return (file) => {
    // Only a `base` or `overlays/<env>` folder can make a file an app's: the folder above it is
    // looked at, deepest first, so a file of no app costs no disk access at all.
    const parts = file.split(path.sep);
    for (let i = parts.length - 2; i > 0; i--) {
      const overlay = parts[i - 1] === 'overlays' ? parts[i] : undefined;
      if (parts[i] !== 'base' && overlay === undefined) continue;
      const appDir = parts.slice(0, overlay === undefined ? i : i - 1).join(path.sep) || path.sep;
      if (!isAppDir(appDir)) continue;
      if (!environmentsOf.has(appDir)) {
        // Read as render reads it: one that is not UTF-8 is refused there, and sets nothing here.
        const read = readTextFile(path.join(appDir, SPEC_FILE), SPEC_FILE);
        environmentsOf.set(appDir, environmentsIn('text' in read ? read.text : undefined, everyEnvironment));
      }
      return { environments: environmentsOf.get(appDir), ...(overlay === undefined ? {} : { overlay }) };
    }
    return undefined;
  };
}

/** `spec.environments` of an app.yaml's text, read as render reads it; undefined when there is none. */
function environmentsIn(text: string | undefined, everyEnvironment: boolean): unknown {
  // Without a kubernetesVersion here or in the config every environment runs the default: no need to read the YAML at all.
  if (text === undefined || (!everyEnvironment && !text.includes('kubernetesVersion'))) return undefined;
  const documents = quickLoad(text) ?? parseYamlStream(text, SPEC_FILE).documents;
  const spec = documents.find((d) => d.value !== null)?.value;
  return isMapping(spec) && isMapping(spec['spec']) ? spec['spec']['environments'] : undefined;
}
