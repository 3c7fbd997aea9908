/**
 * Annotation keys are qualified names (checked in lower case: the server
 * allows upper-case letters in annotation keys), and an object's annotations
 * together hold at most 256 KiB of keys and values. A value may be any text.
 */
import type { PolicyFinding } from '../policies/policy.ts';
import { isMapping } from '../../yamlSource/mapping.ts';
import type { ApiServerCheck } from './check.ts';
import { isNeverApplied, qualifiedNameProblems } from './grammar.ts';
import { metadataBlocks } from './metadata.ts';

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export const annotationSyntax: ApiServerCheck = {
  id: 'annotation-syntax',
  summary: 'annotation keys are qualified names (prefix/name) and all annotations of an object total at most 256 KiB',
  severity: 'error',
  source: 'ValidateAnnotations in staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go (TotalAnnotationSizeLimitB), called by ValidateObjectMeta and ValidatePodTemplateSpec',
  check({ apiVersion, kind, value }) {
    if (isNeverApplied(apiVersion)) return [];
    const findings: PolicyFinding[] = [];
    for (const block of metadataBlocks(kind, value)) {
      const annotations = block.metadata['annotations'];
      if (!isMapping(annotations)) continue;
      let size = 0;
      for (const [key, annotation] of Object.entries(annotations)) {
        const problems = qualifiedNameProblems(key.toLowerCase());
        if (problems.length > 0) findings.push({ path: [...block.path, 'annotations', key], message: `annotation key ${JSON.stringify(key)} is not a qualified name: ${problems.join('; ')}` });
        size += Buffer.byteLength(key) + (typeof annotation === 'string' ? Buffer.byteLength(annotation) : 0);
      }
      if (size > TOTAL_ANNOTATION_SIZE) {
        findings.push({ path: [...block.path, 'annotations'], message: `annotations total ${size} bytes; they may hold at most ${TOTAL_ANNOTATION_SIZE} (256 KiB). kubectl apply's last-applied-configuration annotation counts too: use server-side apply for large objects` });
      }
    }
    return findings;
  },
};
