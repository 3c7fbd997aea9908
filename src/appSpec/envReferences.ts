/**
 * What Kubernetes does to an env value before the container sees it. The kubelet expands
 * `$(NAME)` to the value of the variable NAME when NAME is defined before it: by `envFrom`
 * (the app's secrets, all defined first), by an earlier `env` entry, or as a service variable;
 * otherwise the reference stays as written. `$$` is an escaped `$`, so `$$(NAME)` is the text
 * `$(NAME)` and `pa$$w` becomes `pa$w`. A `$` before a character that is not ASCII garbles it
 * (the kubelet copies one byte of its UTF-8 encoding as if it were a character of its own).
 * The rules are those of k8s.io/kubernetes third_party/forked/golang/expansion, read on
 * UTF-16 code units, which agree with Go's bytes wherever `$`, `(` and `)` are concerned.
 *
 * Pure: the spec check reports what a value will not do, and the view model orders the
 * variables so that each reference to another plain variable resolves.
 */
import type { PathSegment } from '../vocabulary/issue.ts';
import type { AppSpec } from './types.ts';

export interface EnvValueScan {
  /** The names `$(NAME)` refers to, each once, in order. */
  references: string[];
  /**
   * A `$$` that escapes neither a reference nor a character: `pa$$w`, which the container sees
   * as `pa$w`. Three or more `$` in a row are escapes written on purpose (`$$$$` for `$$`).
   */
  bareEscape: boolean;
  /** Characters other than ASCII written right after a lone `$`, which reach the container garbled. */
  garbled: string[];
}

export function scanEnvValue(value: string): EnvValueScan {
  const references: string[] = [];
  const garbled: string[] = [];
  for (let i = 0; i < value.length - 1; i++) {
    if (value[i] !== '$') continue;
    const next = value[i + 1]!;
    if (next === '$') {
      i += 1;
    } else if (next === '(') {
      const close = value.indexOf(')', i + 2);
      if (close === -1) {
        // An unclosed `$(` is text; scanning goes on after the `(`.
        i += 1;
        continue;
      }
      const name = value.slice(i + 2, close);
      if (!references.includes(name)) references.push(name);
      i = close;
    } else {
      if (next.charCodeAt(0) >= 0x80) garbled.push(String.fromCodePoint(value.codePointAt(i + 1)!));
      i += 1;
    }
  }
  return { references, bareEscape: BARE_ESCAPE.test(value), garbled };
}

// Exactly two `$`, before neither `(` nor a character that is not ASCII, which are what an escape is for.
const BARE_ESCAPE = /(?<!\$)\$\$(?![$(]|[^\x00-\x7f])/;

/** The value the container sees for `value` when no reference resolves: escapes undone, references as written. */
export function unescapedEnvValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    out += value[i];
    if (value[i] === '$' && value[i + 1] === '$') i += 1;
  }
  return out;
}

/**
 * The service variables of the `kubernetes` Service, which the kubelet gives every container
 * whatever its pod says (enableServiceLinks only turns off those of the namespace's Services).
 */
const ALWAYS_DEFINED = new Set([
  'KUBERNETES_SERVICE_HOST',
  'KUBERNETES_SERVICE_PORT',
  'KUBERNETES_SERVICE_PORT_HTTPS',
  'KUBERNETES_PORT',
  'KUBERNETES_PORT_443_TCP',
  'KUBERNETES_PORT_443_TCP_PROTO',
  'KUBERNETES_PORT_443_TCP_PORT',
  'KUBERNETES_PORT_443_TCP_ADDR',
]);

/** One plain variable of a container, and the field of app.yaml it comes from. */
export interface EnvEntry {
  name: string;
  value: string;
  path: PathSegment[];
}

/** The plain variables of spec.env, as written. */
export function baseEnv(spec: AppSpec['spec']): EnvEntry[] {
  return Object.entries(spec.env ?? {}).map(([name, value]) => ({ name, value, path: ['spec', 'env', name] }));
}

/** The plain variables of an environment: spec.env with its overrides in place, then the ones it adds. */
export function environmentEnv(spec: AppSpec['spec'], environment: string): EnvEntry[] {
  const own = spec.environments[environment]?.env ?? {};
  const at = (name: string): PathSegment[] => ['spec', 'environments', environment, 'env', name];
  const base = baseEnv(spec).map((entry) => (Object.hasOwn(own, entry.name) ? { ...entry, value: own[entry.name]!, path: at(entry.name) } : entry));
  const added = Object.entries(own)
    .filter(([name]) => !Object.hasOwn(spec.env ?? {}, name))
    .map(([name, value]) => ({ name, value, path: at(name) }));
  return [...base, ...added];
}

export interface EnvOrder {
  /** Every entry, each after the plain variables it refers to where that is possible, otherwise as written. */
  order: EnvEntry[];
  /** Groups of entries that refer to each other, which no order resolves. */
  cycles: EnvEntry[][];
}

/**
 * Orders variables so that every reference to another plain variable comes after it, moving
 * as little as possible: at each step, the first entry as written whose references are all
 * placed. Entries of a cycle, and those that wait on one, keep their written order at the end.
 */
export function orderEnv(entries: readonly EnvEntry[]): EnvOrder {
  const names = new Set(entries.map((e) => e.name));
  const needs = new Map(entries.map((e) => [e.name, scanEnvValue(e.value).references.filter((r) => r !== e.name && names.has(r))]));
  const placed = new Set<string>();
  const order: EnvEntry[] = [];
  let waiting = [...entries];
  for (;;) {
    const next = waiting.find((e) => needs.get(e.name)!.every((r) => placed.has(r)));
    if (next === undefined) break;
    order.push(next);
    placed.add(next.name);
    waiting = waiting.filter((e) => e !== next);
  }
  return { order: [...order, ...waiting], cycles: cyclesAmong(waiting, needs) };
}

/** Strongly connected groups of more than one entry (Tarjan), each in written order, groups in order of their first entry. */
function cyclesAmong(entries: readonly EnvEntry[], needs: ReadonlyMap<string, readonly string[]>): EnvEntry[][] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (name: string): void => {
    index.set(name, index.size);
    low.set(name, index.get(name)!);
    stack.push(name);
    for (const next of needs.get(name)!.filter((n) => byName.has(n))) {
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(name, Math.min(low.get(name)!, index.get(next)!));
      }
    }
    if (low.get(name) === index.get(name)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        group.push(member);
      } while (member !== name);
      if (group.length > 1) groups.push(group);
    }
  };
  for (const entry of entries) if (!index.has(entry.name)) visit(entry.name);
  const position = (name: string) => entries.findIndex((e) => e.name === name);
  return groups
    .map((group) => group.sort((a, b) => position(a) - position(b)).map((name) => byName.get(name)!))
    .sort((a, b) => position(a[0]!.name) - position(b[0]!.name));
}

export interface EnvProblem {
  path: PathSegment[];
  severity: 'error' | 'warning';
  message: string;
}

/**
 * What Kubernetes will do to the app's env values that the user may not expect, per
 * environment (an overlay is what runs): a reference that cannot resolve (to itself, or
 * around a cycle: errors, since the variable it names is the app's own and no order of
 * the list can give its value), a reference to a name the container does not have
 * (a warning: Kubernetes leaves it as written, which may be meant), a `$$` that becomes
 * `$` (a warning), and a character Kubernetes garbles (an error).
 */
export function envProblems(spec: AppSpec['spec']): EnvProblem[] {
  const environments = Object.keys(spec.environments);
  const secrets = new Set(Object.keys(spec.secrets?.keys ?? {}));
  // A finding of some environments only says which; one of every environment says none.
  const found = new Map<string, { problem: EnvProblem; environments: string[] }>();
  const add = (environment: string, problem: EnvProblem) => {
    const key = `${JSON.stringify(problem.path)}\u0000${problem.message}`;
    const entry = found.get(key) ?? { problem, environments: [] };
    entry.environments.push(environment);
    found.set(key, entry);
  };
  const values = new Map<string, EnvEntry>();
  for (const environment of environments) {
    const entries = environmentEnv(spec, environment);
    const defined = new Set([...entries.map((e) => e.name), ...secrets]);
    for (const entry of entries) {
      values.set(JSON.stringify(entry.path), entry);
      for (const name of scanEnvValue(entry.value).references) {
        if (name === entry.name && !secrets.has(name)) {
          add(environment, { path: entry.path, severity: 'error', message: `$(${name}) refers to ${name} itself, which Kubernetes never expands: a variable sees only those defined before it. Write $$(${name}) to mean the text $(${name})` });
        } else if (!defined.has(name) && !ALWAYS_DEFINED.has(name)) {
          add(environment, {
            path: entry.path,
            severity: 'warning',
            message: `$(${name}) names no variable of the container (spec.env, the environment's env or spec.secrets.keys; the image's own are not visible to Kubernetes), so Kubernetes leaves it as written. Write $$(${name}) to mean the text $(${name})`,
          });
        }
      }
    }
    for (const cycle of orderEnv(entries).cycles) {
      const [first, ...rest] = cycle;
      const loop = [...cycle, first!].map((e) => e.name).join(' -> ');
      const needed = scanEnvValue(first!.value).references.find((name) => cycle.some((e) => e.name === name))!;
      add(environment, {
        path: first!.path,
        severity: 'error',
        message: `$(${needed}) cannot be expanded: ${[first!, ...rest].map((e) => e.name).join(' and ')} refer to each other (${loop}), and Kubernetes expands a reference only to a variable defined before it. Write $$(${needed}) to mean the text $(${needed})`,
      });
    }
  }
  // A value of spec.env may misbehave in some environments only; one of an environment names it already.
  const problems = [...found.values()].map(({ problem, environments: where }) =>
    where.length === environments.length || problem.path[1] === 'environments'
      ? problem
      : { ...problem, message: `${problem.message} (in ${where.length === 1 ? 'environment' : 'environments'} ${where.join(', ')})` },
  );
  for (const entry of values.values()) {
    const scan = scanEnvValue(entry.value);
    if (scan.bareEscape) {
      problems.push({
        path: entry.path,
        severity: 'warning',
        message: `Kubernetes reads $$ as one $: ${quoted(entry.value)} becomes ${quoted(unescapedEnvValue(entry.value))}. Write $$$$ for $$`,
      });
    }
    for (const character of new Set(scan.garbled)) {
      problems.push({
        path: entry.path,
        severity: 'error',
        message: `Kubernetes garbles ${JSON.stringify(character)} after a lone $ (it splits the character's bytes). Write $$ for the $`,
      });
    }
  }
  return problems;
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
