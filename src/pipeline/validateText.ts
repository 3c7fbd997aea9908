/**
 * `validate` of YAML text a caller holds (the library's validateDocuments):
 * every object judged against one Kubernetes minor's schemas, with imported
 * schema folders searched first, and the policies; an app spec by render's
 * spec check, on its own (validateSpecs.ts).
 */
import { bundledKubernetes } from '../io/schemaFolders.ts';
import { kubernetesVersionFor } from '../schemas/kubernetesVersions.ts';
import { isKustomizationFile } from '../validate/kustomization.ts';
import { checkManifestText, type ResourceResult } from '../validate/manifests.ts';
import type { Policy } from '../validate/policies/index.ts';
import type { Outcome } from './outcome.ts';
import { openSchemas } from './validate.ts';
import { AppSpecJudge } from './validateSpecs.ts';

export interface ValidateTextRequest {
  text: string;
  /** The name findings give; a kustomization file's name makes it one. */
  file: string;
  /** Imported schema folders, relative to `cwd`. */
  schemaDirs: readonly string[];
  cwd: string;
  /** A bundled minor; the newest when absent. */
  kubernetesVersion?: string;
  policies: readonly Policy[];
  ignoreMissingSchemas: boolean;
  skipKinds: ReadonlySet<string>;
}

export function validateText(request: ValidateTextRequest): Outcome<ResourceResult[]> {
  const opened = openSchemas(request.schemaDirs, request.cwd);
  if ('issues' in opened) return { issues: opened.issues };
  const version = kubernetesVersionFor({ flag: request.kubernetesVersion }, bundledKubernetes().versions);
  const role = { kustomizationFile: isKustomizationFile(request.file), discovered: false };
  const checks = { ...opened.schemasFor(version), policies: request.policies, ignoreMissingSchemas: request.ignoreMissingSchemas, skipKinds: request.skipKinds };
  // An app spec among the documents is judged by render's check on its own, with the skeletons and config found from cwd.
  const specs = new AppSpecJudge({ cwd: request.cwd, skeletonDirs: [], skipKinds: request.skipKinds });
  const results = checkManifestText(request.text, request.file, role, { ...checks, appSpec: specs.aloneCheck });
  return { result: [...specs.takeWaiting(), ...results], issues: [] };
}
