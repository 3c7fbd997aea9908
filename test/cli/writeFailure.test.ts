/**
 * A write that fails after the preflight passed (a full disk, a folder changed meanwhile):
 * nobody can foresee it, so it cannot be all or nothing, but it is an ordinary error naming
 * the file and how far the run got, never an internal error, and the last line says the
 * run stopped rather than that nothing was written.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { render } from '../../src/cli/commands/render.ts';
import { EXAMPLES } from '../support/paths.ts';
import { captureStreams } from '../support/streams.ts';
import { tempCopy } from '../support/tree.ts';

const disk = vi.hoisted(() => ({ writesLeft: Infinity }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeFileSync: typeof fs.writeFileSync = (...args) => {
    if (disk.writesLeft-- <= 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    return fs.writeFileSync(...args);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

describe('a write that fails midway', () => {
  it('render: an error naming the file and how far it got, and the run says it stopped', () => {
    const root = tempCopy(EXAMPLES);
    rmSync(join(root, 'apps/invoice-worker/base'), { recursive: true });
    const streams = captureStreams(root);
    disk.writesLeft = 1;
    const code = render([], { root: '.', force: false, check: false, output: 'text', skeletons: [], schemas: [], ignoreMissingSchemas: false }, streams);
    disk.writesLeft = Infinity;
    expect(code).toBe(1);
    expect(streams.err()).toBe(
      'apps/invoice-worker/base/serviceaccount.yaml: error: cannot write it: ENOSPC; stopped there, after 1 other change had been made: run again once the cause is fixed (output)\n' +
        '1 problem; render stopped there; run it again once the cause is fixed\n',
    );
  });
});
