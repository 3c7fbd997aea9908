/** `scaffold image set` and `scaffold image list`, around src/pipeline/image.ts. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { formatTable } from '../../capacity/format.ts';
import { listImages, setImage, type ImageListResult, type ImageRow, type ImageSetResult } from '../../pipeline/image.ts';
import type { Runner } from '../exit.ts';
import { printOutcome, type ResultView } from '../output/printer.ts';
import type { Streams } from '../output/streams.ts';

interface SetOptions {
  env: string;
  root: string;
  output: 'text' | 'json';
}

interface ListOptions {
  env?: string;
  root: string;
  output: 'text' | 'json';
}

const SET_HELP = `
Only the overlay's kustomization changes, and in it only the tag (newTag), or the
digest for sha256:..., of the app's image: what a CI job does after pushing an
image. app.yaml keeps its imageTag (the tag of a new overlay): render keeps the
overlay's tag until imageTag changes, and render --force puts imageTag back.

Examples:
  scaffold image set checkout v1.5.0 --env production
  scaffold image set checkout sha256:<64 hex> --env alpha --root gitops`;

const LIST_HELP = `
SOURCE says where the tag Argo CD deploys comes from: app.yaml (the overlay holds
app.yaml's imageTag), overlay (image automation set it there), argocd-source (a
.argocd-source file of Argo CD Image Updater beside the overlay overrides it), or
not rendered.`;

export function registerImage(program: Command, run: Runner, streams: Streams): void {
  const image = program.command('image').description("Set or show the image tag of apps' overlays, which image automation owns once an overlay exists.");

  image
    .command('set')
    .description("Set an app's image tag (or digest) in one environment's overlay, and nothing else.")
    .argument('<app>', 'app name (apps/<name>/app.yaml under --root), or its folder or app.yaml')
    .argument('<tag>', 'image tag (v1.5.0) or digest (sha256:...)')
    .requiredOption('--env <name>', 'environment whose overlay to change')
    .option('--root <dir>', 'gitops repository root', '.')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', SET_HELP)
    .action((app: string, tag: string, options: SetOptions) =>
      run(() => printOutcome(setImage({ root: resolve(streams.cwd, options.root), cwd: streams.cwd, app, env: options.env, tag }), options.output, streams, SET), options.output),
    );

  image
    .command('list')
    .description('Show the image tag of every app in every environment, and where it comes from.')
    .argument('[paths...]', 'app.yaml files, app folders or folders of app folders (default: every app under --root)')
    .option('--env <name>', 'only this environment')
    .option('--root <dir>', 'gitops repository root', '.')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', LIST_HELP)
    .action((paths: string[], options: ListOptions) =>
      run(
        () =>
          printOutcome(
            listImages({ root: resolve(streams.cwd, options.root), cwd: streams.cwd, paths, ...(options.env === undefined ? {} : { env: options.env }) }),
            options.output,
            streams,
            LIST,
            'nothing listed',
          ),
        options.output,
      ),
    );
}

const SET: ResultView<ImageSetResult> = {
  json: (r) => r,
  text(r, out) {
    out.write(r.changed ? `${r.file}: ${r.from ?? '(none)'} -> ${r.to} (${r.field})\n` : `${r.file}: already ${r.to}; nothing written\n`);
  },
};

const LIST: ResultView<ImageListResult> = {
  json: (r) => r,
  text(r, out) {
    const header = ['APP', 'ENV', 'IMAGE', 'TAG', 'SOURCE'];
    const rows = r.images.map((row) => [row.app, row.environment, row.newName ?? row.image, tagOf(row), sourceOf(row)]);
    for (const line of formatTable([header, ...rows], header.map(() => 'left'))) out.write(`${line}\n`);
  },
};

function tagOf(row: ImageRow): string {
  if (row.tag !== null && row.digest !== null) return `${row.tag}@${row.digest}`;
  return row.tag ?? row.digest ?? '-';
}

function sourceOf(row: ImageRow): string {
  const policy = row.imagePolicy === null ? '' : `; Flux ${row.imagePolicy}`;
  switch (row.source) {
    case 'app.yaml':
      return `app.yaml${policy}`;
    case 'overlay':
      return `overlay (app.yaml has ${row.imageTag})${policy}`;
    case 'argocd-source':
      return `${row.file.slice(row.file.lastIndexOf('/') + 1)} (Argo CD Image Updater)${policy}`;
    case 'not rendered':
      return 'not rendered (run scaffold render)';
  }
}
