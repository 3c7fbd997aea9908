/**
 * The shared cron parser against robfig/cron v3.0.1's own verdicts (ParseStandard, then
 * Next for "never fires"), taken from a Go program run with the Debian package
 * golang-github-robfig-cron-dev 3.0.1-1.
 */
import { describe, expect, it } from 'vitest';
import { cronScheduleProblem, everFires, parseCronSchedule } from '../../src/vocabulary/cronSchedule.ts';

const fires = (schedule: string) => {
  const parsed = parseCronSchedule(schedule);
  if ('problem' in parsed || parsed.kind !== 'fields') throw new Error(`${schedule} does not parse to fields`);
  return everFires(parsed.fields);
};

describe('parseCronSchedule reads schedules as robfig/cron v3 ParseStandard does', () => {
  it('accepts what robfig accepts, odd ones included', () => {
    for (const good of [
      '*/15 * * * *', '0 3 * * *', '30 6 * * 1-5', '0 0 * * SUN', '0 0 * * sun-sat', '0 0 * JAN-MAR *', '0 0 * jan,Dec *',
      '5/15 * * * *', '05 * * * *', '? * * * ?', '0 0 * * ? ', '0\t0 * * *', '0  0 * * *', '0-59/90 * * * *', '*/90 * * * *',
      '0 0 * * MON/2', '*-5 * * * *', '1,,2 * * * *', '+5 * * * *', '0 0 1-31/31 * *',
      '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', '@every 1h30m',
      'TZ=UTC 0 0 * * *', 'CRON_TZ=Asia/Seoul 0 0 * * *',
    ]) {
      expect(cronScheduleProblem(good), good).toBeUndefined();
    }
  });

  it('refuses with robfig\'s own words, naming the field', () => {
    const cases: [string, string][] = [
      ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
      ['60 * * * *', 'end of range (60) above maximum (59): 60'],
      ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
      ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
      ['0 0 32 * *', 'end of range (32) above maximum (31): 32'],
      ['0 0 * 0 *', 'beginning of range (0) below minimum (1): 0'],
      ['0 0 * 13 *', 'end of range (13) above maximum (12): 13'],
      ['10-5 * * * *', 'beginning of range (10) beyond end of range (5): 10-5'],
      ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
      ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
      ['@reboot', 'unrecognized descriptor: @reboot'],
      ['@DAILY', 'unrecognized descriptor: @DAILY'],
      [' @daily', 'expected exactly 5 fields, found 1: [@daily]'],
      ['@daily ', 'unrecognized descriptor: @daily '],
      ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
      ['0 0 1W * *', 'failed to parse int from 1W: strconv.Atoi: parsing "1W": invalid syntax'],
      ['0 0 * * 5#3', 'failed to parse int from 5#3: strconv.Atoi: parsing "5#3": invalid syntax'],
      ['99999999999999999999 * * * *', 'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range'],
      ['', 'empty spec string'],
      ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
      ['1/2/3 * * * *', 'too many slashes: 1/2/3'],
      ['*/-5 * * * *', 'negative number (-5) not allowed: -5'],
    ];
    for (const [schedule, problem] of cases) expect(cronScheduleProblem(schedule), schedule).toBe(problem);
    expect(parseCronSchedule('0 0 * * 7')).toMatchObject({ field: { index: 4, label: 'day of week', text: '7' } });
    expect(cronScheduleProblem('@every 1d')).toMatch(/^failed to parse duration @every 1d/);
  });

  it('expands descriptors and keeps @every apart', () => {
    expect(parseCronSchedule('@weekly')).toMatchObject({ kind: 'fields', descriptor: '@weekly' });
    expect(parseCronSchedule('@every 90s')).toEqual({ kind: 'every', duration: '90s' });
  });

  it('knows which schedules never fire (robfig\'s Next returns the zero time)', () => {
    for (const never of ['0 0 30 2 *', '0 0 31 4,6,9,11 *', '0 0 31 2,4 ?']) expect(fires(never), never).toBe(false);
    for (const ok of ['0 0 29 2 *', '0 0 30 2 1', '0 0 */2 * 1', '0 0 31 * *', '0 0 * 2 *', '@yearly', '0 0 30 2,3 *']) expect(fires(ok), ok).toBe(true);
  });
});
