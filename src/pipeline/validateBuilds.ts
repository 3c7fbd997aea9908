/**
 * `validate --build`: every kustomization root among the inputs built with
 * the real Kustomize, and the built objects validated as one input each (the
 * policies across objects see the whole app), each finding placed in the
 * source file that set it (see validate/build.ts). A root is a kustomization
 * no other kustomization among the inputs uses as a resource; a Component
 * builds only inside another, so it is none.
 */
import path from 'node:path';
import { readTextFile, type InputFile } from '../io/inputFiles.ts';
import { kustomizeBuild, type KustomizeTool } from '../io/kustomize.ts';
import { InputJudgement } from '../validate/acrossObjects.ts';
import { placeBuildResult, readBuild, type BuildSources, type BuiltObject } from '../validate/build.ts';
import { isKustomizationFile, patchReferences } from '../validate/kustomization.ts';
import type { ResourceResult } from '../validate/manifests.ts';
import type { Policy } from '../validate/policies/index.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { parseYamlStream, type SourceDocument } from '../yamlSource/parse.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';

export interface KustomizationRoot {
  /** The kustomization file, absolute and as shown. */
  file: string;
  display: string;
}

/** The kustomizations among the inputs that no other among them uses: each is built once, with all it includes. */
export function kustomizationRoots(inputs: readonly InputFile[]): KustomizationRoot[] {
  const found: (KustomizationRoot & { uses: string[] })[] = [];
  for (const input of inputs) {
    if (input.absolute === undefined || !isKustomizationFile(input.absolute)) continue;
    // Read as validate reads it: one that is not UTF-8 (or does not parse) is no root, but an input validated alone, which says why.
    const read = readTextFile(input.absolute, input.display);
    const value = 'text' in read ? readDocuments(read.text, input.display).documents.find((d) => isMapping(d.value))?.value : undefined;
    if (!isMapping(value) || value['kind'] === 'Component') continue;
    const folder = path.dirname(input.absolute);
    const uses = ['resources', 'bases', 'components'].flatMap((field) => (Array.isArray(value[field]) ? (value[field] as unknown[]) : []))
      .flatMap((entry) => (typeof entry === 'string' ? [path.resolve(folder, entry)] : []));
    found.push({ file: input.absolute, display: input.display, uses });
  }
  const used = new Set(found.flatMap((k) => k.uses));
  return found.filter((k) => !used.has(path.dirname(k.file))).map(({ file, display }) => ({ file, display }));
}

export interface BuildChecks {
  /** The policies across objects to judge each build with. */
  policies: readonly Policy[];
  /** Judges a build's objects, as objects of `file`, for the build of `kustomization` (absolute). */
  judge(objects: readonly BuiltObject[], file: string, kustomization: string): ResourceResult[];
  /** A file as reports show it. */
  display(file: string): string;
}

/**
 * Builds and validates each root, reporting every result. Returns the files
 * the builds that succeeded read (the objects' files and the patches applied
 * to them): they need no validation of their own. A root that does not build
 * is a finding on its kustomization file, and its files are left to be
 * validated one by one.
 */
export function validateBuilds(roots: readonly KustomizationRoot[], tool: KustomizeTool, checks: BuildChecks, report: (result: ResourceResult) => void): Set<string> {
  const covered = new Set<string>();
  // Overlays of one app share its base: its files are read once for all the roots.
  const sources = buildSources(checks.display);
  for (const root of roots) {
    const built = kustomizeBuild(tool, path.dirname(root.file));
    if ('problem' in built) {
      report(buildFailure(root.display, built.problem));
      continue;
    }
    const { objects, issues } = readBuild(built.text, built.originRoot);
    if (issues.length > 0) {
      report(buildFailure(root.display, `the output of ${tool.name} cannot be read: ${issues[0]!.message}`));
      continue;
    }
    const buildName = toPosix(path.dirname(root.display));
    const objectAt = new Map(objects.map((o) => [o.line, o]));
    const place = (result: ResourceResult) => placeBuildResult(result, objectAt.get(result.line!)!, buildName, root.file, sources);
    const judgement = new InputJudgement(checks.policies);
    for (const result of checks.judge(objects, root.display, root.file)) {
      const now = judgement.add(result);
      if (now !== undefined) report(place(now));
    }
    for (const result of judgement.finish(() => undefined)) report(place(result));
    for (const object of objects) {
      if (object.source !== undefined) covered.add(object.source);
      for (const kustomization of object.transformedIn) for (const patch of sources.patchFiles(kustomization)) covered.add(patch);
    }
  }
  return covered;
}

function buildFailure(file: string, message: string): ResourceResult {
  return { file, line: 1, status: 'error', issues: [{ severity: 'error', rule: 'build', file, line: 1, column: 1, message }] };
}

/** The files the builds read, each read once, with positions. */
function buildSources(display: (file: string) => string): BuildSources {
  const documents = new Map<string, SourceDocument[] | undefined>();
  const patches = new Map<string, string[]>();
  const read = (file: string) => {
    if (!documents.has(file)) {
      const read = readTextFile(file, file);
      documents.set(file, 'text' in read ? parseYamlStream(read.text, file).documents.filter((d) => d.value !== null) : undefined);
    }
    return documents.get(file);
  };
  return {
    documents: read,
    patchFiles(kustomization) {
      let files = patches.get(kustomization);
      if (files === undefined) {
        const value = read(kustomization)?.find((d) => isMapping(d.value))?.value;
        const folder = path.dirname(kustomization);
        files = isMapping(value) ? patchReferences(value).filter((r) => r.format !== 'json6902').map((r) => path.resolve(folder, r.path)) : [];
        patches.set(kustomization, files);
      }
      return files;
    },
    display,
  };
}
