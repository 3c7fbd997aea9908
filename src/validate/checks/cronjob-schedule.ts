/**
 * A CronJob's schedule parses as the API server parses it (robfig/cron v3,
 * five fields or a descriptor), names no time zone (TZ= or CRON_TZ= in the
 * schedule is refused on create: spec.timeZone says it), and spec.timeZone is
 * an IANA time zone name. A schedule that parses but never fires (30
 * February) is stored: a warning.
 */
import { everFires, parseCronSchedule } from '../../vocabulary/cronSchedule.ts';
import { TIME_ZONE_SOURCE, timeZoneProblem } from '../../vocabulary/timeZones.ts';
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';

// Each part of a zone name, as the server allows it before it loads the zone.
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

export const cronjobSchedule: ApiServerCheck = {
  id: 'cronjob-schedule',
  summary: "a CronJob's schedule parses as five cron fields or a descriptor (@daily, @every 1h), without TZ= or CRON_TZ=, and spec.timeZone is an IANA time zone",
  severity: "error; a schedule that never fires, and a spec.timeZone of the right form that is not in the IANA list scaffold carries, are warnings (the server stores the first, and its own Go time zone data decides the second)",
  source: 'validateCronJobSpec, validateScheduleFormat (cron.ParseStandard) and validateTimeZone in pkg/apis/batch/validation/validation.go',
  check({ apiVersion, kind, value }) {
    if (kind !== 'CronJob' || !apiVersion.startsWith('batch/')) return [];
    const spec = mappingAt(value, 'spec');
    if (spec === undefined) return [];
    const findings: PolicyFinding[] = [];
    const schedule = spec['schedule'];
    if (typeof schedule === 'string' && schedule !== '') {
      if (schedule.includes('TZ')) {
        findings.push({ path: ['spec', 'schedule'], message: `${JSON.stringify(schedule)}: cannot use TZ or CRON_TZ in the schedule; set spec.timeZone (such as Europe/Paris) instead` });
      } else {
        const parsed = parseCronSchedule(schedule);
        if ('problem' in parsed) {
          findings.push({ path: ['spec', 'schedule'], message: `${JSON.stringify(schedule)} is not a cron schedule: ${parsed.problem} (five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6; or @hourly, @daily, @weekly, @monthly, @yearly, @every <duration>)` });
        } else if (parsed.kind === 'fields' && !everFires(parsed.fields)) {
          findings.push({ path: ['spec', 'schedule'], severity: 'warning', message: `${JSON.stringify(schedule)} never fires (no month has that day): the CronJob is stored and never runs` });
        }
      }
    }
    const timeZone = spec['timeZone'];
    if (typeof timeZone === 'string') findings.push(...timeZoneFindings(timeZone));
    return findings;
  },
};

function timeZoneFindings(timeZone: string): PolicyFinding[] {
  const at = ['spec', 'timeZone'];
  if (timeZone === '') return [{ path: at, message: 'timeZone must be left out or a time zone name' }];
  if (timeZone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part))) {
    return [{ path: at, message: `unknown time zone ${timeZone}` }];
  }
  if (timeZone.toLowerCase() === 'local') return [{ path: at, message: 'timeZone must be an explicit IANA time zone (such as Etc/UTC), not Local' }];
  const problem = timeZoneProblem(timeZone);
  // A zone newer (or older) than the list may be in the server's own data: only the server can refuse it.
  return problem === undefined ? [] : [{ path: at, severity: 'warning', message: `${problem} (not in ${TIME_ZONE_SOURCE}; the API server refuses a zone its own time zone data lacks)` }];
}
