import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centiHoursOf, formatHourly, formatUsd, microDollars, monthlyCostCents, readPriceTable } from '../../src/capacity/cost.ts';

const shipped = readPriceTable(JSON.parse(readFileSync(join(import.meta.dirname, '../../data/prices.json'), 'utf8')), 'data/prices.json');

describe('monthly cost', () => {
  it("reproduces issue 7's figures from the shipped ap-northeast-2 prices and 720 hours", () => {
    expect(shipped.issues).toEqual([]);
    const seoul = shipped.table!.regions['ap-northeast-2']!.microDollarsPerHour;
    const hours = centiHoursOf('720')!;
    expect(formatHourly(seoul['c5.xlarge']!)).toBe('0.192');
    expect(formatHourly(seoul['m5.xlarge']!)).toBe('0.236');
    expect(formatUsd(monthlyCostCents(25, hours, seoul['c5.xlarge']!))).toBe('$3,456.00');
    expect(formatUsd(monthlyCostCents(6, hours, seoul['m5.xlarge']!))).toBe('$1,019.52');
  });

  it('prices every shipped us-east-1 type', () => {
    const virginia = shipped.table!.regions['us-east-1']!.microDollarsPerHour;
    expect(Object.keys(virginia)).toHaveLength(12);
    expect(formatUsd(monthlyCostCents(1, centiHoursOf('730')!, virginia['m5.xlarge']!))).toBe('$140.16');
  });

  it('stays exact where floating point drifts', () => {
    // 0.1 + 0.2 style drift: 3 x 730 x 0.0104 = 22.776 dollars exactly, 22.78 rounded half up.
    expect(monthlyCostCents(3, 73000, microDollars(0.0104)!)).toBe(2278);
    // A half cent rounds up: 1 x 1 h x $0.005 = 0.5 cents -> 1 cent.
    expect(monthlyCostCents(1, 100, microDollars(0.005)!)).toBe(1);
    // Large fleets do not lose precision past 2^53.
    expect(formatUsd(monthlyCostCents(100_000, 73_050, microDollars(26.688)!))).toBe('$1,949,558,400.00');
  });

  it('reads hours with up to 2 decimals', () => {
    expect(centiHoursOf('730')).toBe(73000);
    expect(centiHoursOf('730.5')).toBe(73050);
    expect(centiHoursOf('0')).toBeUndefined();
    expect(centiHoursOf('12.345')).toBeUndefined();
    expect(centiHoursOf('-5')).toBeUndefined();
  });

  it('refuses prices with more than 6 decimals or that are not positive', () => {
    expect(microDollars(0.192)).toBe(192000);
    expect(microDollars(0.0000001)).toBeUndefined();
    expect(microDollars(0)).toBeUndefined();
  });
});

describe('price tables', () => {
  it('names the file and field of a bad price', () => {
    const { table, issues } = readPriceTable({ regions: { 'us-east-1': { prices: { 'm5.large': '0.096' } } } }, 'mine.json');
    expect(table).toBeUndefined();
    expect(issues).toEqual([
      { severity: 'error', rule: 'prices', file: 'mine.json', path: 'regions.us-east-1.prices["m5.large"]', message: 'expected a positive number of USD per hour with at most 6 decimals, got "0.096"' },
    ]);
  });

  it('wants a regions mapping', () => {
    expect(readPriceTable({ 'm5.large': 0.096 }, 'mine.json').issues[0]).toMatchObject({ file: 'mine.json', path: 'regions' });
  });

  it('says why the shipped Seoul table lacks most types', () => {
    const seoul = shipped.table!.regions['ap-northeast-2']!;
    expect(seoul.unsourcedNote).toContain('left out rather than guessed');
  });
});
