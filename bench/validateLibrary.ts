/**
 * Library-level validation throughput: every file `scaffold render` writes under a
 * gitops root, checked in this one process as render checks them before writing
 * (checkPlannedFiles, through checkManifestText as `scaffold validate` checks files).
 * The apps are rendered first, untimed, so the files, their content and their roles
 * (resource, patch, kustomization) are the renderer's own.
 * bench/run.mjs bundles it as the CLI is bundled and runs it; it prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { findAppSpecs } from '../src/io/appSpecs.ts';
import { planApps } from '../src/pipeline/appPlans.ts';
import { skeletonDirs } from '../src/io/skeletonFolders.ts';
import type { ResourceStatus } from '../src/validate/manifests.ts';
import { checkPlannedFiles } from '../src/validate/plannedFiles.ts';
import { bundledKubernetes, schemasByVersion } from '../src/io/schemaFolders.ts';
import { newestMinor } from '../src/schemas/kubernetesVersions.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: validateLibrary.ts GITOPS_ROOT');

const { specs, issues: notFound } = findAppSpecs(root, [], process.cwd());
const rendered = planApps(root, specs, skeletonDirs([]));
const renderIssues = [...notFound, ...rendered.issues];
if (renderIssues.length > 0) throw new Error(`render failed: ${JSON.stringify(renderIssues.slice(0, 5))}`);
const files = rendered.plans.flatMap((plan) => plan.files);

const start = performance.now();
const schemas = schemasByVersion([])(newestMinor(bundledKubernetes().versions));
const verdicts: Partial<Record<ResourceStatus, number>> = {};
let issues = 0;
for (const result of checkPlannedFiles(files, { ...schemas, ignoreMissingSchemas: false })) {
  verdicts[result.status] = (verdicts[result.status] ?? 0) + 1;
  issues += result.issues.length;
}
const ms = performance.now() - start;
const documents = Object.entries(verdicts).reduce((sum, [status, count]) => (status === 'empty' ? sum : sum + count), 0);
process.stdout.write(`${JSON.stringify({ files: files.length, documents, verdicts, issues, ms, documentsPerSecond: documents / (ms / 1000) })}\n`);
