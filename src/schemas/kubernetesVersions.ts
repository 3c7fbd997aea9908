/**
 * Which bundled Kubernetes minor a file is checked against. The minors
 * themselves are data (`schemas/kubernetes/served.json`, read by src/io);
 * this module only reads what a user writes and picks one.
 */
import { compareMinors } from './servedTable.ts';

/**
 * The minor a user means by `1.34`, `v1.34` or `v1.34.2` (a patch release
 * validates as its minor: patch releases do not change the API); undefined
 * for anything else.
 */
export function minorOf(text: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return m === null ? undefined : `${Number(m[1])}.${Number(m[2])}`;
}

// Asked for every file of a run, of the same list: sorted once.
const newest = new WeakMap<readonly string[], string>();

/** The newest of the bundled minors: the default target. */
export function newestMinor(bundled: readonly string[]): string {
  let found = newest.get(bundled);
  if (found === undefined) {
    found = [...bundled].sort(compareMinors).at(-1);
    if (found === undefined) throw new Error('bug: no bundled Kubernetes minor');
    newest.set(bundled, found);
  }
  return found;
}

/** `1.34` when the bundle has that minor; else why not, naming the bundled minors. */
export function bundledMinor(text: string, bundled: readonly string[]): { version: string } | { problem: string } {
  const minor = minorOf(text);
  if (minor !== undefined && bundled.includes(minor)) return { version: minor };
  const list = [...bundled].sort(compareMinors).join(', ');
  if (minor === undefined) return { problem: `"${text}" is not a Kubernetes version: write a minor such as ${newestMinor(bundled)} (bundled: ${list})` };
  return { problem: `Kubernetes ${minor} is not bundled: bundled are ${list}` };
}

/** Where a target version can be set, most specific first: what each says, as the user wrote it. */
export interface KubernetesVersionSettings {
  /** `--kubernetes-version` on the command line. */
  flag?: string;
  /** `spec.environments.<env>.kubernetesVersion` of the app the files belong to. */
  environment?: string;
  /** `environments.<env>.kubernetesVersion` of the organisation config, `.scaffold.yaml`. */
  organisation?: string;
}

/**
 * The one rule for which minor to check against: the command line's
 * `--kubernetes-version` when given (to try an upgrade, say), else the
 * app's environment's `kubernetesVersion`, else the organisation config's
 * for that environment, else the newest bundled minor. A setting that
 * names no bundled minor is passed over here: the check of the command
 * line, app.yaml or .scaffold.yaml reports it.
 */
export function kubernetesVersionFor(settings: KubernetesVersionSettings, bundled: readonly string[]): string {
  for (const setting of [settings.flag, settings.environment, settings.organisation]) {
    if (setting === undefined) continue;
    const chosen = bundledMinor(setting, bundled);
    if ('version' in chosen) return chosen.version;
  }
  return newestMinor(bundled);
}
