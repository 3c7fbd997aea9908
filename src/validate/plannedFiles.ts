import type { PlannedFile } from '../render/plan.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { checkManifestText, type ResourceResult } from './manifests.ts';
import type { KubernetesTarget } from './apiLifecycle.ts';
import type { Policy } from './policies/policy.ts';
import type { SchemaRegistry } from './registry.ts';

export interface PlannedFileCheckOptions {
  registry: SchemaRegistry;
  /** The Kubernetes minor the files are for (see DocumentCheckOptions). */
  kubernetes?: KubernetesTarget;
  /** Accept kinds without a schema (rendered by a user's skeleton) instead of failing them. */
  ignoreMissingSchemas: boolean;
  /**
   * The policies and checks each object is held to: a user's own files, as validate holds them. None
   * for generated files, whose policies are judged on the plan (renderedPolicyBreaks).
   */
  policies?: readonly Policy[];
}

/**
 * Validates rendered files before they are written, with the reader and checks of
 * `scaffold validate`: resources must be complete, patches only well typed, and
 * kustomizations hold Kustomize v5 fields only. The policies are judged on the
 * plan before this, where a finding can be told at its template (renderedPolicyBreaks).
 */
export function validatePlannedFiles(files: readonly PlannedFile[], options: PlannedFileCheckOptions): Issue[] {
  return checkPlannedFiles(files, options).flatMap((result) => result.issues);
}

/** The verdict on every object of the rendered files, for callers that count them (the bench). */
export function checkPlannedFiles(files: readonly PlannedFile[], options: PlannedFileCheckOptions): ResourceResult[] {
  const checks = { registry: options.registry, kubernetes: options.kubernetes, policies: options.policies ?? [], ignoreMissingSchemas: options.ignoreMissingSchemas, skipKinds: new Set<string>() };
  return files.flatMap((file) =>
    checkManifestText(file.content, file.path, {
      kustomizationFile: file.role === 'kustomization',
      ...(file.role === 'patch' ? { patch: 'strategic-merge' as const } : {}),
      discovered: false,
    }, checks),
  );
}
