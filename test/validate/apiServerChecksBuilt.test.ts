/**
 * The checks on what Kustomize builds, as `validate --build` will run them:
 * every overlay of the examples and every kustomization of ../shared/realworld
 * that builds, with the checks of one object at a time and the check across
 * objects (a Service's named targetPort on the pods it selects) over the
 * whole build. Nothing may be found; the cross-object check must have had
 * Services with named target ports and the pods they select to judge.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_SERVER_CHECKS, serviceTargetPortFindings } from '../../src/validate/checks/index.ts';
import { checkManifestText } from '../../src/validate/manifests.ts';
import { createSchemaRegistry } from '../../src/validate/registry.ts';
import { isMapping } from '../../src/yamlSource/mapping.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT, REALWORLD_DIR, available } from '../support/paths.ts';

const registry = createSchemaRegistry({ schemaDirs: [], builtinRoot: path.join(PROJECT_ROOT, 'schemas') });
const CHECK_IDS = new Set(API_SERVER_CHECKS.map((c) => c.id));

function kustomizationDirs(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'kustomization.yaml').map((f) => path.join(root, path.dirname(f))).sort();
}

function judgeBuilds(dirs: readonly string[]) {
  const findings: string[] = [];
  let built = 0;
  let namedTargetPorts = 0;
  for (const dir of dirs) {
    const build = kustomize(dir);
    // Components and bases that need a parent do not build alone.
    if (build.code !== 0) continue;
    built++;
    const name = path.relative(PROJECT_ROOT, dir);
    const issues = checkManifestText(build.stdout, name, { kustomizationFile: false, discovered: false }, { registry, policies: API_SERVER_CHECKS, ignoreMissingSchemas: true, skipKinds: new Set() })
      .flatMap((r) => r.issues)
      .filter((i) => CHECK_IDS.has(i.rule));
    findings.push(...issues.map((i) => `${name}:${i.line} ${i.rule} ${i.path}: ${i.message}`));
    const objects = parseYamlStream(build.stdout, name, { version: '1.1' }).documents.flatMap((d) => (isMapping(d.value) ? [{ value: d.value, ref: d.start.line }] : []));
    namedTargetPorts += objects.filter((o) => o.value['kind'] === 'Service' && JSON.stringify(o.value['spec'] ?? {}).match(/"targetPort":"/)).length;
    findings.push(...serviceTargetPortFindings(objects).map((f) => `${name}:${f.ref} ${f.rule}: ${f.message}`));
  }
  return { built, namedTargetPorts, findings };
}

describe.skipIf(!HAS_KUBECTL)('API server checks on kustomize builds', () => {
  it('find nothing in the overlays of the examples', () => {
    const { built, namedTargetPorts, findings } = judgeBuilds(kustomizationDirs(path.join(EXAMPLES, 'apps')));
    expect(built).toBeGreaterThanOrEqual(4);
    expect(namedTargetPorts).toBeGreaterThan(0);
    expect(findings).toEqual([]);
  });

  it('would report a Service whose targetPort the built pods do not declare', () => {
    const build = kustomize(path.join(EXAMPLES, 'apps/checkout/overlays/production'));
    const text = build.stdout.replace(/targetPort: http\b/, 'targetPort: metrics');
    const objects = parseYamlStream(text, 'build', { version: '1.1' }).documents.flatMap((d) => (isMapping(d.value) ? [{ value: d.value, ref: d.start.line }] : []));
    expect(serviceTargetPortFindings(objects).map((f) => f.message)).toEqual([expect.stringContaining('targetPort "metrics" (TCP) is no port of the pods this Service selects (Deployment/checkout')]);
  });

  it.skipIf(!available(REALWORLD_DIR, 'API server checks on real-world kustomize builds'))('find nothing in the real-world kustomizations that build', () => {
    const { built, findings } = judgeBuilds(kustomizationDirs(REALWORLD_DIR));
    expect(built).toBeGreaterThan(3);
    expect(findings).toEqual([]);
  });
});
