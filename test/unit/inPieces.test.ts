import { describe, expect, it } from 'vitest';
import { inPieces } from '../../src/cli/output/inPieces.ts';

function recording() {
  const writes: string[] = [];
  return { writes, stream: { write: (text: string) => writes.push(text) } };
}

describe('inPieces', () => {
  it('passes text on in pieces of 64 kB, in order, and the rest at the end', () => {
    const out = recording();
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

  it('passes on nothing where nothing was written', () => {
    const out = recording();
    inPieces(out.stream).end();
    expect(out.writes).toEqual([]);
  });
});
