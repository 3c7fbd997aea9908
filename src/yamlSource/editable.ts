/**
 * One YAML document as a tree of nodes with their source ranges and comments,
 * read with the scalar rules of parse.ts (YAML 1.1, go-yaml's): for the few
 * places that change a file in place, a scalar or a comment, and leave every
 * other byte as it was.
 */
import type { Document } from 'yaml';
import { yaml } from './yamlPackage.ts';
import { kubernetesTags } from './kubernetesScalars.ts';

/** The document, or undefined unless the text is exactly one document without errors. */
export function parseEditable(text: string): Document.Parsed | undefined {
  let doc: Document.Parsed;
  try {
    doc = yaml().parseDocument(text, { version: '1.1', customTags: kubernetesTags, strict: true, uniqueKeys: true, logLevel: 'error' });
  } catch {
    return undefined;
  }
  return doc.errors.length === 0 ? doc : undefined;
}

/** `text` with the source of the node range `[start, end)` replaced. */
export function splice(text: string, [start, end]: readonly [number, number], replacement: string): string {
  return `${text.slice(0, start)}${replacement}${text.slice(end)}`;
}
