import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable, printableContent, printableJson } from '../../src/cli/output/printable.ts';
import { driftText } from '../../src/cli/output/driftReport.ts';
import { PLAIN } from '../../src/vocabulary/style.ts';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('printable', () => {
  it('shows every control character as an escape, as Go %q writes it', () => {
    expect(printable('a\u001b[31mred\u0000\r\n\t\u007f\u0085\u009b')).toBe('a\\x1b[31mred\\x00\\r\\n\\t\\x7f\\u0085\\u009b');
  });

  it('leaves the rest as it is: non-ASCII letters, emoji, backslashes, quotes', () => {
    const text = 'café λόγος 名前 😀 C:\\path "q" \u00a0nbsp';
    expect(printable(text)).toBe(text);
  });

  it('never leaves a control character, and changes text without one not at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = printable(text);
        expect(shown).not.toMatch(CONTROL);
        if (!CONTROL.test(text)) expect(shown).toBe(text);
      }),
      { numRuns: 2000, seed: 20261126 },
    );
  });
});

describe('printableContent', () => {
  it('keeps lines and tabs, escapes the rest', () => {
    expect(printableContent('key:\tvalue\r\nnext: \u001b[2J\n')).toBe('key:\tvalue\\r\nnext: \\x1b[2J\n');
  });
});

describe('printableJson', () => {
  it('escapes DEL and C1 controls too, and reads back as the same value', () => {
    const value = { name: 'a\u001b\u007f\u0085\u009b', note: 'café\n' };
    const text = printableJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('"a\\u001b\\u007f\\u0085\\u009b"');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('driftText', () => {
  it('shows a hand edit\'s control characters escaped, in the path and in the lines', () => {
    const text = driftText([{ path: 'apps/x\u001b/base/a.yaml', action: 'update', current: 'a: 1\u001b[2J\r\n', content: 'a: 1\n' }], PLAIN);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('apps/x\\x1b/base/a.yaml');
    expect(text).toContain('-a: 1\\x1b[2J\\r');
  });
});
