/**
 * What a command reads and writes besides files: standard streams, the
 * environment and the working folder. main.ts passes the process's own;
 * tests pass their own to run a command in process.
 */
import { COLOR, PLAIN, type Style } from '../../vocabulary/style.ts';
import { descriptorOutput, mayBeTerminal, systemDescriptor } from './descriptorOutput.ts';
import { inPieces, type PiecedOutput } from './inPieces.ts';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InputStream extends AsyncIterable<unknown> {
  isTTY?: boolean;
}

export interface Streams {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** A stream with the style its reader gets. */
export interface Styled {
  write(text: string): void;
  style: Style;
}

/**
 * The process's own, each made on first use: Node makes a standard stream with the modules a pipe, a
 * file or a terminal needs, some 3 ms of a cold start on Node 20, and a run that writes nothing, as a
 * `validate` of valid files in a pre-commit hook, makes none. Standard output and standard error that
 * are no terminal are written with writeSync (descriptorOutput.ts), standard output in pieces
 * (inPieces.ts): what is held is passed on before anything is written to standard error, so that the
 * two keep their order where they share a file (`2>&1`, a pre-commit hook's log), and as the process
 * exits. `onWriteError` is given what a write to either failed with (EPIPE where the reader has gone),
 * and that stream writes nothing more.
 */
export function processStreams(onWriteError: (err: NodeJS.ErrnoException) => void): Streams {
  let stdout: OutputStream | undefined;
  let held: PiecedOutput | undefined;
  let stderr: OutputStream | undefined;
  return {
    get stdout() {
      if (stdout === undefined) {
        if (mayBeTerminal(1) && process.stdout.isTTY) stdout = process.stdout.on('error', onWriteError);
        else {
          stdout = held = inPieces(descriptorOutput(onWriteError));
          process.once('exit', () => held!.end());
        }
      }
      return stdout;
    },
    get stderr() {
      if (stderr === undefined) {
        const own: OutputStream =
          mayBeTerminal(2) && process.stderr.isTTY ? process.stderr.on('error', onWriteError) : descriptorOutput(onWriteError, systemDescriptor(2));
        stderr = {
          write: (text: string) => {
            held?.end();
            return own.write(text);
          },
          isTTY: own.isTTY,
          // A terminal's width changes as its window does.
          get columns() {
            return own.columns;
          },
        };
      }
      return stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colour only for a person at a terminal, and never when NO_COLOR is set. */
export function styleFor(stream: OutputStream, env: Streams['env']): Style {
  return stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb' ? COLOR : PLAIN;
}

export function styled(stream: OutputStream, env: Streams['env']): Styled {
  return { write: (text) => void stream.write(text), style: styleFor(stream, env) };
}

/** Reads standard input whole; a pipe may not be ready yet, so it is read as a stream. */
export async function readAll(stdin: InputStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
