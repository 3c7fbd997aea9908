import { describe, expect, it } from 'vitest';
import { isQuantity, parseQuantity, sameQuantity } from '../../src/vocabulary/quantity.ts';

describe('quantities', () => {
  it.each([
    ['500m', 0.5],
    ['0.5', 0.5],
    ['2', 2],
    ['1Gi', 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1.5G', 1.5e9],
    ['1e3', 1000],
    ['2E-3', 0.002],
    ['100k', 100_000],
    ['.5', 0.5],
    ['250u', 0.00025],
  ])('%s = %d', (text, value) => {
    expect(isQuantity(text)).toBe(true);
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(['512mb', '1.5.3', 'Gi', '', '1 Gi', '1gi', '0x10', 'm', '1Ki2'])('rejects %j', (text) => {
    expect(isQuantity(text)).toBe(false);
    expect(parseQuantity(text)).toBeUndefined();
  });

  it('compares across notations', () => {
    expect(sameQuantity('500m', '0.5')).toBe(true);
    expect(sameQuantity('1Gi', '1024Mi')).toBe(true);
    expect(sameQuantity('1G', '1Gi')).toBe(false);
    expect(sameQuantity('1', 1)).toBe(true);
    expect(sameQuantity('bad', 'bad')).toBe(false);
  });
});
