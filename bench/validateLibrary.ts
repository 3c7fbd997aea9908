/**
 * Library-level validation throughput: parseYamlStream + validateDocument over every
 * rendered file under a gitops root, in this one process, as `scaffold validate` and
 * `scaffold render` do it. bench/run.mjs bundles it as the CLI is bundled and runs it;
 * it prints one JSON line.
 *
 * Files are read as Kustomize reads them (YAML 1.1); overlay files other than the
 * kustomization are patches, checked as partial documents. Kustomization files count
 * only when the registry has a schema for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validateDocument } from '../src/validate/documents.ts';
import { createSchemaRegistry, defaultBuiltinRoot } from '../src/validate/registry.ts';
import { parseYamlStream } from '../src/yamlSource/parse.ts';

const KUSTOMIZATION = 'kustomization.yaml';

interface RenderedFile {
  path: string;
  patch: boolean;
}

function renderedFiles(root: string, withKustomizations: boolean): RenderedFile[] {
  const files: RenderedFile[] = [];
  const collect = (dir: string, patch: boolean) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      if (!name.endsWith('.yaml') || (name === KUSTOMIZATION && !withKustomizations)) continue;
      files.push({ path: `${dir}/${name}`, patch: patch && name !== KUSTOMIZATION });
    }
  };
  for (const app of readdirSync(join(root, 'apps')).sort()) {
    collect(`apps/${app}/base`, false);
    for (const env of readdirSync(join(root, 'apps', app, 'overlays')).sort()) collect(`apps/${app}/overlays/${env}`, true);
  }
  return files;
}

const root = process.argv[2];
if (!root) throw new Error('usage: validateLibrary.ts GITOPS_ROOT');

const start = performance.now();
const registry = createSchemaRegistry({ schemaDirs: [], builtinRoot: defaultBuiltinRoot() });
const files = renderedFiles(root, registry.lookup('kustomize.config.k8s.io/v1beta1', 'Kustomization') !== undefined);
let documents = 0;
let issues = 0;
for (const file of files) {
  const parsed = parseYamlStream(readFileSync(join(root, file.path), 'utf8'), file.path, { version: '1.1' });
  issues += parsed.issues.length;
  for (const doc of parsed.documents) {
    documents++;
    issues += validateDocument(doc, file.path, { registry, partial: file.patch }).length;
  }
}
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ files: files.length, documents, issues, ms, documentsPerSecond: documents / (ms / 1000) })}\n`);
