/**
 * Where an object keeps metadata the API server validates: its own, and its
 * pod template's (ValidatePodTemplateSpec validates the template's labels
 * and annotations like an object's, a StatefulSet's included).
 */
import type { PathSegment } from '../../vocabulary/issue.ts';
import { mappingAt } from '../policies/policy.ts';
import { podMetadataOf, podSpecOf } from '../policies/podTemplates.ts';

export interface MetadataAt {
  metadata: Record<string, unknown>;
  path: PathSegment[];
}

export function metadataBlocks(kind: string, value: Record<string, unknown>): MetadataAt[] {
  const blocks: MetadataAt[] = [];
  const own = mappingAt(value, 'metadata');
  if (own !== undefined) blocks.push({ metadata: own, path: ['metadata'] });
  const pod = podSpecOf(kind, value);
  // A Pod's pod spec is its own spec: its metadata is the object's.
  if (pod !== undefined && kind !== 'Pod') {
    const template = podMetadataOf(kind, value);
    if (template !== undefined) blocks.push(template);
  }
  return blocks;
}
