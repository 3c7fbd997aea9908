/**
 * Text for standard output passed on in pieces of about 64 kB where it is no terminal: a report written
 * a line or an object at a time was a system call each, some 7 µs apiece into a pipe, 70 ms of a run
 * with 10,000 findings (docs/performance.md). A person at a terminal gets each line as it comes.
 */
import type { OutputStream } from './streams.ts';

const PIECE = 65536;

export interface PiecedOutput {
  write(text: string): void;
  /** Passes on what is left. */
  end(): void;
}

/** `stream` is asked for on the first write, so that a run that writes nothing makes no stream. */
export function inPieces(stream: () => OutputStream): PiecedOutput {
  let unwritten = '';
  return {
    write(text) {
      const out = stream();
      if (out.isTTY) {
        out.write(text);
        return;
      }
      unwritten += text;
      if (unwritten.length >= PIECE) {
        out.write(unwritten);
        unwritten = '';
      }
    },
    end() {
      if (unwritten === '') return;
      const rest = unwritten;
      unwritten = '';
      stream().write(rest);
    },
  };
}
