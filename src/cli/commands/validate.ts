import { Option, type Command } from 'commander';
import { keepEntryForm } from '../../io/compiledForms.ts';
import { isFolderInput, STDIN } from '../../io/inputFiles.ts';
import { tuneForOnePass } from '../../io/onePass.ts';
import { repositorySettings, validateInputs } from '../../pipeline/validate.ts';
import { GITOPS_POLICIES, POLICIES, type ObjectPolicy, type Policy } from '../../validate/policies/index.ts';
import { closestMatch } from '../../vocabulary/didYouMean.ts';
import { EXEMPTION_PREFIX } from '../../vocabulary/issue.ts';
import { bundledKubernetes } from '../../io/schemaFolders.ts';
import { exitCodeOf, UsageError, type Runner } from '../exit.ts';
import { checkedKubernetesVersion, kubernetesVersionOption, repeatable } from '../options.ts';
import { printIssues } from '../output/printer.ts';
import { readAll, styleFor, type Streams } from '../output/streams.ts';
import { createReporter, OUTPUT_FORMATS, type OutputFormat } from '../output/validate/index.ts';
import { sarifFailureLog } from '../output/validate/sarif.ts';
import { styleOnFirstUse } from '../../vocabulary/style.ts';

/** What commander parses; flags not given are absent (no defaults, so --help shows none for them). */
export interface ValidateOptions {
  output: OutputFormat;
  kubernetesVersion?: string;
  summary?: boolean;
  verbose?: boolean;
  schemas?: string[];
  ignoreMissingSchemas?: boolean;
  skip?: string[];
  skipPolicy?: string[];
  schemaOnly?: boolean;
  ignoreFilenamePattern?: string[];
  build?: boolean;
  skeletons?: string[];
}

export function registerValidate(program: Command, run: Runner, streams: Streams): void {
  program
    .command('validate')
    .description(
      'Validate Kubernetes YAML against strict JSON schemas and the gitops policies, as a pre-commit hook or in CI: ' +
        'every document of every file (kind: List item by item), kustomization files, and patches as partial documents.',
    )
    .argument('[paths...]', 'files, folders (searched for *.yaml, *.yml and Kustomization files) or - for stdin (default: stdin)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('text'))
    .option('--summary', 'end with counts of valid, invalid, errored and skipped objects')
    .option('-v, --verbose', 'also list valid, skipped and empty objects')
    .option('--schemas <dir>', 'extra JSON schema folder (from scaffold schemas import), searched before the built-in schemas (repeatable)', repeatable)
    .option('--skeletons <dir>', "skeleton folder render is given (render --skeletons): an app spec's skeleton is looked for there first, then in .scaffold.yaml's and the built-in ones (repeatable)", repeatable)
    .addOption(
      kubernetesVersionOption(
        bundledKubernetes().versions,
        "a file of an app's overlay (apps/<name>/overlays/<env>/, beside apps/<name>/app.yaml) is checked against its environment's kubernetesVersion (app.yaml's, else .scaffold.yaml's), a file of its base against each environment's, anything else against NEWEST",
      ),
    )
    .option('--ignore-missing-schemas', 'skip objects whose apiVersion/kind has no schema instead of failing them')
    .option('--skip <kinds>', 'skip objects of these kinds: Kind or apiVersion/Kind, comma-separated (repeatable)', collectList)
    .option('--skip-policy <ids>', 'turn these policies and checks off, comma-separated (repeatable; ids below)', collectList)
    .option('--schema-only', 'check against the schemas only: turn every policy and check off')
    .option('--ignore-filename-pattern <regex>', 'leave out files whose path matches (repeatable)', repeatable)
    .option('--build', 'also build every kustomization among the inputs that no other uses, with kustomize build or kubectl kustomize (found on PATH), and validate what it builds, each finding at the file that set it')
    .addHelpText(
      'after',
      `
Policies (each an id for --skip-policy):
${GITOPS_POLICIES.map(helpLine).join('\n')}

Checks of what the Kubernetes API server refuses and a schema cannot say (ids for --skip-policy too):
${POLICIES.filter((p) => !GITOPS_POLICIES.includes(p as ObjectPolicy)).map(helpLine).join('\n')}

An object may exempt itself from a policy or check with the annotation
${EXEMPTION_PREFIX}<id>: "<reason>" (the reason is required; -v shows it).

A file a kustomization lists under patches (or patchesStrategicMerge, patchesJson6902) is a
patch: it is checked for types and unknown fields, not for required fields. With --build, the
files a build reads are validated as built instead (kustomization files are still checked).

Exit codes: 0 everything valid (warnings allowed), 1 something invalid or a file that could not
be read or parsed, 2 usage error.`,
    )
    .action((paths: string[], options: ValidateOptions) => run(() => validate(paths, options, streams), options.output));
}


function helpLine(policy: Policy): string {
  return wrap(policy.summary, 28, 100, `  ${policy.id.padEnd(26)}`);
}

function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter((v) => v !== '')];
}

/** `first` then `text`, wrapped at `width` with continuation lines indented to `indent`. */
function wrap(text: string, indent: number, width: number, first: string): string {
  const lines = [first];
  for (const word of text.split(' ')) {
    const current = lines[lines.length - 1]!;
    if (current.length + word.length + 1 > width && current.trim() !== first.trim()) lines.push(' '.repeat(indent) + word);
    else lines[lines.length - 1] = current.length === indent || current === first ? current + word : `${current} ${word}`;
  }
  return lines.join('\n');
}

export async function validate(paths: readonly string[], options: ValidateOptions, streams: Streams): Promise<number> {
  if (options.output !== 'sarif') return validateTo(paths, options, streams);
  // A code scanning upload reads stdout: a run that stops at its command line still leaves a log there saying why.
  try {
    return await validateTo(paths, options, streams);
  } catch (err) {
    if (err instanceof UsageError) streams.stdout.write(sarifFailureLog([{ severity: 'error', rule: 'usage', message: err.message }]));
    throw err;
  }
}

// More files than a commit usually changes: the pre-commit hook's runs are short, and start-up is what counts in them.
const MANY_FILES = 20;

/** Whether `validate` of these paths reads many files: a folder among them, or more than a commit usually changes. */
function readsMany(paths: readonly string[], cwd: string): boolean {
  return paths.length > MANY_FILES || paths.some((p) => isFolderInput(p, cwd));
}

async function validateTo(paths: readonly string[], options: ValidateOptions, streams: Streams): Promise<number> {
  // Reading a terminal would wait for typing that never comes; `-` says it is meant.
  if (paths.length === 0 && streams.stdin.isTTY) throw new UsageError('give files or folders to validate, or - to read stdin');
  const checked = checkOptions(options);
  const repository = repositorySettings(streams.cwd);
  if (repository.result === undefined && repository.issues.length > 0) return printIssues(repository.issues, options.output === 'json' ? 'json' : 'text', streams, 'nothing was validated');
  const skips = repository.result?.skips ?? [];
  const checks = { ...checked, policies: checked.policies.filter((p) => !skips.some((s) => s.policy === p.id)) };
  if ((options.summary || options.verbose) && options.output === 'text' && !options.schemaOnly) {
    const err = styleFor(streams.stderr, streams.env);
    for (const { policy, reason } of skips) streams.stderr.write(`${err.dim(`policy ${policy} is off for this repository (${repository.result!.file}): ${reason}`)}\n`);
  }
  const inputs = paths.length > 0 ? paths : [STDIN];
  if (readsMany(inputs, streams.cwd)) tuneForOnePass();
  // Standard output is made when something is written to it: valid files, the pre-commit hook's usual run, write nothing.
  const reporter = createReporter(options.output, {
    out: { write: (text) => streams.stdout.write(text) },
    summary: options.summary ?? false,
    verbose: options.verbose ?? false,
    style: styleOnFirstUse(() => styleFor(streams.stdout, streams.env)),
  });
  const outcome = validateInputs(
    {
      ...checks,
      paths: inputs,
      cwd: streams.cwd,
      ...(inputs.includes(STDIN) ? { stdin: await readAll(streams.stdin) } : {}),
      schemaDirs: options.schemas ?? [],
      skeletonDirs: options.skeletons ?? [],
      ...(repository.result === undefined ? {} : { organisationVersions: repository.result.kubernetesVersions }),
      ...(options.build ? { build: { path: streams.env['PATH'] } } : {}),
    },
    (result) => reporter.write(result),
  );
  // A run that could not start (a bad schema folder) has no report to finish; its findings are printed instead.
  if (outcome.result === undefined) {
    if (options.output === 'sarif') streams.stdout.write(sarifFailureLog(outcome.issues));
    return printIssues(outcome.issues, options.output === 'json' ? 'json' : 'text', streams, 'nothing was validated');
  }
  reporter.flush(outcome.result);
  keepEntryForm();
  return exitCodeOf(outcome.issues, !outcome.result.failed);
}

interface CheckedOptions {
  kubernetesVersion?: string;
  ignore: RegExp[];
  policies: Policy[];
  ignoreMissingSchemas: boolean;
  skipKinds: Set<string>;
}

/** Every usage error is found before any file is read, so a wrong command line never half-runs. */
function checkOptions(options: ValidateOptions): CheckedOptions {
  const kubernetesVersion = checkedKubernetesVersion(options.kubernetesVersion, bundledKubernetes().versions);
  const ids: readonly string[] = POLICIES.map((p) => p.id);
  const skipPolicy = options.skipPolicy ?? [];
  for (const id of skipPolicy) {
    if (!ids.includes(id)) {
      const guess = closestMatch(id, ids);
      throw new UsageError(`--skip-policy: unknown policy "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; policies and checks: ${ids.join(', ')}`);
    }
  }
  const ignore = (options.ignoreFilenamePattern ?? []).map((pattern) => {
    try {
      return new RegExp(pattern);
    } catch (err) {
      throw new UsageError(`--ignore-filename-pattern: ${(err as Error).message}`);
    }
  });
  return {
    ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }),
    ignore,
    policies: options.schemaOnly ? [] : POLICIES.filter((p) => !skipPolicy.includes(p.id)),
    ignoreMissingSchemas: options.ignoreMissingSchemas ?? false,
    skipKinds: new Set(options.skip ?? []),
  };
}
