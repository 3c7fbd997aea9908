import { bundledKubernetes, schemasByVersion } from '../../src/io/schemaFolders.ts';
import { newestMinor } from '../../src/schemas/kubernetesVersions.ts';
import type { TargetSchemas } from '../../src/validate/registry.ts';

/** The bundled minors, oldest first, and the newest: the default target. */
export const BUNDLED = bundledKubernetes().versions;
export const NEWEST = newestMinor(BUNDLED);

/** The built-in schemas and API of a bundled minor (the newest by default), after the given user folders. */
export function targetSchemas(version: string = NEWEST, schemaDirs: readonly string[] = []): TargetSchemas {
  return schemasByVersion(schemaDirs)(version);
}
