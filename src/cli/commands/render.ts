import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { bundledKubernetes } from '../../io/schemaFolders.ts';
import { checkApps, renderApps, type CheckResult, type RenderResult } from '../../pipeline/render.ts';
import { plural } from '../../vocabulary/plural.ts';
import type { Runner } from '../exit.ts';
import { checkedKubernetesVersion, kubernetesVersionOption, repeatable } from '../options.ts';
import { driftText } from '../output/driftReport.ts';
import { printable } from '../output/printable.ts';
import { printOutcome, type ResultView } from '../output/printer.ts';
import { progressFor } from '../output/progress.ts';
import type { Streams } from '../output/streams.ts';

export interface RenderOptions {
  root: string;
  force: boolean;
  check: boolean;
  output: 'text' | 'json';
  skeletons: string[];
  schemas: string[];
  ignoreMissingSchemas: boolean;
  kubernetesVersion?: string;
}

export function registerRender(program: Command, run: Runner, streams: Streams): void {
  program
    .command('render')
    .description('Render apps/<name>/app.yaml into apps/<name>/base and apps/<name>/overlays/<env> (Kustomize v5).')
    .argument('[paths...]', 'app.yaml files or app folders (default: every apps/*/app.yaml under --root)')
    .option('--root <dir>', 'gitops repository root', '.')
    .option('--check', 'write nothing; exit 1 and show a diff when generated files are not what the specs produce (for CI)', false)
    .option('--force', 'overwrite generated files that were edited by hand, and files scaffold did not generate', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--skeletons <dir>', 'extra skeleton folder, searched before the built-in ones (repeatable)', repeatable, [])
    .option('--schemas <dir>', 'extra JSON schema folder for kinds your skeletons render, searched before the built-in schemas (repeatable)', repeatable, [])
    .option('--ignore-missing-schemas', 'accept rendered kinds that have no schema instead of failing', false)
    .addOption(
      kubernetesVersionOption(
        bundledKubernetes().versions,
        "each overlay's files (generated and your own) are checked against its environment's kubernetesVersion (app.yaml's, else .scaffold.yaml's), the base's against every environment's; an environment without one against NEWEST",
      ),
    )
    .action((paths: string[], options: RenderOptions) => run(() => render(paths, options, streams), options.output));
}

export function render(paths: readonly string[], options: RenderOptions, streams: Streams): number {
  const kubernetesVersion = checkedKubernetesVersion(options.kubernetesVersion, bundledKubernetes().versions);
  const progress = progressFor(streams.stderr, streams.env, options.output === 'text');
  const request = {
    root: resolve(streams.cwd, options.root),
    paths,
    cwd: streams.cwd,
    skeletonDirs: options.skeletons.map((d) => resolve(streams.cwd, d)),
    schemaDirs: options.schemas.map((d) => resolve(streams.cwd, d)),
    ignoreMissingSchemas: options.ignoreMissingSchemas,
    ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }),
    force: options.force,
    onProgress: (done: number, total: number, spec: string) => progress.update(done, total, spec),
  };
  const outcome = options.check ? checkApps(request) : renderApps(request);
  progress.done();
  return options.check
    ? printOutcome(outcome as ReturnType<typeof checkApps>, options.output, streams, CHECKED)
    : // A result beside an error: a write nobody could foresee failed midway, after the preflight.
      printOutcome(outcome as ReturnType<typeof renderApps>, options.output, streams, WRITTEN, outcome.result ? 'render stopped there; run it again once the cause is fixed' : undefined);
}

const CHECKED: ResultView<CheckResult> = {
  ok: (r) => r.driftCount === 0,
  json: (r) => ({ apps: r.apps, config: r.config, ...r.drift }),
  text(r, out, err) {
    if (r.driftCount === 0) {
      out.write(`${plural(r.apps, 'app')} checked: every generated file is current\n`);
      return;
    }
    out.write(driftText(r.changes, out.style));
    const { drift } = r;
    err.write(
      `${err.style.red('drift')}: ${plural(r.driftCount, 'generated file')} not what the app specs produce (${drift.changed.length} changed, ${drift.missing.length} missing, ${drift.stale.length} stale${drift.handEdited.length ? `, ${drift.handEdited.length} edited by hand` : ''}); run \`scaffold render\` and commit the result\n`,
    );
  },
};

const WRITTEN: ResultView<RenderResult> = {
  json: (r) => ({ apps: r.apps, config: r.config, ...r.written }),
  text(r, out) {
    const { written } = r;
    for (const path of written.created) out.write(`${out.style.green('created')} ${printable(path)}\n`);
    for (const path of written.updated) out.write(`${out.style.yellow('updated')} ${printable(path)}\n`);
    for (const path of written.deleted) out.write(`${out.style.red('deleted')} ${printable(path)}\n`);
    out.write(
      `rendered ${plural(r.apps, 'app')}: ${written.created.length} created, ${written.updated.length} updated, ${written.deleted.length} deleted, ${written.unchanged} unchanged\n`,
    );
  },
};
