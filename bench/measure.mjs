// Timing and memory of child processes, and the few statistics the bench reports.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const USAGE_PRELOAD = fileURLToPath(new URL('./childUsage.mjs', import.meta.url));

/**
 * Runs a command to completion and returns its wall time in milliseconds (spawn
 * included: it is what a user or a CI job waits for), exit code and output.
 */
export function timed(command, args, options = {}) {
  const start = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  return { ms, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs a Node script in a child that reports its own peak memory and CPU time (see
 * childUsage.mjs); the preload costs well under a millisecond, so one run gives all.
 * `nodeArgs` go to node before the script (`--import tsx` for a TypeScript script).
 */
export function timedNode(script, args, { nodeArgs = [], ...options } = {}) {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', USAGE_PRELOAD, ...nodeArgs, script, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    ...options,
  });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  const usage = r.output[3] ? JSON.parse(r.output[3]) : undefined;
  return {
    ms,
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    userCpuMs: usage?.userCpuMs ?? null,
    systemCpuMs: usage?.systemCpuMs ?? null,
    peakMemoryMb: usage ? usage.maxRssKb / 1024 : null,
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values) {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Least-squares line y = fixed + perUnit * x, and r² (1 means the points lie on it):
 * how a stage's time grows with the number of apps.
 */
export function linearFit(xs, ys) {
  const n = xs.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const perUnit = sxy / sxx;
  return { fixed: my - perUnit * mx, perUnit, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** Deterministic sample of `count` items (a seeded Fisher-Yates shuffle's head). */
export function sample(items, count, random) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, Math.min(count, copy.length));
}

/** A child's JSON output; {} when it printed none (a run that failed). */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Megabytes for a table; `-` when not measured. */
export function mb(x) {
  return x === undefined || x === null ? '-' : `${x.toFixed(0)} MB`;
}
