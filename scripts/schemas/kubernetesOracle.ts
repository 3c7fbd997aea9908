/**
 * Reads the official Kubernetes OpenAPI documents the bundled schemas are
 * made from (see ../shared/oracle/README.md): for each minor, the OpenAPI v3
 * documents of every group-version (`oracle/kubernetes/openapi-v3/<minor>/`),
 * or else its OpenAPI v2 document (`oracle/kubernetes/swagger-v<minor>.json`).
 * Each input is recorded with its sha256, for the provenance file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NamedDocument } from '../../src/schemas/kubernetesApi.ts';
import { sha256 } from '../../src/schemas/kubernetesBundle.ts';
import { compareMinors } from '../../src/schemas/servedTable.ts';

export interface OracleVersion {
  version: string;
  format: 'OpenAPI v3' | 'OpenAPI v2';
  /** Named by their path relative to the shared folder, as provenance records them. */
  documents: NamedDocument[];
  sources: { path: string; sha256: string }[];
}

const KUBERNETES = 'oracle/kubernetes';

export class MissingOracleError extends Error {}

/** Every minor the oracle holds, oldest first. Throws MissingOracleError, saying what is expected where, when there is none. */
export function readKubernetesOracle(sharedDir: string): OracleVersion[] {
  const dir = path.join(sharedDir, KUBERNETES);
  const v3Dir = path.join(dir, 'openapi-v3');
  const v3 = existsSync(v3Dir) ? readdirSync(v3Dir).filter((name) => /^1\.\d+$/.test(name)) : [];
  const v2 = existsSync(dir) ? readdirSync(dir).flatMap((name) => /^swagger-v(1\.\d+)\.json$/.exec(name)?.[1] ?? []) : [];
  const versions = [...new Set([...v3, ...v2])].sort(compareMinors);
  if (versions.length === 0) {
    throw new MissingOracleError(
      `no official Kubernetes OpenAPI documents in ${dir}: expected openapi-v3/<minor>/{api,apis}/**.json or swagger-v<minor>.json ` +
        `(the reference data of ../shared/oracle, see its README.md). The bundled schemas are generated from them and cannot be made without them.`,
    );
  }
  return versions.map((version) => {
    // Where a minor has both, the v3 documents win: they are what the API server of that minor serves per group-version.
    const files = v3.includes(version)
      ? readdirSync(path.join(v3Dir, version), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.posix.join(KUBERNETES, 'openapi-v3', version, f.split(path.sep).join('/')))
          .sort()
      : [path.posix.join(KUBERNETES, `swagger-v${version}.json`)];
    const sources: OracleVersion['sources'] = [];
    const documents: NamedDocument[] = [];
    for (const file of files) {
      const bytes = readFileSync(path.join(sharedDir, file));
      sources.push({ path: file, sha256: sha256(bytes) });
      documents.push({ name: file, document: parseJson(bytes.toString('utf8'), file) });
    }
    return { version, format: v3.includes(version) ? 'OpenAPI v3' : 'OpenAPI v2', documents, sources };
  });
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${file}: not JSON: ${(err as Error).message}`);
  }
}
