/** `scaffold schemas import` and `scaffold schemas list`: flags and output around src/pipeline/importSchemas.ts. */
import { Option, type Command } from 'commander';
import { STDIN } from '../../io/inputFiles.ts';
import { importSchemas, listSchemas, type ImportResult } from '../../pipeline/importSchemas.ts';
import type { RegisteredKind } from '../../validate/registry.ts';
import { compareCodeUnits } from '../../vocabulary/order.ts';
import { plural } from '../../vocabulary/plural.ts';
import { UsageError, type Runner } from '../exit.ts';
import { bundledKubernetes } from '../../io/schemaFolders.ts';
import { newestMinor } from '../../schemas/kubernetesVersions.ts';
import { checkedKubernetesVersion, kubernetesVersionOption, repeatable } from '../options.ts';
import { printable } from '../output/printable.ts';
import { printOutcome, type ResultView } from '../output/printer.ts';
import { readAll, type Streams } from '../output/streams.ts';

interface ImportOptions {
  openapi?: string;
  crd?: string[];
  out: string;
  force: boolean;
  output: 'text' | 'json';
}

interface ListOptions {
  schemas?: string[];
  kubernetesVersion?: string;
  output: 'text' | 'json';
}



const IMPORT_EXAMPLES = `
Examples:
  kubectl get --raw /openapi/v2 > cluster-openapi.json
  scaffold schemas import --openapi cluster-openapi.json --out clusters/prod/schemas
  kubectl get crd -o yaml | scaffold schemas import --crd - --out clusters/prod/schemas
  scaffold schemas import --crd charts/external-secrets/crds/ --out schemas/crds

The folder gets one <kind>-<group>-<version>.json per apiVersion/kind, an
index.json, and index.sha256 (the hash of each file as written); pass it to
validation with --schemas DIR. Importing again into the same folder adds and
updates schemas and deletes none; a schema edited by hand is not overwritten
without --force.`;

export function registerSchemas(program: Command, run: Runner, streams: Streams): void {
  const schemas = program
    .command('schemas')
    .description("Import strict JSON schemas from a cluster's OpenAPI document or from CRDs, and list the schemas validation uses.");

  schemas
    .command('import')
    .description('Convert a Kubernetes OpenAPI v2 document and/or CustomResourceDefinitions into strict JSON schemas, one per apiVersion/kind, in a folder that --schemas reads.')
    .option('--openapi <file>', 'Kubernetes OpenAPI v2 document, as `kubectl get --raw /openapi/v2` prints it, or - for stdin')
    .option('--crd <paths...>', 'CRD files (multi-document YAML or JSON, or a List as `kubectl get crd -o yaml` prints), folders of them, or - for stdin; one schema per served version')
    .requiredOption('--out <dir>', 'folder to write the schemas and their index.json into (created if missing)')
    .option('--force', 'overwrite files in --out that scaffold did not write, or edited since it wrote them (nothing is ever deleted)', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', IMPORT_EXAMPLES)
    .action((options: ImportOptions) => run(() => importCommand(options, streams), options.output));

  schemas
    .command('list')
    .description('List the schemas validation can use, by apiVersion and kind: imported folders first, then the built-in ones.')
    .option('--schemas <dir>', 'imported schema folder, searched before the built-in schemas (repeatable)', repeatable)
    .addOption(kubernetesVersionOption(bundledKubernetes().versions, 'the built-in schemas of NEWEST'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((options: ListOptions) => run(() => listCommand(options, streams), options.output));
}


async function importCommand(options: ImportOptions, streams: Streams): Promise<number> {
  const crd = options.crd ?? [];
  if (options.openapi === undefined && crd.length === 0) throw new UsageError('nothing to import: pass --openapi FILE, --crd FILE..., or both');
  const readsStdin = [options.openapi, ...crd].filter((s) => s === STDIN).length;
  if (readsStdin > 1) throw new UsageError('stdin (-) can be read only once');
  const outcome = importSchemas({
    ...(options.openapi === undefined ? {} : { openapi: options.openapi }),
    crd,
    out: options.out,
    force: options.force,
    cwd: streams.cwd,
    ...(readsStdin > 0 ? { stdin: await readAll(streams.stdin) } : {}),
  });
  return printOutcome(outcome, options.output, streams, IMPORTED);
}

const IMPORTED: ResultView<ImportResult> = {
  json: (r) => ({ out: r.out, schemas: r.schemas }),
  text(r, out) {
    const count = (action: string) => r.schemas.filter((s) => s.action === action).length;
    for (const { file, action } of [...r.schemas].sort((a, b) => compareCodeUnits(a.file, b.file))) {
      if (action === 'create') out.write(`${out.style.green('created')} ${printable(file)}\n`);
      if (action === 'update') out.write(`${out.style.yellow('updated')} ${printable(file)}\n`);
    }
    const folder = printable(r.out);
    out.write(
      `imported ${plural(r.schemas.length, 'schema')} into ${folder}: ${count('create')} created, ${count('update')} updated, ${count('unchanged')} unchanged; use them with --schemas ${folder}\n`,
    );
  },
};

function listCommand(options: ListOptions, streams: Streams): number {
  const bundled = bundledKubernetes().versions;
  const kubernetesVersion = checkedKubernetesVersion(options.kubernetesVersion, bundled) ?? newestMinor(bundled);
  return printOutcome(listSchemas({ schemaDirs: options.schemas ?? [], cwd: streams.cwd, kubernetesVersion }), options.output, streams, LISTED, 'nothing was listed');
}

const LISTED: ResultView<readonly RegisteredKind[]> = {
  json: (kinds) => ({ kinds }),
  text(kinds, out, err) {
    // An imported folder's index.json names its kinds: anything may be in them.
    const rows = [['APIVERSION', 'KIND', 'SOURCE'], ...kinds.map((k) => [printable(k.apiVersion), printable(k.kind), printable(k.source)])];
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    for (const [apiVersion, kind, source] of rows) {
      out.write(`${apiVersion!.padEnd(widths[0]!)}  ${kind!.padEnd(widths[1]!)}  ${source}\n`);
    }
    const imported = kinds.filter((k) => !k.source.startsWith('builtin:')).length;
    err.write(`${plural(kinds.length, 'kind')}: ${kinds.length - imported} built-in, ${imported} imported\n`);
  },
};
