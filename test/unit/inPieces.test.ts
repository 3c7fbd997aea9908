import { describe, expect, it } from 'vitest';
import { inPieces } from '../../src/cli/output/inPieces.ts';
import type { OutputStream } from '../../src/cli/output/streams.ts';

function recording(isTTY: boolean) {
  const writes: string[] = [];
  let made = 0;
  const stream: OutputStream = { isTTY, write: (text: string) => writes.push(text) };
  return { writes, made: () => made, stream: () => (made++, stream) };
}

describe('inPieces', () => {
  it('passes text that is no terminal on in pieces of 64 kB, in order, and the rest at the end', () => {
    const out = recording(false);
    const pieced = inPieces(out.stream);
    const line = `${'x'.repeat(99)}\n`;
    for (let n = 0; n < 1000; n++) pieced.write(line);
    expect(out.writes.length).toBe(1);
    expect(out.writes[0]!.length).toBeGreaterThanOrEqual(65536);
    pieced.end();
    expect(out.writes.length).toBe(2);
    expect(out.writes.join('')).toBe(line.repeat(1000));
    pieced.end();
    expect(out.writes.length).toBe(2);
  });

  it('gives a terminal each text as it comes', () => {
    const out = recording(true);
    const pieced = inPieces(out.stream);
    pieced.write('a\n');
    pieced.write('b\n');
    expect(out.writes).toEqual(['a\n', 'b\n']);
    pieced.end();
    expect(out.writes).toEqual(['a\n', 'b\n']);
  });

  it('makes no stream where nothing is written', () => {
    const out = recording(false);
    inPieces(out.stream).end();
    expect(out.made()).toBe(0);
    expect(out.writes).toEqual([]);
  });
});
