import type { Streams } from '../../src/cli/output/streams.ts';

export interface CapturedStreams extends Streams {
  out: () => string;
  err: () => string;
}

/** Streams for running a command in this process: stdin from `input`, stdout and stderr captured, no colour. */
export function captureStreams(cwd: string, input = ''): CapturedStreams {
  let out = '';
  let err = '';
  return {
    stdin: Object.assign(
      (async function* () {
        if (input !== '') yield Buffer.from(input);
      })(),
      { isTTY: false },
    ),
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { NO_COLOR: '1' },
    cwd,
    out: () => out,
    err: () => err,
  };
}
