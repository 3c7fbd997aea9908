/**
 * `scaffold image set` as an edit of the overlay's kustomization: the tag (or
 * digest) of the app image's `images` entry changes, and not one other byte
 * of the file, whoever formatted it last, so a Flux marker on the tag stays
 * and a reviewer's diff is one line.
 */
import type { Document, Pair, Scalar, YAMLMap } from 'yaml';
import { yaml } from '../yamlSource/yamlPackage.ts';
import { parseEditable } from '../yamlSource/editable.ts';
import { imageValuesIn, kustomizationData, type ImageValues } from './overlayImage.ts';
import { yamlString } from './yamlScalar.ts';

export interface ImageEdit {
  text: string;
  /** The field written: newTag for a tag, digest for a digest. */
  field: 'newTag' | 'digest';
  /** What the entry had before (its tag or digest, or both as tag@digest), if anything. */
  from: string | undefined;
  values: ImageValues;
}

/**
 * The kustomization with the app image's tag (or, for `sha256:...`, its digest)
 * set to `ref`: the value spliced in where there is one of the same kind; a
 * tag replacing a digest (or the other way round) in its place, as `kustomize
 * edit set image` replaces both; `newName` kept. A problem when the file has
 * no entry for the image.
 */
export function setOverlayImage(text: string, image: string, ref: string): ImageEdit | { problem: string } {
  const doc = parseEditable(text);
  const data = kustomizationData(text);
  const entry = doc && entryOf(doc, image);
  if (data === undefined || entry === undefined) return { problem: `has no images entry named ${image}; run scaffold render to write it` };
  const before = imageValuesIn(data, image);
  const field = ref.startsWith('sha256:') ? 'digest' : 'newTag';
  const other = field === 'digest' ? 'newTag' : 'digest';
  const values: ImageValues = { ...(before.newName === undefined ? {} : { newName: before.newName }), [field]: ref };
  const from = before.newTag !== undefined && before.digest !== undefined ? `${before.newTag}@${before.digest}` : (before.newTag ?? before.digest);

  const edited = entry.flow ? reformatted(doc!, entry, field, other, ref) : spliced(text, entry, field, other, ref);
  const check = kustomizationData(edited);
  const after = check && imageValuesIn(check, image);
  if (after === undefined || after.newName !== values.newName || after.newTag !== values.newTag || after.digest !== values.digest) {
    throw new Error(`image set: the edited kustomization does not hold ${JSON.stringify(values)}`);
  }
  return { text: edited, field, from, values };
}

function entryOf(doc: Document.Parsed, image: string): YAMLMap | undefined {
  const images = doc.get('images', true);
  if (!yaml().isSeq(images)) return undefined;
  return images.items.find((item): item is YAMLMap => yaml().isMap(item) && item.get('name') === image);
}

function pairOf(entry: YAMLMap, key: string): Pair<Scalar, Scalar> | undefined {
  return entry.items.find((p) => yaml().isScalar(p.key) && p.key.value === key && yaml().isScalar(p.value)) as Pair<Scalar, Scalar> | undefined;
}

/** A block mapping entry: edits by source offsets, the last first, so earlier offsets hold. */
function spliced(text: string, entry: YAMLMap, field: string, other: string, ref: string): string {
  const target = pairOf(entry, field);
  const replaced = pairOf(entry, other);
  const edits: { start: number; end: number; text: string }[] = [];
  if (target) {
    edits.push({ start: target.value!.range![0], end: target.value!.range![1], text: yamlString(ref) });
    if (replaced) edits.push(removal(text, entry, replaced));
  } else if (replaced) {
    // The new field takes the old one's place: `digest: sha256:...` becomes `newTag: v2`, comment and all.
    edits.push({ start: replaced.key!.range![0], end: replaced.value!.range![1], text: `${field}: ${yamlString(ref)}` });
  } else {
    const name = pairOf(entry, 'name')!;
    const column = name.key!.range![0] - (text.lastIndexOf('\n', name.key!.range![0] - 1) + 1);
    const end = name.value!.range![1];
    edits.push({ start: end, end, text: `\n${' '.repeat(column)}${field}: ${yamlString(ref)}` });
  }
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = `${out.slice(0, edit.start)}${edit.text}${out.slice(edit.end)}`;
  return out;
}

/**
 * Where a pair of a block mapping goes when it is removed: up to the next pair's key
 * (so a `- ` before it stays, for the next pair), or, for the last pair, its own line.
 */
function removal(text: string, entry: YAMLMap, pair: Pair<Scalar, Scalar>): { start: number; end: number; text: string } {
  const next = entry.items[entry.items.indexOf(pair) + 1] as Pair<Scalar, unknown> | undefined;
  if (next) return { start: pair.key!.range![0], end: next.key!.range![0], text: '' };
  const lineEnd = text.indexOf('\n', pair.value!.range![1]);
  return { start: text.lastIndexOf('\n', pair.key!.range![0] - 1), end: lineEnd < 0 ? text.length : lineEnd, text: '' };
}

/** A flow mapping (`- {name: x, newTag: y}`) has no lines to splice: it is written anew, the rest of the document with it. */
function reformatted(doc: Document.Parsed, entry: YAMLMap, field: string, other: string, ref: string): string {
  entry.delete(other);
  entry.set(field, ref);
  return doc.toString();
}
