/**
 * The real Kustomize, for `validate --build`: `kustomize build`, or else
 * `kubectl kustomize` (which embeds it), found on PATH. A build is run
 * through a kustomization of our own, in a temporary folder, that has the
 * target as its one resource and asks Kustomize to stamp every object with
 * where it came from (buildMetadata: originAnnotations, transformerAnnotations),
 * so that a finding on a built object can be placed in the file that set it.
 * Kustomize refuses an absolute path as a resource, so the target is named
 * relative to the temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface KustomizeTool {
  /** The executable found on PATH. */
  command: string;
  /** How the tool is named in messages: `kustomize build` or `kubectl kustomize`. */
  name: string;
  args(dir: string): string[];
}

/** What a build gave: its output, with the folder the origin paths in it are relative to, or why it failed. */
export type KustomizeBuild = { text: string; originRoot: string } | { problem: string };

const TOOLS = [
  { executable: 'kustomize', name: 'kustomize build', args: (dir: string) => ['build', dir] },
  { executable: 'kubectl', name: 'kubectl kustomize', args: (dir: string) => ['kustomize', dir] },
] as const;

// Builds of large apps run to megabytes; a pipe's default buffer would cut them short.
const MAX_OUTPUT = 512 * 1024 * 1024;

/** `kustomize`, else `kubectl`, from the PATH given; undefined when neither is there. */
export function findKustomize(pathVariable: string | undefined): KustomizeTool | undefined {
  const folders = (pathVariable ?? '').split(path.delimiter).filter((f) => f !== '');
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const tool of TOOLS) {
    for (const folder of folders) {
      for (const extension of extensions) {
        const candidate = path.join(folder, tool.executable + extension);
        if (isExecutable(candidate)) return { command: candidate, name: tool.name, args: tool.args };
      }
    }
  }
  return undefined;
}

/** Builds the kustomization in `dir` (absolute) with origin annotations. */
export function kustomizeBuild(tool: KustomizeTool, dir: string): KustomizeBuild {
  const wrapper = mkdtempSync(path.join(tmpdir(), 'scaffold-build-'));
  try {
    const target = path.relative(wrapper, dir).split(path.sep).join('/');
    writeFileSync(
      path.join(wrapper, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(target)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`,
    );
    const run = spawnSync(tool.command, tool.args(wrapper), { encoding: 'utf8', maxBuffer: MAX_OUTPUT });
    if (run.error !== undefined) return { problem: `${tool.name} could not run: ${run.error.message}` };
    if (run.status !== 0) return { problem: `${tool.name} failed: ${describeFailure(run.stderr, wrapper, dir)}` };
    return { text: run.stdout, originRoot: wrapper };
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

// kubectl wraps Kustomize's error in a klog line: `E1201 17:58:40.291681  15203 run.go:72] "command failed" err="..."`.
const KLOG_FAILURE = /^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]+\] "command failed" err=("(?:[^"\\]|\\.)*")$/;

/**
 * Kustomize's own message, without what only our temporary kustomization
 * added: kubectl's log prefix, and the outer layer that accumulates the
 * user's folder from the temporary one, which the user never saw.
 */
function describeFailure(stderr: string, wrapper: string, dir: string): string {
  let message = stderr.trim().replace(/^Error: /, '');
  const klog = KLOG_FAILURE.exec(message);
  if (klog !== null) message = JSON.parse(klog[1]!) as string;
  const outer = `recursed accumulation of path '${dir}': `;
  const inner = message.indexOf(outer);
  if (inner !== -1) message = message.slice(inner + outer.length).replace(/'$/, '');
  message = message.split(wrapper).join(dir);
  return message === '' ? 'no message' : message;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
