import Handlebars from 'handlebars';
import type { SkeletonContract } from '../appSpec/check.ts';
import { composeValues, encodePart, PART_VALUE_HELPER, PLAIN_VALUE_HELPER } from './templateSafety.ts';
import type { WorkloadKind } from '../appSpec/effective.ts';
import { yamlInteger, yamlString } from './yamlScalar.ts';
import { KUSTOMIZATION, outputOf, type TemplateFile } from './skeletonChains.ts';

// What a template is and where its output goes, without Handlebars (validate needs them alone).
export { KUSTOMIZATION, outputOf } from './skeletonChains.ts';

/** A skeleton as read from disk: `skeletons/<name>/` merged with the folder it extends. */
export interface SkeletonSource {
  name: string;
  description: string;
  fields: SkeletonContract['fields'];
  /** What the skeleton runs: its workload template renders, the others render nothing. */
  workload: WorkloadKind;
  /** Templates keyed by output path inside the app folder (`base/deployment.yaml`), each checked safe. */
  templates: SkeletonTemplate[];
}

/** A template file with its text. */
export interface TemplateSource extends TemplateFile {
  text: string;
  /** Why it could not be read (not UTF-8, not a regular file); its text is then empty. */
  problem?: string;
}

/** A template that passed checkTemplate: its program prints every value through a YAML-safe helper. */
export interface SkeletonTemplate extends TemplateSource {
  program: hbs.AST.Program;
}

export interface CompiledSkeleton {
  workload: WorkloadKind;
  /** Templates of the base's resources, of each overlay's patches, and of the resources each overlay adds. */
  base: CompiledTemplate[];
  overlay: CompiledTemplate[];
  overlayResources: CompiledTemplate[];
  /** The kustomizations, rendered last: they list the files the other templates produced. */
  baseKustomization: CompiledTemplate;
  overlayKustomization: CompiledTemplate;
}

export interface CompiledTemplate {
  /** File name inside base/ or overlays/<env>/. */
  file: string;
  origin: string;
  render(view: unknown): string;
}

/**
 * The only helpers templates may call. Every value goes through one of them, so a
 * value cannot break out of its YAML scalar (checkTemplate sees to it, and makes a
 * plain `{{x}}` call `scalar`, and a value that is part of a larger one `part`);
 * Handlebars' HTML escaping is off because it is wrong for YAML.
 */
export const SAFE_HELPERS = {
  str: (value: unknown) => {
    if (typeof value !== 'string') throw new TypeError(`str expects a string, got ${typeof value}`);
    return yamlString(value);
  },
  int: (value: unknown) => {
    if (typeof value !== 'number') throw new TypeError(`int expects a number, got ${typeof value}`);
    return yamlInteger(value);
  },
  [PLAIN_VALUE_HELPER]: (value: unknown) => (typeof value === 'string' ? yamlString(value) : yamlInteger(scalarNumber(value))),
  // A value that is part of a plain-text value: composeValues quotes the whole once the line is rendered.
  [PART_VALUE_HELPER]: (value: unknown) => encodePart(typeof value === 'string' ? value : yamlInteger(scalarNumber(value))),
} as const;

function scalarNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  throw new TypeError(`a value printed with {{...}} must be a string or an integer, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`);
}

const COMPILE_OPTIONS = {
  strict: true,
  noEscape: true,
  knownHelpers: Object.fromEntries(Object.keys(SAFE_HELPERS).map((k) => [k, true])),
  knownHelpersOnly: true,
} as const;

export function compileSkeleton(source: SkeletonSource): CompiledSkeleton {
  const hb = Handlebars.create();
  hb.registerHelper(SAFE_HELPERS);
  const compiled = source.templates.map((t) => {
    const fn = hb.compile(t.program, COMPILE_OPTIONS);
    const { part, file } = outputOf(t.output);
    return { folder: part, template: { file, origin: t.origin, render: (view: unknown) => composeValues(fn(view)) } };
  });
  const pick = (folder: string) => compiled.filter((c) => c.folder === folder && c.template.file !== KUSTOMIZATION).map((c) => c.template);
  const kustomization = (folder: string) => {
    const found = compiled.find((c) => c.folder === folder && c.template.file === KUSTOMIZATION);
    if (!found) throw new Error(`skeleton ${source.name} has no ${folder}/${KUSTOMIZATION}.hbs`);
    return found.template;
  };
  return {
    workload: source.workload,
    base: pick('base'),
    overlay: pick('overlay'),
    overlayResources: pick('overlayResources'),
    baseKustomization: kustomization('base'),
    overlayKustomization: kustomization('overlay'),
  };
}
