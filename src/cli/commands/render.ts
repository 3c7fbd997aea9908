import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Issue } from '../../validate/issue.ts';
import { diffPlans, type FileChange } from '../../write/changes.ts';
import { changesOutsideRoot } from '../../write/confine.ts';
import { writeTree, type WriteSummary } from '../../write/writeTree.ts';
import { appSpecsOrIssues } from '../discover.ts';
import { ExitCode, type Runner } from '../exit.ts';
import { driftCount, driftOf, driftText } from '../output/driftReport.ts';
import { formatIssue, styleFor } from '../output/issueText.ts';
import { progressFor } from '../output/progress.ts';
import { renderSpecs, skeletonDirs, validateChanges } from '../renderPipeline.ts';

export interface RenderOptions {
  root: string;
  force: boolean;
  check: boolean;
  output: 'text' | 'json';
  skeletons: string[];
  schemas: string[];
  ignoreMissingSchemas: boolean;
}

export function registerRender(program: Command, run: Runner): void {
  program
    .command('render')
    .description('Render apps/<name>/app.yaml into apps/<name>/base and apps/<name>/overlays/<env> (Kustomize v5).')
    .argument('[paths...]', 'app.yaml files or app folders (default: every apps/*/app.yaml under --root)')
    .option('--root <dir>', 'gitops repository root', '.')
    .option('--check', 'write nothing; exit 1 and show a diff when generated files are not what the specs produce (for CI)', false)
    .option('--force', 'overwrite generated files that were edited by hand, and files scaffold did not generate', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--skeletons <dir>', 'extra skeleton folder, searched before the built-in ones (repeatable)', collect, [])
    .option('--schemas <dir>', 'extra JSON schema folder for kinds your skeletons render, searched before the built-in schemas (repeatable)', collect, [])
    .option('--ignore-missing-schemas', 'accept rendered kinds that have no schema instead of failing', false)
    .action((paths: string[], options: RenderOptions) => run(() => render(paths, options)));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function render(paths: readonly string[], options: RenderOptions): number {
  const root = resolve(options.root);
  const json = options.output === 'json';
  const { specs: specPaths, issues: notFound } = appSpecsOrIssues(root, paths);
  if (notFound.length > 0) return failWithIssues(notFound, json);

  const progress = progressFor(process.stderr, !json);
  const result = renderSpecs(root, specPaths, skeletonDirs(options.skeletons.map((d) => resolve(d))), (done, total, spec) =>
    progress.update(done, total, spec),
  );
  progress.done();
  if (result.issues.length > 0) return failWithIssues(result.issues, json);

  const changes = diffPlans(result.plans, root);
  if (options.check) return reportCheck(changes, result.plans.length, json);

  const conflicts = changes.filter((c) => c.conflict && c.action !== 'unchanged');
  if (conflicts.length > 0 && !options.force) return refuseConflicts(conflicts, json);
  const outside = changesOutsideRoot(changes, root);
  if (outside.length > 0) return failWithIssues(outside, json);
  const invalid = validateChanges(result.plans, changes, {
    schemaDirs: options.schemas.map((d) => resolve(d)),
    ignoreMissingSchemas: options.ignoreMissingSchemas,
  });
  if (invalid.length > 0) return failWithIssues(invalid, json);
  return reportWritten(writeTree(changes, root), result.plans.length, json);
}

function failWithIssues(issues: readonly Issue[], json: boolean): number {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: false, issues }, null, 2)}\n`);
  } else {
    const style = styleFor(process.stderr);
    for (const issue of issues) process.stderr.write(`${formatIssue(issue, style)}\n`);
    process.stderr.write(`${plural(issues.length, 'problem')}; nothing was written\n`);
  }
  return ExitCode.Failure;
}

function reportCheck(changes: readonly FileChange[], apps: number, json: boolean): number {
  const drift = driftOf(changes);
  const count = driftCount(drift);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: count === 0, apps, ...drift }, null, 2)}\n`);
  } else if (count === 0) {
    process.stdout.write(`${plural(apps, 'app')} checked: every generated file is current\n`);
  } else {
    process.stdout.write(driftText(changes, styleFor(process.stdout)));
    const style = styleFor(process.stderr);
    process.stderr.write(
      `${style.red('drift')}: ${plural(count, 'generated file')} not what the app specs produce (${drift.changed.length} changed, ${drift.missing.length} missing, ${drift.stale.length} stale${drift.handEdited.length ? `, ${drift.handEdited.length} edited by hand` : ''}); run \`scaffold render\` and commit the result\n`,
    );
  }
  return count === 0 ? ExitCode.Ok : ExitCode.Failure;
}

function refuseConflicts(conflicts: readonly FileChange[], json: boolean): number {
  const message = (c: FileChange) =>
    c.conflict === 'hand-edited'
      ? `edited by hand since scaffold generated it; refusing to ${c.action === 'delete' ? 'delete' : 'overwrite'} it. To keep the change, move it into a file of your own listed in app.yaml (patches or extraResources of the environment); to discard it, run again with --force`
      : 'exists but was not generated by scaffold; refusing to overwrite it. Move it away, or run again with --force';
  return failWithIssues(
    conflicts.map((c) => ({ severity: 'error', rule: c.conflict!, file: c.path, message: message(c) })),
    json,
  );
}

function reportWritten(summary: WriteSummary, apps: number, json: boolean): number {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: true, apps, ...summary }, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const out = styleFor(process.stdout);
  for (const path of summary.created) process.stdout.write(`${out.green('created')} ${path}\n`);
  for (const path of summary.updated) process.stdout.write(`${out.yellow('updated')} ${path}\n`);
  for (const path of summary.deleted) process.stdout.write(`${out.red('deleted')} ${path}\n`);
  process.stdout.write(
    `rendered ${plural(apps, 'app')}: ${summary.created.length} created, ${summary.updated.length} updated, ${summary.deleted.length} deleted, ${summary.unchanged} unchanged\n`,
  );
  return ExitCode.Ok;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
