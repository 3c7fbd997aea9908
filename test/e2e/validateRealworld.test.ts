/**
 * `scaffold validate` on real repositories (../shared/realworld: Argo CD's
 * examples and Google's microservices-demo, Kustomize components, patches,
 * a file with trailing tabs): it never crashes, and every object gets the
 * verdict the official schemas give it (Kubernetes 1.36 OpenAPI converted
 * by the same strict.ts), kustomization files the verdict of the real
 * Kustomize, and kinds neither knows (CRDs) are reported as such.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JsonResource } from '../../src/cli/output/validate/json.ts';
import { parseYamlStream } from '../../src/yamlSource/parse.ts';
import { runCli } from '../support/cli.ts';
import { HAS_KUBECTL } from '../support/kubectl.ts';
import { oracleValidators } from '../support/oracle.ts';
import { REALWORLD_DIR, SWAGGER_FILE, available } from '../support/paths.ts';

const haveData = available(REALWORLD_DIR, 'scaffold validate on real-world manifests') && available(SWAGGER_FILE, 'scaffold validate on real-world manifests');

/** Files the realworld kustomizations apply as patches (by path relative to REALWORLD_DIR). */
function patchFiles(files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files.filter((f) => path.basename(f) === 'kustomization.yaml')) {
    const value = parseYamlStream(readFileSync(path.join(REALWORLD_DIR, file), 'utf8'), file).documents[0]?.value as { patches?: { path?: string }[] } | null;
    for (const patch of value?.patches ?? []) if (patch.path) out.add(path.join(path.dirname(file), patch.path));
  }
  return out;
}

/** A strategic-merge patch's directives are no fields; its required fields come from what it patches. */
function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, withoutDirectives(v)]));
}

describe.skipIf(!haveData)('scaffold validate on real-world repositories', () => {
  let files: string[];
  let resources: JsonResource[];
  let code: number | null;
  let stderr: string;

  beforeAll(() => {
    files = readdirSync(REALWORLD_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort();
    const r = runCli(['validate', '-o', 'json', '--verbose', '--schema-only', '.'], { cwd: REALWORLD_DIR });
    code = r.code;
    stderr = r.stderr;
    resources = (JSON.parse(r.stdout) as { resources: JsonResource[] }).resources;
  });

  it('reads every file without an error of its own, and says why it fails: kinds without a schema', () => {
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(new Set(resources.map((r) => r.filename.replace(/^\.\//, '')))).toEqual(new Set(files));
    const failing = resources.filter((r) => r.status !== 'statusValid' && r.status !== 'statusEmpty');
    expect(failing.every((r) => r.status === 'statusError' && r.validationErrors?.[0]?.rule === 'missing-schema'), JSON.stringify(failing, null, 2)).toBe(true);
    expect([...new Set(failing.map((r) => `${r.version}/${r.kind}`))].sort()).toEqual([
      'gateway.networking.k8s.io/v1beta1/Gateway',
      'gateway.networking.k8s.io/v1beta1/HTTPRoute',
      'networking.istio.io/v1alpha3/ServiceEntry',
      'networking.istio.io/v1alpha3/VirtualService',
    ]);
  });

  it('gives every object the verdict of the official Kubernetes schemas (patches as partial documents)', () => {
    const official = oracleValidators();
    const patches = patchFiles(files);
    let compared = 0;
    const disagreements: string[] = [];
    for (const file of files) {
      for (const doc of parseYamlStream(readFileSync(path.join(REALWORLD_DIR, file), 'utf8'), file).documents) {
        const value = doc.value as { apiVersion?: string; kind?: string } | null;
        if (value === null || value.kind === undefined) continue;
        const validator = official.get(`${value.apiVersion}/${value.kind}`)?.();
        if (validator === undefined) continue;
        const partial = patches.has(file);
        const valid = partial ? (validator(withoutDirectives(value)) || (validator.errors ?? []).every((e) => e.keyword === 'required')) : validator(value);
        const ours = resources.find((r) => r.filename.replace(/^\.\//, '') === file && r.line === doc.start.line);
        compared++;
        if ((ours?.status === 'statusValid') !== valid) disagreements.push(`${file}:${doc.start.line} ${value.kind}: ours ${ours?.status} (${ours?.msg}), official ${valid ? 'valid' : 'invalid'}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  it('accepts the file with trailing tabs, and the $patch: delete patch a component applies', () => {
    const find = (file: string) => resources.filter((r) => r.filename.endsWith(file)).map((r) => r.status);
    expect(find('kustomize-guestbook/guestbook-ui-svc.yaml')).toEqual(['statusValid']);
    expect(find('without-loadgenerator/delete-loadgenerator.patch.yaml')).toEqual(['statusValid']);
  });

  it('warns about the deprecated kustomization fields it finds (bases)', () => {
    const warned = resources.filter((r) => r.validationErrors?.some((e) => e.severity === 'warning'));
    expect(warned.map((r) => `${r.filename.replace(/^\.\//, '')}: ${r.msg}`)).toEqual([
      'argocd-example-apps/pre-post-sync/kustomization.yaml: bases: deprecated since Kustomize v5: use resources (folders of other kustomizations are resources too)',
    ]);
  });

  it.skipIf(!HAS_KUBECTL)('judges kustomization files as Kustomize decodes them', () => {
    const kustomizations = resources.filter((r) => r.kind === 'Kustomization' || r.kind === 'Component');
    expect(kustomizations.length).toBeGreaterThan(15);
    for (const k of kustomizations) {
      const dir = path.join(REALWORLD_DIR, path.dirname(k.filename));
      const decode = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      const refused = /unknown field|cannot unmarshal|invalid Kustomization/.test(decode.stderr);
      expect(refused, `${k.filename}: ${decode.stderr}`).toBe(k.status !== 'statusValid');
    }
  });

  it('runs the policies on them too without failing to judge anything', () => {
    const r = runCli(['validate', '-o', 'json', '--ignore-missing-schemas', '.'], { cwd: REALWORLD_DIR });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { resources: JsonResource[] };
    const rules = new Set(report.resources.flatMap((x) => (x.validationErrors ?? []).map((e) => e.rule)));
    // microservices-demo requests less than its limits, and ships no IRSA or secrets. Its pods meet
    // Pod Security "restricted" but for a seccomp profile; Argo CD's examples set no securityContext at
    // all, and sock-shop's databases add capabilities (CHOWN, SETUID, ...) restricted forbids.
    expect([...rules].sort()).toEqual(['kustomization', 'pod-security-restricted', 'qos-guaranteed']);
    const podSecurity = report.resources.flatMap((x) => (x.validationErrors ?? []).filter((e) => e.rule === 'pod-security-restricted').map((e) => ({ file: x.filename, control: /\(([^)]+)\) requires/.exec(e.msg)?.[1] })));
    expect(new Set(podSecurity.filter((f) => f.file.includes('microservices-demo/')).map((f) => f.control))).toEqual(new Set(['Seccomp']));
    expect(new Set(podSecurity.map((f) => f.control))).toEqual(new Set(['Seccomp', 'Capabilities', 'Privilege Escalation', 'Running as Non-root']));
    expect(r.code).toBe(1);
  });
});
