import { posix } from 'node:path';
import type { PlannedFile } from '../render/plan.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import { strategicMerge } from './strategicMerge.ts';

/** An object the build gives, and the file it came from. */
export interface BuiltDocument {
  file: string;
  value: unknown;
}

/** One patch document applied to one object: what it was, and what it is now. */
export interface AppliedPatch {
  /** The patch file, and the index of the document among its documents that are not empty. */
  file: string;
  document: number;
  patch: unknown;
  before: unknown;
  after: unknown;
}

/**
 * Builds a rendered overlay in memory, from the render plan's files, the way
 * `kustomize build` would for everything that decides what pods hold and how many
 * run: `resources` (files and folders with a kustomization.yaml), `patches` (strategic
 * merge; lists of containers merged by name) and `replicas`. Name prefixes, labels and
 * images change no resources and are left alone. scaffold writes nothing else into a
 * kustomization, and anything that would not build is an Issue naming the file.
 * `onPatch` sees every patch document applied, in the order Kustomize applies them.
 */
export function buildOverlay(files: readonly PlannedFile[], overlayDir: string, onPatch?: (applied: AppliedPatch) => void): { documents: BuiltDocument[]; issues: Issue[] } {
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  try {
    return { documents: build(byPath, overlayDir, [], onPatch), issues: [] };
  } catch (err) {
    if (err instanceof OverlayError) return { documents: [], issues: [err.issue] };
    throw err;
  }
}

class OverlayError extends Error {
  constructor(readonly issue: Issue) {
    super(issue.message);
  }
}

function fail(file: string, message: string, path?: string): never {
  throw new OverlayError({ severity: 'error', rule: 'overlay', file, ...(path ? { path } : {}), message: `overlay does not build: ${message}` });
}

function build(files: Map<string, string>, dir: string, seen: string[], onPatch: ((applied: AppliedPatch) => void) | undefined): BuiltDocument[] {
  const kustomizationPath = `${dir}/kustomization.yaml`;
  if (seen.includes(dir)) fail(kustomizationPath, `it includes itself through ${[...seen, dir].join(' -> ')}`);
  const text = files.get(kustomizationPath);
  if (text === undefined) fail(kustomizationPath, 'no kustomization.yaml in the rendered output');
  const kustomization = asRecord(parseOne(kustomizationPath, text));

  const documents: BuiltDocument[] = [];
  asStrings(kustomization.resources, kustomizationPath, 'resources').forEach((resource, i) => {
    const target = posix.normalize(posix.join(dir, resource));
    if (files.has(target)) documents.push(...parseAll(target, files.get(target)!));
    else if (files.has(`${target}/kustomization.yaml`)) documents.push(...build(files, target, [...seen, dir], onPatch));
    else fail(kustomizationPath, `resource "${resource}" (${target}) is neither a rendered file nor a folder with a kustomization.yaml`, `resources[${i}]`);
  });

  asList(kustomization.patches).forEach((entry, i) => {
    const patchPath = asRecord(entry).path;
    if (typeof patchPath !== 'string') fail(kustomizationPath, 'only patches given by path are supported', `patches[${i}]`);
    const file = posix.normalize(posix.join(dir, patchPath));
    const patchText = files.get(file);
    if (patchText === undefined) fail(kustomizationPath, `patch "${patchPath}" (${file}) is not among the rendered files`, `patches[${i}].path`);
    parseAll(file, patchText).forEach((patch, document) => {
      const target = documents.find((d) => sameObject(d.value, patch.value));
      if (!target) fail(file, `the patch targets ${describe(patch.value)}, which is not among the overlay's resources`);
      const before = target.value;
      target.value = strategicMerge(target.value, patch.value);
      onPatch?.({ file, document, patch: patch.value, before, after: target.value });
    });
  });

  asList(kustomization.replicas).forEach((entry, i) => {
    const { name, count } = asRecord(entry);
    if (typeof name !== 'string' || !Number.isInteger(count) || (count as number) < 0) {
      fail(kustomizationPath, 'each replicas entry needs a name and a whole-number count', `replicas[${i}]`);
    }
    const targets = documents.filter((d) => REPLICATED.has(String(asRecord(d.value).kind)) && asRecord(asRecord(d.value).metadata).name === name);
    if (targets.length === 0) fail(kustomizationPath, `replicas names "${name}", but no Deployment, StatefulSet or ReplicaSet has that name`, `replicas[${i}].name`);
    for (const t of targets) {
      const object = asRecord(t.value);
      t.value = { ...object, spec: { ...asRecord(object.spec), replicas: count } };
    }
  });
  return documents;
}

const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

function parseAll(file: string, text: string): BuiltDocument[] {
  const { documents, issues } = readDocuments(text, file);
  if (issues.length > 0) fail(file, issues[0]!.message);
  // The locations point into the rendered text, which is not on disk; only the file is reported.
  return documents.filter((d) => d.value !== null).map((d) => ({ file, value: d.value }));
}

function parseOne(file: string, text: string): unknown {
  const docs = parseAll(file, text);
  if (docs.length !== 1) fail(file, 'expected exactly one YAML document');
  return docs[0]!.value;
}

function sameObject(a: unknown, b: unknown): boolean {
  const x = asRecord(a);
  const y = asRecord(b);
  const mx = asRecord(x.metadata);
  const my = asRecord(y.metadata);
  return x.kind === y.kind && mx.name === my.name && (my.namespace === undefined || mx.namespace === my.namespace);
}

function describe(value: unknown): string {
  const object = asRecord(value);
  return `${String(object.kind ?? '(no kind)')}/${String(asRecord(object.metadata).name ?? '(no name)')}`;
}

function asStrings(value: unknown, file: string, field: string): string[] {
  const list = asList(value);
  list.forEach((v, i) => {
    if (typeof v !== 'string') fail(file, 'entries must be paths', `${field}[${i}]`);
  });
  return list as string[];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
