/**
 * The checks on what Kustomize builds, as `validate --build` runs them: every
 * kustomization root of the examples and of ../shared/realworld built and
 * validated as one input, so that the check across objects (a Service's
 * named targetPort on the pods it selects) sees each whole app. Every root
 * must build, and no check may find anything.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInputFiles } from '../../src/io/inputFiles.ts';
import { findKustomize } from '../../src/io/kustomize.ts';
import { kustomizationRoots, validateBuilds } from '../../src/pipeline/validateBuilds.ts';
import { API_SERVER_CHECKS } from '../../src/validate/checks/index.ts';
import type { BuiltObject } from '../../src/validate/build.ts';
import { checkObjects, type ResourceResult } from '../../src/validate/manifests.ts';
import { CHECK_IDS } from '../../src/vocabulary/issue.ts';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT, REALWORLD_DIR, available } from '../support/paths.ts';
import { targetSchemas } from '../support/schemas.ts';

const schemas = targetSchemas();
const CHECKS: ReadonlySet<string> = new Set(CHECK_IDS);

function validateBuilt(root: string) {
  const roots = kustomizationRoots(findInputFiles([root], { cwd: PROJECT_ROOT, names: /\.ya?ml$|^Kustomization$/ }));
  const results: ResourceResult[] = [];
  const options = { ...schemas, policies: API_SERVER_CHECKS, ignoreMissingSchemas: true, skipKinds: new Set<string>() };
  const checks = { policies: API_SERVER_CHECKS, judge: (objects: readonly BuiltObject[], file: string) => checkObjects(objects, file, options), display: (file: string) => path.relative(PROJECT_ROOT, file) };
  validateBuilds(roots, findKustomize(process.env['PATH'])!, checks, (r) => results.push(r));
  const issues = results.flatMap((r) => r.issues);
  return {
    roots: roots.length,
    services: results.filter((r) => r.kind === 'Service').length,
    failed: issues.filter((i) => i.rule === 'build').map((i) => `${i.file}: ${i.message}`),
    findings: issues.filter((i) => CHECKS.has(i.rule)).map((i) => `${i.file}:${i.line} ${i.rule} ${i.path}: ${i.message}`),
  };
}

describe.skipIf(!HAS_KUBECTL)('API server checks on kustomize builds (validate --build)', () => {
  it('find nothing in the overlays of the examples', () => {
    const { roots, services, failed, findings } = validateBuilt(path.join(EXAMPLES, 'apps'));
    expect(roots).toBeGreaterThanOrEqual(4);
    expect(services).toBeGreaterThanOrEqual(2);
    expect(failed).toEqual([]);
    expect(findings).toEqual([]);
  });

  it.skipIf(!available(REALWORLD_DIR, 'API server checks on real-world kustomize builds'))('find nothing in the real-world kustomizations', () => {
    const { roots, services, failed, findings } = validateBuilt(REALWORLD_DIR);
    expect(roots).toBeGreaterThan(3);
    expect(services).toBeGreaterThan(10);
    expect(failed).toEqual([]);
    expect(findings).toEqual([]);
  });
});
