import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import { isLeftoverTempFile } from './atomic.ts';
import { applicationPath, ARGOCD_DIR, rootPath } from '../render/argoCd.ts';
import { readHeader } from '../render/header.ts';
import { sameOverlayKustomization } from '../render/overlayImage.ts';
import type { AppPlan, PlannedFile } from '../render/plan.ts';
import { readWrittenText } from '../io/files.ts';
import { sameModuloLineEndings } from '../vocabulary/lineEndings.ts';
import { byName } from '../vocabulary/order.ts';
import { writtenText } from '../yamlSource/decode.ts';

/** What bringing one file in line with the plan takes. */
export interface FileChange {
  /** Path relative to the gitops root. */
  path: string;
  action: 'create' | 'update' | 'unchanged' | 'delete';
  /** Planned content (absent for deletions). */
  content?: string;
  /** Content on disk now (absent for creations); with U+FFFD for each bad byte where `notUtf8`. */
  current?: string;
  /** The file on disk is not UTF-8, which scaffold never writes: it is never current, and at least a hand edit. */
  notUtf8?: true;
  /**
   * Why the change may not be made without --force: the file on disk was edited by
   * hand since scaffold wrote it, or scaffold never wrote it.
   */
  conflict?: 'hand-edited' | 'not-generated';
  /** For a deletion: the highest folder to remove as well when the deletion leaves it empty (its own folder when absent). */
  emptiedUpTo?: string;
}

/**
 * Compares plans against the files under `root`. The same comparison serves writing
 * (`render`) and drift detection (`render --check`). Stale files are generated files
 * in an app's base/ or overlays/, or its Argo CD Applications, that the plan no longer
 * produces; files without scaffold's header are the user's and are never touched.
 * `organisation`, given when the run covers every app, is what the organisation config
 * alone produces (Argo CD root Applications and ApplicationSets): its stale files go too.
 */
export function diffPlans(plans: readonly AppPlan[], root: string, organisation?: readonly PlannedFile[]): FileChange[] {
  const changes: FileChange[] = [];
  const argoCd = new ArgoCdListing(root);
  for (const plan of plans) {
    // One listing of the app's generated folders answers "does it exist" for every planned file.
    const onDisk = generatedFilesOnDisk(root, plan.appDir);
    const applications = argoCd.applicationsOf(plan.app);
    const existing = new Set([...onDisk, ...applications]);
    const planned = new Set<string>([...plan.userFiles, ...plan.files].map((f) => f.path));
    changes.push(...compareFiles(plan.files, root, generatedBy, (path) => existing.has(path)));
    changes.push(...staleFiles(root, onDisk.filter((path) => !planned.has(path))));
    changes.push(...staleFiles(root, applications.filter((path) => !planned.has(path)), ARGOCD_DIR));
  }
  if (organisation) {
    const onDisk = argoCd.organisationFiles();
    const planned = new Set(organisation.map((f) => f.path));
    changes.push(...compareFiles(organisation, root, generatedBy));
    changes.push(...staleFiles(root, onDisk.filter((path) => !planned.has(path)), ARGOCD_DIR));
  }
  return changes;
}

/**
 * The output of apps whose app.yaml is gone (`appDirs` relative to the root): every file
 * carrying scaffold's header in their base/ and overlays/, and their Argo CD Applications,
 * is stale, and their folders go when nothing of the user's is left in them.
 */
export function removedAppChanges(appDirs: readonly string[], root: string): FileChange[] {
  const argoCd = new ArgoCdListing(root);
  return appDirs.flatMap((appDir) => [
    ...staleFiles(root, generatedFilesOnDisk(root, appDir), appDir),
    ...staleFiles(root, argoCd.applicationsOf(basename(appDir)), ARGOCD_DIR),
  ]);
}

/**
 * The files under argocd/ where scaffold writes Argo CD objects, listed once: each
 * environment's apps/ (an app's Applications), and its root.yaml and applicationset/
 * (the organisation's).
 */
class ArgoCdListing {
  private environments: { name: string; apps: Set<string> }[] | undefined;

  constructor(private readonly root: string) {}

  private list(): { name: string; apps: Set<string> }[] {
    return (this.environments ??= entriesOf(join(this.root, ARGOCD_DIR))
      .filter((e) => e.isDirectory())
      .map((e) => ({ name: e.name, apps: new Set(entriesOf(join(this.root, ARGOCD_DIR, e.name, 'apps')).filter((f) => f.isFile()).map((f) => f.name)) })));
  }

  applicationsOf(app: string): string[] {
    return this.list()
      .filter((env) => env.apps.has(`${app}.yaml`))
      .map((env) => applicationPath(env.name, app));
  }

  organisationFiles(): string[] {
    return this.list().flatMap((env) => {
      const folder = `${ARGOCD_DIR}/${env.name}`;
      const roots = entriesOf(join(this.root, folder)).filter((f) => f.isFile() && `${folder}/${f.name}` === rootPath(env.name));
      const sets = entriesOf(join(this.root, folder, 'applicationset')).filter((f) => f.isFile());
      return [...roots.map((f) => `${folder}/${f.name}`), ...sets.map((f) => `${folder}/applicationset/${f.name}`)];
    });
  }
}

/** Deletions of the generated files among `paths`; a hand-edited one is a conflict, a file of the user's is left alone. */
function staleFiles(root: string, paths: readonly string[], emptiedUpTo?: string): FileChange[] {
  const changes: FileChange[] = [];
  const upTo = emptiedUpTo === undefined ? {} : { emptiedUpTo };
  for (const path of paths) {
    if (isLeftoverTempFile(basename(path))) {
      // Half written by a killed run, so neither the header nor the content can be trusted.
      changes.push({ path, action: 'delete', ...upTo });
      continue;
    }
    const { text: current, utf8 } = writtenText(readFileSync(join(root, path)));
    const header = readHeader(current);
    if (!header) continue;
    // Bytes that are not UTF-8 are not what scaffold wrote, whatever their text's hash.
    const intact = header.intact && utf8;
    changes.push({ path, action: 'delete', current, ...upTo, ...(utf8 ? {} : { notUtf8: true as const }), ...(intact ? {} : { conflict: 'hand-edited' as const }) });
  }
  return changes;
}

/**
 * Whether scaffold may replace a file on disk, as its planner can tell from its
 * text: a conflict when it may not (without --force), undefined when it may. A
 * file that is not UTF-8 is never one scaffold wrote as it wrote it: compareFiles
 * makes it a hand edit where the owner would let it be replaced.
 */
export type Ownership = (path: string, current: string) => FileChange['conflict'];

/** What bringing planned generated files in line takes, with render's ownership (no stale files looked for). */
export function compareGenerated(planned: readonly PlannedFile[], root: string): FileChange[] {
  return compareFiles(planned, root, generatedBy);
}

/** Render's ownership: a file carrying scaffold's header with its hash intact. */
const generatedBy: Ownership = (_path, current) => {
  const header = readHeader(current);
  return header === undefined ? 'not-generated' : header.intact ? undefined : 'hand-edited';
};

/**
 * What bringing each planned file (path relative to `root`) in line takes: create,
 * update (with a conflict when `owner` says so) or nothing (line endings aside, the
 * same content, compared exactly: a file that is not UTF-8 never is; for an overlay's
 * kustomization, the same data). `exists` answers from a listing already made, when the caller has one.
 */
export function compareFiles(
  planned: readonly (Pick<PlannedFile, 'path' | 'content'> & Partial<Pick<PlannedFile, 'image'>>)[],
  root: string,
  owner: Ownership,
  exists?: (path: string) => boolean,
): FileChange[] {
  return planned.map(({ path, content, image }) => {
    const read = exists === undefined || exists(path) ? readWrittenText(join(root, path)) : undefined;
    if (read === undefined || 'problem' in read) return { path, action: 'create', content };
    const { text: current, utf8 } = read;
    if (utf8 && sameModuloLineEndings(current, content)) return { path, action: 'unchanged', content, current };
    // An overlay's kustomization as image automation left it (reformatted, say, by kustomize edit) is current: it is left as it is.
    if (utf8 && image !== undefined && sameOverlayKustomization(current, content, image)) return { path, action: 'unchanged', content, current };
    const conflict = owner(path, current) ?? (utf8 ? undefined : 'hand-edited');
    return { path, action: 'update', content, current, ...(utf8 ? {} : { notUtf8: true as const }), ...(conflict ? { conflict } : {}) };
  });
}

/**
 * What writing `content` at `path` (relative to `root`) takes, for a file whose
 * ownership the caller has settled (adopt's and new-app's app.yaml and files of
 * the user's): create, update, or nothing when the file's bytes are exactly those
 * of `content` (line endings too; one that is not UTF-8 never is).
 */
export function exactChange(root: string, path: string, content: string): FileChange {
  const read = readWrittenText(join(root, path));
  if ('problem' in read) return { path, action: 'create', content };
  const same = read.utf8 && read.text === content;
  return { path, action: same ? 'unchanged' : 'update', content, current: read.text, ...(read.utf8 ? {} : { notUtf8: true as const }) };
}

/** Files in the folders scaffold writes for an app: base/ and overlays/<env>/. */
function generatedFilesOnDisk(root: string, appDir: string): string[] {
  const out: string[] = [];
  const filesIn = (rel: string) => {
    for (const entry of entriesOf(join(root, rel))) if (entry.isFile()) out.push(`${rel}/${entry.name}`);
  };
  filesIn(`${appDir}/base`);
  for (const entry of entriesOf(join(root, appDir, 'overlays'))) {
    if (entry.isDirectory()) filesIn(`${appDir}/overlays/${entry.name}`);
  }
  return out;
}

function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw err;
  }
}
