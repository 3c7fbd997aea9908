/**
 * An overlay's image tag belongs to the delivery pipeline. In the overlay's
 * kustomization.yaml, the `images` entry of the app's image has three fields
 * that image automation writes: `newTag`, `digest` and `newName` (`kustomize
 * edit set image`, Argo CD Image Updater's kustomization write-back, Flux's
 * setters, `scaffold image set`). Everything else in the file is scaffold's.
 *
 * So the file is compared as data: parsed as Kustomize parses it, with
 * comments, key order, quoting, sequence indentation and the zero values
 * Kustomize leaves out (`includeSelectors: false`) set aside, because
 * `kustomize edit` rewrites all of those. What scaffold owns is that data
 * without the three image fields; its hash is the file's header hash, so a
 * tool's edit leaves the file intact and a hand edit anywhere else does not.
 */
import type { Document, Scalar } from 'yaml';
import { yaml } from '../yamlSource/yamlPackage.ts';
import { isMapping, valueAt } from '../yamlSource/mapping.ts';
import { parseEditable } from '../yamlSource/editable.ts';
import { readDocuments } from '../yamlSource/quickLoad.ts';
import { compareCodeUnits } from '../vocabulary/order.ts';

/** The fields of the app image's `images` entry that image automation owns. */
export const TOOL_OWNED_FIELDS = ['newName', 'newTag', 'digest'] as const;
export type ImageValues = Partial<Record<(typeof TOOL_OWNED_FIELDS)[number], string>>;

/** The overlay's image values app.yaml's `imageTag` gives: a tag, or a digest when it is `sha256:...`. */
export function specImage(imageTag: string): ImageValues {
  return imageTag.startsWith('sha256:') ? { digest: imageTag } : { newTag: imageTag };
}

/** Flux's setter comment for the tag of an ImagePolicy (`<namespace>:<name>`), as its docs write it. */
export function fluxTagMarker(imagePolicy: string): string {
  return `{"$imagepolicy": "${imagePolicy}:tag"}`;
}

/** A kustomization's text as data, or undefined when it is not one YAML mapping. */
export function kustomizationData(text: string): Record<string, unknown> | undefined {
  const { documents, issues } = readDocuments(text, 'kustomization.yaml');
  const content = documents.filter((d) => d.value !== null);
  if (issues.length > 0 || content.length !== 1 || !isMapping(content[0]!.value)) return undefined;
  return content[0]!.value;
}

/**
 * The part of a kustomization scaffold owns, as canonical JSON: without the
 * tool-owned fields of any `images` entry (scaffold writes one, the app's),
 * without the zero values Kustomize omits, keys sorted, images by name.
 */
export function scaffoldOwnedData(data: Record<string, unknown>): string {
  return canonicalJson(withImages(data, (entry) => Object.fromEntries(Object.entries(entry).filter(([key]) => !(TOOL_OWNED_FIELDS as readonly string[]).includes(key)))));
}

/** The whole of a kustomization's data, image fields included, as canonical JSON. */
function allData(data: Record<string, unknown>): string {
  return canonicalJson(withImages(data, (entry) => entry));
}

function withImages(data: Record<string, unknown>, entry: (e: Record<string, unknown>) => Record<string, unknown>): unknown {
  const images = data['images'];
  if (!Array.isArray(images)) return data;
  // Kustomize's edit commands sort the entries by name.
  const sorted = images.map((e) => (isMapping(e) ? entry(e) : e)).sort((a, b) => compareCodeUnits(nameOf(a), nameOf(b)));
  return { ...data, images: sorted };
}

function nameOf(entry: unknown): string {
  return isMapping(entry) && typeof entry['name'] === 'string' ? entry['name'] : '';
}

/**
 * JSON with sorted keys, and without the values Kustomize writes as nothing
 * (every field of its types is `omitempty`): false, "", null, [] and {} in a
 * mapping are as good as absent. Numbers stay, 0 included (`replicas[].count`).
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(normalised(value));
}

function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (!isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodeUnits)) {
    const v = normalised(value[key]);
    const empty = v === false || v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isMapping(v) && Object.keys(v).length === 0);
    if (!empty) out[key] = v;
  }
  return out;
}

/**
 * The comments of a kustomization's text, in order, but Flux setter markers:
 * scaffold writes none (its header aside) and image automation adds none, so a
 * comment is a hand edit, where a marker a tool dropped (kustomize edit drops
 * line comments) is the marker rule's business. Undefined when the text does not parse.
 */
export function commentsOf(text: string): string[] | undefined {
  if (!text.includes('#')) return [];
  const doc = parseEditable(text);
  if (doc === undefined) return undefined;
  const comments: string[] = [];
  const add = (comment: string | null | undefined, line: boolean) => {
    if (typeof comment === 'string' && !(line && isSetterMarker(comment))) comments.push(comment);
  };
  add(doc.commentBefore, false);
  yaml().visit(doc, {
    Node(_key, node) {
      add(node.commentBefore, false);
      add(node.comment, true);
    },
  });
  add(doc.comment, false);
  return comments;
}

function isSetterMarker(comment: string): boolean {
  try {
    const value = JSON.parse(comment.trim()) as unknown;
    return isMapping(value) && typeof value['$imagepolicy'] === 'string';
  } catch {
    return false;
  }
}

/** The tool-owned values of the `images` entry named `image` in a kustomization's data. */
export function imageValuesIn(data: Record<string, unknown>, image: string): ImageValues {
  const images = data['images'];
  const entry = Array.isArray(images) ? images.find((e) => isMapping(e) && e['name'] === image) : undefined;
  const values: ImageValues = {};
  if (!isMapping(entry)) return values;
  for (const field of TOOL_OWNED_FIELDS) {
    const value = entry[field];
    // A tag a YAML reader takes for a number (1.10 unquoted) is no tag Kustomize can use as written.
    if (typeof value === 'string' && value !== '') values[field] = value;
  }
  return values;
}

/** An overlay's kustomization on disk, as the image choice needs it. */
export interface OverlayOnDisk {
  text: string;
  /** The tag app.yaml had when scaffold rendered it (its header says), if the header records one. */
  imageFromSpec: string | undefined;
}

/**
 * The image values an overlay is rendered with. app.yaml's `imageTag` for a new
 * overlay, with --force, and when `imageTag` changed since the overlay was
 * rendered (a person changed it: that is what deploys). Otherwise the values in
 * the overlay: image automation's, or app.yaml's if nothing changed them.
 */
export function chooseOverlayImage(imageTag: string, image: string, onDisk: OverlayOnDisk | undefined, force: boolean): ImageValues {
  const spec = specImage(imageTag);
  const data = onDisk === undefined || force ? undefined : kustomizationData(onDisk.text);
  if (data === undefined) return spec;
  const values = imageValuesIn(data, image);
  if (values.newTag === undefined && values.digest === undefined) return spec;
  // A file rendered before headers recorded app.yaml's tag holds the tag app.yaml had then, unless a tool changed it.
  const renderedFrom = onDisk!.imageFromSpec ?? values.digest ?? values.newTag;
  return renderedFrom === imageTag ? values : spec;
}

export function sameImageValues(a: ImageValues, b: ImageValues): boolean {
  return TOOL_OWNED_FIELDS.every((field) => a[field] === b[field]);
}

/**
 * Whether an overlay kustomization on disk is what scaffold would write, as data:
 * the same header lines, the same data (image fields included: `planned` carries
 * the values on disk where they are the tools'), and Flux's marker on the tag when,
 * and only when, the environment has an ImagePolicy. The file may be formatted as a
 * tool left it.
 */
export function sameOverlayKustomization(onDisk: string, planned: string, image: { name: string; marker: string | null }): boolean {
  if (headerLines(onDisk) !== headerLines(planned)) return false;
  const disk = kustomizationData(onDisk);
  const plan = kustomizationData(planned);
  if (disk === undefined || plan === undefined || allData(disk) !== allData(plan)) return false;
  if (JSON.stringify(commentsOf(bodyOf(onDisk))) !== JSON.stringify(commentsOf(bodyOf(planned)))) return false;
  // The marker is there exactly when the environment has an ImagePolicy: a tool may drop it, and without the policy Flux must stop.
  if (imageValuesIn(plan, image.name).newTag === undefined) return true;
  return tagMarkerOf(onDisk, image.name) === (image.marker === null ? undefined : canonicalMarker(image.marker));
}

/** A file without the comment lines it starts with. */
function bodyOf(text: string): string {
  return text.replace(/^(?:#[^\n]*\n)*/, '');
}

/** The comment lines a file starts with (scaffold's header), line endings aside. */
function headerLines(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((line) => !line.startsWith('#'));
  return lines.slice(0, end < 0 ? lines.length : end).map((line) => line.replace(/\r$/, '')).join('\n');
}

/** The line comment on the `newTag` of the app image's entry, as JSON-compared text; undefined without one. */
export function tagMarkerOf(text: string, image: string): string | undefined {
  const doc = parseEditable(text);
  const tag = doc && imageField(doc, image, 'newTag');
  return typeof tag?.comment === 'string' ? canonicalMarker(tag.comment) : undefined;
}

/** Flux reads the comment as JSON: spacing inside it does not matter. */
function canonicalMarker(comment: string): string {
  try {
    return JSON.stringify(JSON.parse(comment.trim()));
  } catch {
    return comment.trim();
  }
}

/** The scalar node of a field of the app image's `images` entry. */
export function imageField(doc: Document.Parsed, image: string, field: string): Scalar | undefined {
  const images = doc.get('images', true);
  if (!yaml().isSeq(images)) return undefined;
  for (const item of images.items) {
    if (!yaml().isMap(item) || item.get('name') !== image) continue;
    const node = item.get(field, true);
    return yaml().isScalar(node) ? node : undefined;
  }
  return undefined;
}

/**
 * Puts Flux's marker on the app image's `newTag` line of a rendered
 * kustomization: `newTag: v1.4.2 # {"$imagepolicy": "flux-system:checkout:tag"}`.
 * The template prints the tag; the marker is added here so that any skeleton's
 * kustomization gets it. Unchanged when there is no such tag.
 */
export function withTagMarker(body: string, image: string, marker: string): string {
  const doc = parseEditable(body);
  const tag = doc && imageField(doc, image, 'newTag');
  if (!tag?.range) return body;
  const end = tag.range[1];
  return `${body.slice(0, end)} # ${marker}${body.slice(end)}`;
}

/**
 * The image values an Argo CD parameter override file gives (`.argocd-source-<app>.yaml`,
 * Argo CD Image Updater's default write-back): its `kustomize.images` entries are
 * `[name=]ref[:tag][@digest]` strings, and Argo CD applies the one for `image` on top
 * of the kustomization. Undefined when the file has none for it.
 */
export function argoCdSourceImage(text: string, image: string): ImageValues | undefined {
  const { documents } = readDocuments(text, '.argocd-source.yaml');
  const entries = valueAt(documents[0]?.value, ['kustomize', 'images']);
  if (!Array.isArray(entries)) return undefined;
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    const equals = entry.indexOf('=');
    const ref = equals < 0 ? entry : entry.slice(equals + 1);
    const at = ref.indexOf('@');
    const named = at < 0 ? ref : ref.slice(0, at);
    const colon = named.lastIndexOf(':');
    const hasTag = colon > named.lastIndexOf('/');
    const name = hasTag ? named.slice(0, colon) : named;
    if ((equals < 0 ? name : entry.slice(0, equals)) !== image) continue;
    return {
      ...(name === image ? {} : { newName: name }),
      ...(hasTag ? { newTag: named.slice(colon + 1) } : {}),
      ...(at < 0 ? {} : { digest: ref.slice(at + 1) }),
    };
  }
  return undefined;
}
