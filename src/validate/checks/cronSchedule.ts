/**
 * A CronJob schedule as the API server parses it: robfig/cron v3's
 * ParseStandard (five fields, or a descriptor such as @daily or @every 1h),
 * with its bounds, names and errors. Some schedules that look wrong parse:
 * `*\/61 * * * *` runs at minute 0 only, and the server accepts it, so this
 * does too. Day of week runs 0-6: robfig refuses 7 for Sunday.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

// Go's time.ParseDuration: one or more decimal numbers each with a unit, or a bare 0.
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

/** What robfig/cron's ParseStandard says is wrong with a schedule, or undefined when it parses. */
export function cronScheduleProblem(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let rest = spec;
  // The time zone prefix is parsed (and then refused by the API server itself, see the check).
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    rest = space < 0 ? '' : rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    if (DESCRIPTORS.has(rest)) return undefined;
    if (rest.startsWith('@every ')) {
      const duration = rest.slice('@every '.length);
      return GO_DURATION.test(duration) ? undefined : `failed to parse duration ${rest}: time: invalid duration "${duration}"`;
    }
    return `unrecognized descriptor: ${rest}`;
  }
  // Go's strings.Fields splits on any Unicode white space.
  const fields = rest.split(/\s+/u).filter((f) => f !== '');
  if (fields.length !== FIELDS.length) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const [i, field] of fields.entries()) {
    for (const expr of field.split(',')) {
      const problem = rangeProblem(expr, FIELDS[i]!);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function rangeProblem(expr: string, bounds: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
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
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function intOrName(expr: string, bounds: Bounds): number | string {
  const named = bounds.names?.[expr.toLowerCase()];
  return named ?? integer(expr);
}

/** strconv.Atoi, then robfig's refusal of negative numbers. */
function integer(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number(expr);
  if (!Number.isSafeInteger(n)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}
