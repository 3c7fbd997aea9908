/**
 * Standard output and standard error written to their file descriptors with writeSync, where they are no
 * terminal. For a pipe, Node's process.stdout is a socket, and making it loads Node's network and stream
 * modules: 3 ms of a cold start on Node 20 against 0.7 for this (docs/performance.md), paid by every run
 * whose output a pre-commit hook or CI reads. A failed write is a value given to a handler, not the
 * 'error' event a Node stream throws when nothing listens. A terminal gets Node's own stream, for colour
 * and width.
 */
import { fstatSync, writeSync } from 'node:fs';
import type { OutputStream } from './streams.ts';

/** What a write needs of the system: writeSync, and a pause before trying a full pipe again. */
export interface Descriptor {
  write(bytes: Uint8Array, offset: number): number;
  pause(): void;
}

// A millisecond: what a reader of a full pipe needs to take some of it.
const waitOn = new Int32Array(new SharedArrayBuffer(4));

export function systemDescriptor(fd: number): Descriptor {
  return { write: (bytes, offset) => writeSync(fd, bytes, offset), pause: () => void Atomics.wait(waitOn, 0, 0, 1) };
}

/** Whether `fd` may be a terminal: a character device (a terminal, or /dev/null); a descriptor that cannot be asked may be anything. */
export function mayBeTerminal(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return true;
  }
}

/**
 * Writes each text whole, in order, before it returns. A non-blocking descriptor whose pipe is full
 * says EAGAIN: it is tried again after a pause. Any other failure (EPIPE when the reader has gone) is
 * given to `onError` once, and ends the output: the rest of that text and every later one are dropped.
 */
export function descriptorOutput(onError: (err: NodeJS.ErrnoException) => void, descriptor: Descriptor = systemDescriptor(1)): OutputStream {
  let closed = false;
  return {
    isTTY: false,
    write(text: string) {
      if (closed) return false;
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; ) {
        try {
          at += descriptor.write(bytes, at);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
            descriptor.pause();
            continue;
          }
          closed = true;
          onError(err as NodeJS.ErrnoException);
          return false;
        }
      }
      return true;
    },
  };
}
