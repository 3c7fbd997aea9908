/**
 * What the kustomization schema cannot say: deprecated fields named with
 * their Kustomize v5 replacement (Kustomize itself only prints a comment),
 * entries that need exactly one of two fields, and which files a
 * kustomization applies as patches (so they are validated as partial
 * documents).
 */
import path from 'node:path';
import type { PathSegment } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';

export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Whether a path names a kustomization file. Asked of every input: the ending is compared before a name is cut out of the path. */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.some((name) => file.endsWith(name)) && KUSTOMIZATION_FILE_NAMES.includes(path.basename(file));
}
export const KUSTOMIZATION_API_VERSION = 'kustomize.config.k8s.io/v1beta1';
export const COMPONENT_API_VERSION = 'kustomize.config.k8s.io/v1alpha1';

export function isKustomizationKind(apiVersion: string | undefined, kind: string | undefined): boolean {
  return (kind === 'Kustomization' && apiVersion === KUSTOMIZATION_API_VERSION) || (kind === 'Component' && apiVersion === COMPONENT_API_VERSION);
}

/** Deprecated fields and what replaces them; `kustomize edit fix` rewrites most of them. */
export const DEPRECATED_FIELDS: Readonly<Record<string, string>> = {
  commonLabels: 'labels (a list of {pairs, includeSelectors: true} to keep adding them to selectors, which are immutable once applied)',
  patchesStrategicMerge: 'patches (a list of {path: FILE} or {patch: INLINE})',
  patchesJson6902: 'patches (the same {path, target} entries)',
  bases: 'resources (folders of other kustomizations are resources too)',
  vars: 'replacements (a list of {source, targets})',
  imageTags: 'images',
  helmChartInflationGenerator: 'helmCharts and helmGlobals',
};

/** Deprecated fields inside generator entries. */
const DEPRECATED_GENERATOR_FIELDS: Readonly<Record<string, string>> = {
  env: 'envs (a list of files)',
};

export interface KustomizationFinding {
  path: PathSegment[];
  message: string;
}

/** Deprecated fields present, each named with its replacement. Judged on presence alone, so also of a kustomization with other problems. */
export function deprecatedKustomizationFields(value: Record<string, unknown>): KustomizationFinding[] {
  const findings: KustomizationFinding[] = [];
  for (const [field, replacement] of Object.entries(DEPRECATED_FIELDS)) {
    if (value[field] !== undefined && value[field] !== null) {
      findings.push({ path: [field], message: `deprecated since Kustomize v5: use ${replacement}` });
    }
  }
  for (const generators of ['configMapGenerator', 'secretGenerator'] as const) {
    entries(value[generators]).forEach((entry, index) => {
      for (const [field, replacement] of Object.entries(DEPRECATED_GENERATOR_FIELDS)) {
        if (entry[field] !== undefined && entry[field] !== null) {
          findings.push({ path: [generators, index, field], message: `deprecated since Kustomize v5: use ${replacement}` });
        }
      }
    });
  }
  return findings;
}

/** Entries of a schema-valid kustomization that need exactly one of two ways to say something. */
export function kustomizationEntryProblems(value: Record<string, unknown>): KustomizationFinding[] {
  const findings: KustomizationFinding[] = [];
  for (const list of ['patches', 'patchesJson6902'] as const) {
    entries(value[list]).forEach((entry, index) => {
      const given = ['path', 'patch'].filter((f) => typeof entry[f] === 'string' && entry[f] !== '');
      if (given.length !== 1) {
        findings.push({
          path: [list, index],
          message: given.length === 0 ? 'needs the patch: path (a file) or patch (inline)' : 'sets both path and patch; a patch comes from one of them',
        });
      }
    });
  }
  entries(value['replacements']).forEach((entry, index) => {
    const fromFile = typeof entry['path'] === 'string' && entry['path'] !== '';
    const inline = entry['source'] !== undefined && entry['source'] !== null;
    const targets = Array.isArray(entry['targets']) && entry['targets'].length > 0;
    if (fromFile && (inline || targets)) {
      findings.push({ path: ['replacements', index], message: 'sets both path and source/targets; a replacement comes from a file or is written inline' });
    } else if (!fromFile && !(inline && targets)) {
      findings.push({ path: ['replacements', index], message: 'needs path (a file) or both source and at least one target' });
    }
  });
  return findings;
}

export interface PatchReference {
  /** The patch file, relative to the kustomization's folder. */
  path: string;
  /** `json6902`: a list of operations; `strategic-merge`: partial manifests; `either`: `patches` entries may be both. */
  format: 'json6902' | 'strategic-merge' | 'either';
}

export interface InlinePatch {
  /** Where the patch text is in the kustomization: `patches[0].patch`, `patchesStrategicMerge[1]`. */
  path: PathSegment[];
  text: string;
}

/** Patches a kustomization holds as text, strategic-merge or JSON 6902 alike. */
export function inlinePatches(value: Record<string, unknown>): InlinePatch[] {
  const out: InlinePatch[] = [];
  for (const list of ['patches', 'patchesJson6902'] as const) {
    entries(value[list]).forEach((entry, index) => {
      if (typeof entry['patch'] === 'string' && entry['patch'].trim() !== '') out.push({ path: [list, index, 'patch'], text: entry['patch'] });
    });
  }
  const strategic = value['patchesStrategicMerge'];
  if (Array.isArray(strategic)) {
    strategic.forEach((item: unknown, index) => {
      if (typeof item === 'string' && item.includes('\n')) out.push({ path: ['patchesStrategicMerge', index], text: item });
    });
  }
  return out;
}

/** Files a kustomization applies as patches. Inline patches and URLs are not files. */
export function patchReferences(value: Record<string, unknown>): PatchReference[] {
  const out: PatchReference[] = [];
  for (const entry of entries(value['patches'])) {
    if (typeof entry['path'] === 'string' && entry['path'] !== '') out.push({ path: entry['path'], format: 'either' });
  }
  for (const entry of entries(value['patchesJson6902'])) {
    if (typeof entry['path'] === 'string' && entry['path'] !== '') out.push({ path: entry['path'], format: 'json6902' });
  }
  const strategic = value['patchesStrategicMerge'];
  if (Array.isArray(strategic)) {
    for (const item of strategic) {
      // An entry is a file name, or a whole patch written inline (several lines).
      if (typeof item === 'string' && item !== '' && !item.includes('\n')) out.push({ path: item, format: 'strategic-merge' });
    }
  }
  return out;
}

/** What a path a kustomization lists is on disk, relative to its folder; undefined when nothing is there. */
export type ListedPathKind = 'file' | 'folder' | 'kustomization-folder';

/**
 * Local files and folders a kustomization lists that are not there: Kustomize
 * refuses to build it ("must build at directory", "no such file or
 * directory"), which validate would otherwise leave to the build in CI. A
 * resource may also be a remote base (a git URL, an https file): anything
 * that could be one is left alone.
 */
export function missingListedPaths(value: Record<string, unknown>, kindOf: (path: string) => ListedPathKind | undefined): KustomizationFinding[] {
  const findings: KustomizationFinding[] = [];
  const check = (path: PathSegment[], listed: unknown, wants: 'file' | 'either' | 'kustomization-folder') => {
    if (typeof listed !== 'string' || listed === '' || listed.includes('\n') || mayBeRemote(listed)) return;
    const kind = kindOf(listed);
    if (kind === undefined) {
      findings.push({ path, message: `${JSON.stringify(listed)} does not exist (paths are relative to the kustomization's folder); Kustomize cannot build this kustomization` });
    } else if (wants === 'file' && kind !== 'file') {
      findings.push({ path, message: `${JSON.stringify(listed)} is a folder; a file is expected here` });
    } else if (wants !== 'file' && kind === 'folder') {
      findings.push({ path, message: `${JSON.stringify(listed)} is a folder without a kustomization (${KUSTOMIZATION_FILE_NAMES.join(', ')}); Kustomize can build only a folder that has one` });
    } else if (wants === 'kustomization-folder' && kind === 'file') {
      findings.push({ path, message: `${JSON.stringify(listed)} is a file; a component is a folder with a kustomization` });
    }
  };
  const list = (field: string) => (Array.isArray(value[field]) ? (value[field] as unknown[]) : []);
  list('resources').forEach((item, i) => check(['resources', i], item, 'either'));
  list('bases').forEach((item, i) => check(['bases', i], item, 'kustomization-folder'));
  list('components').forEach((item, i) => check(['components', i], item, 'kustomization-folder'));
  for (const field of ['patches', 'patchesJson6902', 'replacements'] as const) {
    // An entry with both a path and an inline patch is already one finding (kustomizationEntryProblems).
    entries(value[field]).forEach((entry, i) => entry['patch'] === undefined && check([field, i, 'path'], entry['path'], 'file'));
  }
  list('patchesStrategicMerge').forEach((item, i) => check(['patchesStrategicMerge', i], item, 'file'));
  for (const generators of ['configMapGenerator', 'secretGenerator'] as const) {
    entries(value[generators]).forEach((generator, i) => {
      for (const field of ['files', 'envs'] as const) {
        const given = Array.isArray(generator[field]) ? (generator[field] as unknown[]) : [];
        // A file source may name its key: key=path.
        given.forEach((item, j) => check([generators, i, field, j], typeof item === 'string' && field === 'files' ? item.slice(item.indexOf('=') + 1) : item, 'file'));
      }
    });
  }
  return findings;
}

/**
 * A path Kustomize may fetch rather than read: a URL, a git remote
 * (git@host:..., github.com/org/repo), or a host-like first segment
 * (example.com/org/repo?ref=v1).
 */
function mayBeRemote(path: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('git@') || path.startsWith('git::') || path.includes('?ref=')) return true;
  const [first = '', ...rest] = path.split('/');
  return rest.length > 0 && !first.startsWith('.') && first.includes('.');
}

function entries(list: unknown): Record<string, unknown>[] {
  return Array.isArray(list) ? list.map((item: unknown) => (isMapping(item) ? item : {})) : [];
}
