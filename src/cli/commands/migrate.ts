/** `scaffold migrate kes`: kubernetes-external-secrets objects to External Secrets v1, around src/pipeline/migrateKes.ts. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { regionProblem } from '../../adopt/kes/kesToEso.ts';
import { STDIN } from '../../io/inputFiles.ts';
import { refreshIntervalProblem } from '../../newApp/answers.ts';
import { migrateKesInputs, STORES_FILE, type MigrateKesResult } from '../../pipeline/migrateKes.ts';
import { plural } from '../../vocabulary/plural.ts';
import { UsageError, type Runner } from '../exit.ts';
import { printOutcome, type ResultView } from '../output/printer.ts';
import { readAll, type Streams, type Styled } from '../output/streams.ts';

interface MigrateKesOptions {
  output: string;
  region?: string;
  refreshInterval: string;
  storeKind: 'SecretStore' | 'ClusterSecretStore';
  force: boolean;
}

const EXAMPLES = `
Each kubernetes-client.io/v1 ExternalSecret (backends secretsManager and systemManager)
becomes an external-secrets.io/v1 ExternalSecret of the same name, and the SecretStore
it needs (one per region, role and controller, shared) is written beside it. Every
output is validated against the External Secrets v1 schemas. When any object cannot
be fully mapped (another backend, a lodash expression with no Go-template
equivalent), every problem is reported with its file, line and column, and nothing
is printed or written (exit 1).

Examples:
  scaffold migrate kes kes/hello-service.yaml --region us-east-1 > hello-service.yaml
  scaffold migrate kes manifests/ --region us-east-1 -o migrated/
  kubectl get externalsecrets.kubernetes-client.io -A -o yaml | scaffold migrate kes - --region us-east-1 -o json`;

export function registerMigrate(program: Command, run: Runner, streams: Streams): void {
  const migrate = program.command('migrate').description('Migrate retired objects to what replaced them.');
  migrate
    .command('kes')
    .description('Migrate kubernetes-external-secrets ExternalSecrets (kubernetes-client.io/v1) to External Secrets Operator v1, with the SecretStores they need.')
    .argument('<paths...>', 'files, folders (searched for *.yaml and *.yml) or - for stdin')
    .option('-o, --output <format|dir>', `text: the YAML on stdout, notes on stderr; json: a report with every document; anything else: a folder to write each input's objects to (same file name) and the stores to ${STORES_FILE} (./json for a folder named json)`, 'text')
    .option('--region <region>', "AWS region of objects that set none (KES used its controller's AWS_REGION)")
    .option('--refresh-interval <duration>', 'refreshInterval of every ExternalSecret (KES polled on its controller\'s POLLER_INTERVAL_MILLISECONDS)', '1h')
    .addOption(new Option('--store-kind <kind>', 'the stores written: SecretStore (in the namespace of the objects that use it) or ClusterSecretStore (with spec.conditions naming those namespaces)').choices(['SecretStore', 'ClusterSecretStore']).default('SecretStore'))
    .option('--force', 'replace files in the output folder that hold something else', false)
    .addHelpText('after', EXAMPLES)
    .action((paths: string[], options: MigrateKesOptions) => run(() => migrateKes(paths, options, streams), options.output === 'json' ? 'json' : 'text'));
}

export async function migrateKes(paths: string[], options: MigrateKesOptions, streams: Streams): Promise<number> {
  // new-app's check: the interval app.yaml and validate's externalsecret-refresh accept.
  const refresh = refreshIntervalProblem(options.refreshInterval);
  if (refresh !== undefined) throw new UsageError(`--refresh-interval: ${refresh}`);
  const region = options.region === undefined ? undefined : regionProblem(options.region);
  if (region !== undefined) throw new UsageError(`--region: ${region}`);
  const format = options.output === 'json' ? 'json' : 'text';
  const outDir = options.output === 'json' || options.output === 'text' ? undefined : resolve(streams.cwd, options.output);
  const outcome = migrateKesInputs({
    paths,
    cwd: streams.cwd,
    ...(paths.includes(STDIN) ? { stdin: await readAll(streams.stdin) } : {}),
    ...(outDir === undefined ? {} : { outDir }),
    ...(options.region === undefined ? {} : { region: options.region }),
    refreshInterval: options.refreshInterval,
    storeKind: options.storeKind,
    force: options.force,
  });
  return printOutcome(outcome, format, streams, outDir === undefined ? STREAM : FOLDER(options.output), 'nothing was written');
}

function printNotes(r: MigrateKesResult, err: Styled): void {
  for (const n of r.notes) err.write(`${n.file}:${n.line}:${n.column}: ${err.style.dim('note')}: ${n.path}: ${n.message}\n`);
}

function summary(r: MigrateKesResult): string {
  return `${plural(r.externalSecrets.length, 'ExternalSecret')} migrated, ${plural(r.stores.length, 'store')} (${r.stores.map((s) => s.name).join(', ')})`;
}

/** The stream on stdout, alone, so that `> file.yaml` is a file to apply. */
const STREAM: ResultView<MigrateKesResult> = {
  json: (r) => ({ externalSecrets: r.externalSecrets, stores: r.stores, notes: r.notes, documents: r.documents }),
  text(r, out, err) {
    out.write(r.stream ?? '');
    printNotes(r, err);
    err.write(`${summary(r)}\n`);
  },
};

const FOLDER = (dir: string): ResultView<MigrateKesResult> => ({
  json: (r) => ({ externalSecrets: r.externalSecrets, stores: r.stores, notes: r.notes, written: r.written }),
  text(r, out, err) {
    printNotes(r, err);
    const w = r.written!;
    for (const file of w.created) out.write(`created ${dir.replace(/\/$/, '')}/${file}\n`);
    for (const file of w.updated) out.write(`updated ${dir.replace(/\/$/, '')}/${file}\n`);
    out.write(`${summary(r)}${w.unchanged > 0 ? `; ${plural(w.unchanged, 'file')} already current` : ''}\n`);
  },
});
