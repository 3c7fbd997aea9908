import type { OutputStream, Streams } from './streams.ts';

/**
 * A one-line progress indicator for people watching a terminal. In CI, in pipes and
 * with machine-readable output it does nothing, so logs stay clean.
 */
export interface Progress {
  update(done: number, total: number, label: string): void;
  done(): void;
}

const SILENT: Progress = { update: () => {}, done: () => {} };
const INTERVAL_MS = 100;

export function progressFor(stream: OutputStream, env: Streams['env'], enabled: boolean): Progress {
  if (!enabled || !stream.isTTY || env.CI) return SILENT;
  let last = 0;
  let shown = false;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (now - last < INTERVAL_MS) return;
      last = now;
      shown = true;
      const line = `[${done}/${total}] ${label}`;
      stream.write(`\r\u001b[K${line.slice(0, Math.max(10, (stream.columns ?? 80) - 1))}`);
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
    },
  };
}
