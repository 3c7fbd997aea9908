/**
 * A CronJob schedule as the API server parses it: robfig/cron v3's
 * ParseStandard (five fields, or a descriptor such as @daily or @every 1h),
 * with its bounds, names and errors (checked against robfig/cron v3.0.1, the
 * version Kubernetes pins). Some schedules that look wrong parse:
 * `*\/61 * * * *` runs at minute 0 only, `1,,2` is `1,2`, and the server
 * accepts them, so this does too. Day of week runs 0-6: robfig refuses 7 for
 * Sunday. One parser for every stage: the app spec's schedule and the
 * validator's CronJob check both read schedules with it.
 */

interface Bounds {
  label: string;
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: readonly Bounds[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day of week', min: 0, max: 6, names: DAYS },
];

/** What each descriptor stands for (robfig's parseDescriptor). */
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

// Go's time.ParseDuration: one or more decimal numbers each with a unit, or a bare 0.
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

/** One field of a parsed schedule: the values it matches, and robfig's "star bit" (`*` or `?` without a step above 1). */
export interface CronField {
  values: ReadonlySet<number>;
  star: boolean;
}

export type ParsedCron =
  /** Five fields: minute, hour, day of month, month, day of week; `descriptor` when written as @daily and the like. */
  | { kind: 'fields'; fields: readonly CronField[]; descriptor?: string }
  /** `@every <duration>`: runs counted from when the schedule was created, not the clock. */
  | { kind: 'every'; duration: string };

export interface CronProblem {
  /** robfig's own words. */
  problem: string;
  /** The field it is in (0 minute to 4 day of week), when the problem is in one. */
  field?: { index: number; label: string; text: string };
}

/** Parses a schedule as robfig/cron's ParseStandard does (a `TZ=` or `CRON_TZ=` prefix included, which the API server refuses apart). */
export function parseCronSchedule(spec: string): ParsedCron | CronProblem {
  if (spec.length === 0) return { problem: 'empty spec string' };
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    rest = space < 0 ? '' : rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    const expansion = DESCRIPTORS[rest];
    if (expansion !== undefined) {
      const parsed = parseFields(expansion);
      return 'problem' in parsed ? parsed : { ...parsed, descriptor: rest };
    }
    if (rest.startsWith('@every ')) {
      const duration = rest.slice('@every '.length);
      return GO_DURATION.test(duration) ? { kind: 'every', duration } : { problem: `failed to parse duration ${rest}: time: invalid duration "${duration}"` };
    }
    return { problem: `unrecognized descriptor: ${rest}` };
  }
  return parseFields(rest);
}

/** What robfig/cron's ParseStandard says is wrong with a schedule, or undefined when it parses. */
export function cronScheduleProblem(spec: string): string | undefined {
  const parsed = parseCronSchedule(spec);
  return 'problem' in parsed ? parsed.problem : undefined;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a parsed five-field schedule ever fires. robfig accepts `0 0 30 2 *`,
 * and its Next then returns the zero time: the CronJob never runs. When either
 * day field is a star, a day must match both (robfig's dayMatches); otherwise
 * either, and every month has every weekday.
 */
export function everFires(fields: readonly CronField[]): boolean {
  const [, , dom, month, dow] = fields as [CronField, CronField, CronField, CronField, CronField];
  if (dom.star || !dow.star) return true;
  return [...month.values].some((m) => [...dom.values].some((d) => d <= DAYS_IN_MONTH[m - 1]!));
}

function parseFields(text: string): { kind: 'fields'; fields: CronField[] } | CronProblem {
  // Go's strings.Fields splits on any Unicode white space.
  const parts = text.split(/\s+/u).filter((f) => f !== '');
  if (parts.length !== FIELDS.length) return { problem: `expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]` };
  const fields: CronField[] = [];
  for (const [index, part] of parts.entries()) {
    const bounds = FIELDS[index]!;
    const values = new Set<number>();
    let star = false;
    // strings.FieldsFunc on ',': empty items are dropped, not refused.
    for (const expr of part.split(',').filter((e) => e !== '')) {
      const range = parseRange(expr, bounds);
      if (typeof range === 'string') return { problem: range, field: { index, label: bounds.label, text: part } };
      for (let v = range.start; v <= range.end; v += range.step) values.add(v);
      star ||= range.star;
    }
    fields.push({ values, star });
  }
  return { kind: 'fields', fields };
}

function parseRange(expr: string, bounds: Bounds): { start: number; end: number; step: number; star: boolean } | string {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // robfig ignores whatever follows the star: `*-5` is `*`.
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    const low = intOrName(lowAndHigh[0]!, bounds);
    if (typeof low === 'string') return low;
    start = low;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const high = intOrName(lowAndHigh[1]!, bounds);
      if (typeof high === 'string') return high;
      end = high;
    } else {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = integer(rangeAndStep[1]!);
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    // `N/step` means from N to the end of the range.
    if (single) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return { start, end, step, star };
}

function intOrName(expr: string, bounds: Bounds): number | string {
  const named = bounds.names?.[expr.toLowerCase()];
  return named ?? integer(expr);
}

/** strconv.Atoi, then robfig's refusal of negative numbers. */
function integer(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number(expr);
  // Past 2^53 JavaScript loses digits; robfig refuses such a number too (out of range, or above every maximum).
  if (!Number.isSafeInteger(n)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}
