/** `scaffold skeletons list` and `scaffold skeletons check`, around src/pipeline/skeletons.ts. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { checkSkeletons, listSkeletons, type SkeletonCheckResult, type SkeletonListing } from '../../pipeline/skeletons.ts';
import { plural } from '../../vocabulary/plural.ts';
import type { Runner } from '../exit.ts';
import { repeatable } from '../options.ts';
import { printOutcome, type ResultView } from '../output/printer.ts';
import type { Streams } from '../output/streams.ts';

interface ListOptions {
  root: string;
  skeletons: string[];
  output: 'text' | 'json';
}

interface CheckOptions extends ListOptions {
  schemas: string[];
  ignoreMissingSchemas: boolean;
}

const CHECK_HELP = `
DIR is a folder of skeletons (every skeleton in it is checked) or one skeleton's
folder. Its skeletons may extend the built-in ones and those of .scaffold.yaml.

Every template is read against the view it is rendered with, every {{#if}} and
{{else}} branch included: a field the view does not have, #each over something
that is not a list, a value printed without {{str}} or {{int}} or with the wrong
one, a partial or an unknown block helper is reported with the template's file,
line and column. Then each skeleton renders two sample apps (every field set, and
none that may be left out) and every rendered document is validated.

Exit codes: 0 clean, 1 problems, 2 usage error.`;

export function registerSkeletons(program: Command, run: Runner, streams: Streams): void {
  const skeletons = program.command('skeletons').description('List the skeletons apps can use, and check a folder of skeletons before any app uses it.');

  skeletons
    .command('list')
    .description('List the skeletons (built-in, the ones .scaffold.yaml names, --skeletons) with what each extends and renders.')
    .option('--root <dir>', 'gitops repository root (its .scaffold.yaml names skeleton folders)', '.')
    .option('--skeletons <dir>', 'extra skeleton folder, searched first (repeatable)', repeatable, [])
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: ListOptions) => run(() => list(options, streams), options.output));

  skeletons
    .command('check')
    .description("Check a skeleton folder's templates against the view model (every branch) and the documents they render.")
    .argument('<dir>', 'a folder of skeletons, or one skeleton folder')
    .option('--root <dir>', 'gitops repository root (its .scaffold.yaml names skeleton folders)', '.')
    .option('--skeletons <dir>', 'other skeleton folders the checked ones may extend (repeatable)', repeatable, [])
    .option('--schemas <dir>', 'JSON schema folder for kinds the skeletons render beyond the built-in ones (repeatable)', repeatable, [])
    .option('--ignore-missing-schemas', 'accept rendered kinds that have no schema', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', CHECK_HELP)
    .action((dir: string, options: CheckOptions) => run(() => check(dir, options, streams), options.output));
}

function request(options: ListOptions, streams: Streams) {
  return { root: resolve(streams.cwd, options.root), cwd: streams.cwd, skeletonDirs: options.skeletons.map((d) => resolve(streams.cwd, d)) };
}

function list(options: ListOptions, streams: Streams): number {
  return printOutcome(listSkeletons(request(options, streams)), options.output, streams, LISTED, 'nothing was listed');
}

function check(dir: string, options: CheckOptions, streams: Streams): number {
  const outcome = checkSkeletons({
    ...request(options, streams),
    dir: resolve(streams.cwd, dir),
    schemaDirs: options.schemas.map((d) => resolve(streams.cwd, d)),
    ignoreMissingSchemas: options.ignoreMissingSchemas,
  });
  return printOutcome(outcome, options.output, streams, CHECKED, 'the skeletons have problems');
}

const LISTED: ResultView<SkeletonListing[]> = {
  json: (skeletons) => ({ skeletons }),
  text(skeletons, out) {
    for (const s of skeletons) {
      const origin = [s.from, ...(s.extends.length > 0 ? [`extends ${s.extends.join(' → ')}`] : [])].join('; ');
      out.write(`${out.style.bold(s.name)} (${origin}): ${s.description}\n`);
      out.write(`  runs: ${s.workload}\n`);
      const fields = Object.entries(s.fields).map(([field, rule]) => `${field} ${rule}`);
      if (fields.length > 0) out.write(`  fields: ${fields.join(', ')}\n`);
      out.write(`  base: ${s.renders.base.join(', ') || 'kustomization.yaml only'}\n`);
      const overlay = [
        ...(s.renders.overlayPatches.length > 0 ? [`patches ${s.renders.overlayPatches.join(', ')}`] : []),
        ...(s.renders.overlayResources.length > 0 ? [`adds ${s.renders.overlayResources.join(', ')}`] : []),
      ];
      out.write(`  each overlay: ${overlay.join('; ') || 'kustomization.yaml only'}\n`);
    }
  },
};

const CHECKED: ResultView<SkeletonCheckResult> = {
  json: (r) => ({ skeletons: r.skeletons, templates: r.templates }),
  text(r, out) {
    out.write(`${plural(r.skeletons.length, 'skeleton')} (${r.skeletons.join(', ') || 'none'}) and ${plural(r.templates, 'template')} checked: no problems\n`);
  },
};
