/**
 * The checks on what Kustomize builds: every overlay of the examples and
 * every kustomization of ../shared/realworld that builds, each build one
 * input, so that the check across objects (a Service's named targetPort on
 * the pods it selects) sees the whole app. Nothing may be found; the check
 * across objects must have had Services with named target ports to judge.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../../src/io/schemaFolders.ts';
import { checkInputText } from '../../src/validate/acrossObjects.ts';
import { API_SERVER_CHECKS } from '../../src/validate/checks/index.ts';
import type { ResourceResult } from '../../src/validate/manifests.ts';
import { CHECK_IDS } from '../../src/vocabulary/issue.ts';
import { HAS_KUBECTL, kustomize } from '../support/kubectl.ts';
import { EXAMPLES, PROJECT_ROOT, REALWORLD_DIR, available } from '../support/paths.ts';

const registry = createSchemaRegistry({ schemaDirs: [], builtinRoot: path.join(PROJECT_ROOT, 'schemas') });
const CHECKS: ReadonlySet<string> = new Set(CHECK_IDS);

function kustomizationDirs(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'kustomization.yaml').map((f) => path.join(root, path.dirname(f))).sort();
}

function checkBuild(text: string, name: string): ResourceResult[] {
  return checkInputText(text, name, { kustomizationFile: false, discovered: false }, { registry, policies: API_SERVER_CHECKS, ignoreMissingSchemas: true, skipKinds: new Set() });
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
    namedTargetPorts += (build.stdout.match(/targetPort: [a-z]/g) ?? []).length;
    findings.push(...checkBuild(build.stdout, name).flatMap((r) => r.issues).filter((i) => CHECKS.has(i.rule)).map((i) => `${name}:${i.line} ${i.rule} ${i.path}: ${i.message}`));
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
    const issues = checkBuild(text, 'build').flatMap((r) => r.issues);
    expect(issues.map((i) => `${i.rule} ${i.kind}/${i.name} ${i.path}: ${i.message}`)).toEqual([
      expect.stringMatching(/^service-target-port Service\/checkout spec\.ports\[0\]\.targetPort: targetPort "metrics" \(TCP\) is no port of the pods this Service selects \(Deployment\/checkout/),
    ]);
    expect(issues[0]!.line).toBe(text.split('\n').findIndex((l) => l.includes('targetPort: metrics')) + 1);
  });

  it.skipIf(!available(REALWORLD_DIR, 'API server checks on real-world kustomize builds'))('find nothing in the real-world kustomizations that build', () => {
    const { built, findings } = judgeBuilds(kustomizationDirs(REALWORLD_DIR));
    expect(built).toBeGreaterThan(3);
    expect(findings).toEqual([]);
  });
});
