/**
 * A CustomResourceDefinition as converter input: each version's
 * openAPIV3Schema becomes one definition carrying its group/version/kind.
 */
import type { Definition } from './strict.ts';

interface CustomResourceDefinition {
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name?: string; served?: boolean; schema?: { openAPIV3Schema?: Definition } }[];
  };
}

/**
 * Definitions named `<group>.<version>.<Kind>`, for the versions that are
 * served and have a schema. Throws when the document is not a CRD.
 */
export function definitionsFromCrd(document: unknown): Record<string, Definition> {
  const spec = (document as CustomResourceDefinition | null)?.spec;
  const group = spec?.group;
  const kind = spec?.names?.kind;
  if (group === undefined || kind === undefined || !Array.isArray(spec?.versions)) {
    throw new Error('not a CustomResourceDefinition: spec.group, spec.names.kind or spec.versions is missing');
  }
  const out: Record<string, Definition> = {};
  for (const version of spec.versions) {
    const schema = version.schema?.openAPIV3Schema;
    if (version.name === undefined || version.served === false || schema === undefined) continue;
    out[`${group}.${version.name}.${kind}`] = {
      ...schema,
      'x-kubernetes-group-version-kind': [{ group, version: version.name, kind }],
    };
  }
  return out;
}
