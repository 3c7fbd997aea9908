/**
 * Standard output that is no terminal, passed on in pieces of about 64 kB: a report written a line or
 * an object at a time was a system call each, some 7 µs apiece into a pipe, 70 ms of a `validate` run
 * with 10,000 findings, and `render` of 1,000 new apps says a line for each of its 12,000 files
 * (docs/performance.md). A person at a terminal gets each line as it comes (streams.ts).
 */
import type { OutputStream } from './streams.ts';

const PIECE = 65536;

export interface PiecedOutput extends OutputStream {
  /** Passes on what is held. */
  end(): void;
}

export function inPieces(out: OutputStream): PiecedOutput {
  let unwritten = '';
  const end = () => {
    if (unwritten === '') return;
    const held = unwritten;
    unwritten = '';
    out.write(held);
  };
  return {
    isTTY: false,
    write(text) {
      unwritten += text;
      if (unwritten.length >= PIECE) end();
      return true;
    },
    end,
  };
}
