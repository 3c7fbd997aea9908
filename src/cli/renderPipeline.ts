import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packageRoot } from '../packageRoot.ts';
import { loadSkeletons } from '../render/loadSkeletons.ts';
import type { AppPlan } from '../render/plan.ts';
import { renderApp, SkeletonRenderError } from '../render/renderApp.ts';
import { compileSkeleton, type CompiledSkeleton, type SkeletonSource } from '../render/skeleton.ts';
import type { SkeletonContract } from '../spec/check.ts';
import { parseAppSpec } from '../spec/load.ts';
import type { LoadedSpec } from '../spec/types.ts';
import type { Issue } from '../validate/issue.ts';
import { validatePlannedFiles } from '../validate/plannedFiles.ts';
import { createSchemaRegistry, defaultBuiltinRoot } from '../validate/registry.ts';
import { checkUserPatches } from '../validate/userPatches.ts';
import type { FileChange } from '../write/changes.ts';
import { appDirOf } from './discover.ts';
import { readTextIfPresent } from '../fileText.ts';

export interface RenderResult {
  plans: AppPlan[];
  specs: LoadedSpec[];
  issues: Issue[];
}

/** Where skeletons are looked for: the user's own folders first, then the built-in ones. */
export function skeletonDirs(extra: readonly string[]): string[] {
  return [...extra, join(packageRoot(), 'skeletons')];
}

/**
 * Reads, checks and renders the given app specs. Nothing is written; any issue in
 * any app means the caller must write nothing at all.
 */
export function renderSpecs(
  root: string,
  specPaths: readonly string[],
  dirs: readonly string[],
  onProgress?: (done: number, total: number, specPath: string) => void,
): RenderResult {
  const sources: SpecText[] = [];
  const unreadable: Issue[] = [];
  specPaths.forEach((specPath, i) => {
    onProgress?.(i, specPaths.length, specPath);
    try {
      sources.push({ specPath, text: readFileSync(join(root, specPath), 'utf8') });
    } catch (err) {
      unreadable.push({ severity: 'error', rule: 'spec', file: specPath, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
  });
  const result = renderSpecTexts(root, sources, dirs);
  return { ...result, issues: [...unreadable, ...result.issues] };
}

/** An app.yaml's path relative to the root, and its text (read from disk, or not yet written). */
export interface SpecText {
  specPath: string;
  text: string;
}

/** Checks and renders app specs given as text; user files they reference are looked up under `root`. */
export function renderSpecTexts(root: string, sources: readonly SpecText[], dirs: readonly string[]): RenderResult {
  const { skeletons, issues } = loadSkeletons(dirs);
  const contracts = skeletons.map(skeletonContract);
  const specs: LoadedSpec[] = [];
  for (const { specPath, text } of sources) {
    const appDir = appDirOf(specPath);
    const result = parseAppSpec(text, specPath, {
      skeletons: contracts,
      folderName: basename(appDir),
      fileExists: (path) => isFile(join(root, appDir, path)),
    });
    issues.push(...result.issues);
    if (result.spec) specs.push({ spec: result.spec, specPath, appDir });
  }
  if (issues.length > 0) return { plans: [], specs, issues };

  const compiled = new Map<string, CompiledSkeleton>();
  const compile = (source: SkeletonSource) => {
    let c = compiled.get(source.name);
    if (!c) {
      c = compileSkeleton(source);
      compiled.set(source.name, c);
    }
    return c;
  };
  const plans: AppPlan[] = [];
  for (const loaded of specs) {
    const source = skeletons.find((s) => s.name === loaded.spec.spec.skeleton)!;
    try {
      plans.push(renderApp(loaded, compile(source)));
    } catch (err) {
      if (!(err instanceof SkeletonRenderError)) throw err;
      issues.push({ severity: 'error', rule: 'skeleton', file: loaded.specPath, message: err.message });
    }
  }
  for (const plan of plans) issues.push(...checkUserPatches(plan, (path) => readTextIfPresent(join(root, path))));
  return { plans, specs, issues };
}

export interface OutputSchemaOptions {
  /** User schema folders, searched before the built-in schemas (for kinds a user skeleton renders). */
  schemaDirs: readonly string[];
  ignoreMissingSchemas: boolean;
}

/**
 * Validates the files a run is about to create or update against the Kubernetes
 * schemas; files already on disk with the same content were checked when written.
 */
export function validateChanges(plans: readonly AppPlan[], changes: readonly FileChange[], options: OutputSchemaOptions): Issue[] {
  const toWrite = new Set(changes.filter((c) => c.action === 'create' || c.action === 'update').map((c) => c.path));
  if (toWrite.size === 0) return [];
  const registry = createSchemaRegistry({ schemaDirs: options.schemaDirs, builtinRoot: defaultBuiltinRoot() });
  const files = plans.flatMap((p) => p.files).filter((f) => toWrite.has(f.path));
  return validatePlannedFiles(files, { registry, ignoreMissingSchemas: options.ignoreMissingSchemas });
}

function skeletonContract(source: SkeletonSource): SkeletonContract {
  const outputs = (folder: string) => source.templates.filter((t) => t.output.startsWith(`${folder}/`)).map((t) => t.output.slice(folder.length + 1));
  return { name: source.name, fields: source.fields, outputs: { base: outputs('base'), overlay: outputs('overlay') } };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
