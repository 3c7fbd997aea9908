/**
 * One manifest text judged as `scaffold validate` judges a whole input: each
 * object, then the policies across objects over all of them; in the text's
 * order (the pipeline reports the objects a finding across objects may come
 * on at the end).
 */
import { InputJudgement, locateInManifest } from '../../src/validate/acrossObjects.ts';
import { checkManifestText, type FileRole, type ManifestCheckOptions, type ResourceResult } from '../../src/validate/manifests.ts';

export function checkInputText(text: string, file: string, role: FileRole, options: ManifestCheckOptions): ResourceResult[] {
  const judgement = new InputJudgement(options.policies);
  const results = checkManifestText(text, file, role, options).flatMap((result) => judgement.add(result) ?? []);
  const waited = judgement.finish((result, path) => (result.line === undefined ? undefined : locateInManifest(text, result.line, path)));
  return [...results, ...waited].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
