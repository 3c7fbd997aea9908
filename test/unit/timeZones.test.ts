import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript script, without types
import { timeZonesJson } from '../../scripts/generate-time-zones.mjs';
import { timeZoneProblem } from '../../src/vocabulary/timeZones.ts';
import { PROJECT_ROOT } from '../support/paths.ts';

describe('time zones', () => {
  it('data/time-zones.json is what the generator writes from the installed tzdata package', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'data/time-zones.json'), 'utf8')).toBe(timeZonesJson());
  });

  it('knows zones and backward links by their exact names, as Go\'s LoadLocation does', () => {
    for (const zone of ['UTC', 'Asia/Seoul', 'US/Eastern', 'Asia/Calcutta', 'Asia/Kolkata', 'Europe/Kyiv', 'EST5EDT', 'Etc/GMT+5', 'Factory']) {
      expect(timeZoneProblem(zone), zone).toBeUndefined();
    }
  });

  it('refuses Local, a wrong letter case and unknown names, with a suggestion', () => {
    expect(timeZoneProblem('Local')).toMatch(/^Local is the controller's own zone/);
    expect(timeZoneProblem('local')).toMatch(/^local is the controller's own zone/);
    expect(timeZoneProblem('asia/seoul')).toMatch(/^unknown time zone "asia\/seoul" \(did you mean "Asia\/Seoul"\?\)/);
    expect(timeZoneProblem('Asia/Seol')).toMatch(/did you mean "Asia\/Seoul"/);
    expect(timeZoneProblem('Mars/Olympus_Mons')).toMatch(/^unknown time zone "Mars\/Olympus_Mons": names are IANA zones/);
  });
});
