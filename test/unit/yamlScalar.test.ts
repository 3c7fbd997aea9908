import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { yamlInteger, yamlString } from '../../src/render/yamlScalar.ts';

const tricky = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('../../base', './x', '.../x', '.inf', '.NaN', '.5', 'a: b # c', 'line1\nline2', 'yes', 'No', 'on', '~', 'null', '0777', '1e3', '.inf', '*alias', '&anchor', '!tag', '%dir', '@at', '`tick', '- item', '? key', '{a}', '[a]', '"q"', "'q'", '\\', ' lead', 'trail ', '\t', '\u2028', '\u0085', '\ufeff', '', '<<', '=', 'e1', 'E-3', 'e05'),
);

describe('yamlString', () => {
  it('stays one scalar inside a mapping and reads back as the same string (YAML 1.1 and 1.2)', () => {
    fc.assert(
      fc.property(tricky, (value) => {
        const text = `outer:\n  key: ${yamlString(value)}\n  next: 1\n`;
        for (const version of ['1.1', '1.2'] as const) {
          expect(parse(text, { version })).toEqual({ outer: { key: value, next: 1 } });
        }
      }),
      { numRuns: 2000, seed: 20261126 },
    );
  });

  it('stays one scalar inside a list item', () => {
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        const text = `- name: ${yamlString(a)}\n  value: ${yamlString(b)}\n`;
        expect(parse(text)).toEqual([{ name: a, value: b }]);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('writes plain scalars only when they cannot be misread', () => {
    expect(yamlString('checkout')).toBe('checkout');
    expect(yamlString('app.kubernetes.io/name')).toBe('app.kubernetes.io/name');
    expect(yamlString('../../base')).toBe('../../base');
    expect(yamlString('.inf')).toBe('".inf"');
    expect(yamlString('.5')).toBe('".5"');
    expect(yamlString('yes')).toBe('"yes"');
    expect(yamlString('500m')).toBe('"500m"');
    expect(yamlString('e1')).toBe('"e1"');
    expect(yamlString('e1x')).toBe('e1x');
    expect(yamlString('a: b # c')).toBe('"a: b # c"');
    expect(yamlString('x\u2028y')).toBe('"x\\u2028y"');
  });
});

describe('yamlInteger', () => {
  it('prints integers and refuses anything else', () => {
    expect(yamlInteger(8080)).toBe('8080');
    expect(() => yamlInteger(2.5)).toThrow(/integer/);
    expect(() => yamlInteger(Number.NaN)).toThrow(/integer/);
  });
});
