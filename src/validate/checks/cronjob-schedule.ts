/**
 * A CronJob's schedule parses as the API server parses it (robfig/cron v3,
 * five fields or a descriptor), names no time zone (TZ= or CRON_TZ= in the
 * schedule is refused on create: spec.timeZone says it), and spec.timeZone is
 * an IANA time zone name.
 */
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import type { ApiServerCheck } from './check.ts';
import { cronScheduleProblem } from './cronSchedule.ts';

// Each part of a zone name, as the server allows it before it loads the zone.
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

export const cronjobSchedule: ApiServerCheck = {
  id: 'cronjob-schedule',
  summary: "a CronJob's schedule parses as five cron fields or a descriptor (@daily, @every 1h), without TZ= or CRON_TZ=, and spec.timeZone is an IANA time zone",
  severity: "error; a spec.timeZone of the right form that this machine's time zone data does not know is a warning (the server's Go time zone data decides)",
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
        const problem = cronScheduleProblem(schedule);
        if (problem !== undefined) findings.push({ path: ['spec', 'schedule'], message: `${JSON.stringify(schedule)} is not a cron schedule: ${problem} (five fields: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6; or @hourly, @daily, @weekly, @monthly, @yearly, @every <duration>)` });
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
  if (!knownTimeZone(timeZone)) {
    return [{ path: at, severity: 'warning', message: `unknown time zone ${timeZone} (not in this machine's time zone data; the API server refuses a zone its own data lacks)` }];
  }
  return [];
}

/** Whether ICU knows the zone; Go's tzdata and ICU's share the IANA names and their links. */
function knownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
