/**
 * IANA time zone names as the API server knows them for a CronJob's
 * spec.timeZone: Go's time.LoadLocation reads a file of that name, so the
 * check is exact, letter case included. The list is data/time-zones.json,
 * generated from the IANA database (scripts/generate-time-zones.mjs).
 */
import timeZoneData from '../../data/time-zones.json' with { type: 'json' };
import { closestMatch } from './didYouMean.ts';

const ZONES: ReadonlySet<string> = new Set(timeZoneData.zones);

/** Where the list comes from, for messages: `npm tzdata 1.0.51 (IANA 2026d)`. */
export const TIME_ZONE_SOURCE: string = timeZoneData.source;

/** What is wrong with a time zone name, or undefined when the API server accepts it. */
export function timeZoneProblem(name: string): string | undefined {
  if (name.toLowerCase() === 'local') return `${name} is the controller's own zone, which the API server refuses; name an IANA zone such as UTC or Asia/Seoul`;
  if (ZONES.has(name)) return undefined;
  const caseOnly = [...ZONES].find((z) => z.toLowerCase() === name.toLowerCase());
  const guess = caseOnly ?? closestMatch(name, ZONES);
  return `unknown time zone "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}: names are IANA zones, letter case included, such as UTC or Asia/Seoul`;
}
