/**
 * What a container's environment is, given its `env` list and what `envFrom` defines: a model
 * of the kubelet (pkg/kubelet/kubelet_pods.go, makeEnvironmentVariables, and the expansion in
 * third_party/forked/golang/expansion), for tests to judge rendered and built Deployments by.
 * It works on UTF-8 bytes as the kubelet does, so it also shows what it garbles.
 */
const DOLLAR = 0x24;
const OPEN = 0x28;
const CLOSE = 0x29;

export function containerEnv(env: readonly { name: string; value?: string }[], envFrom: Readonly<Record<string, string>> = {}): Record<string, string> {
  const defined = new Map(Object.entries(envFrom));
  for (const { name, value = '' } of env) defined.set(name, value === '' ? '' : expand(value, (ref) => defined.get(ref)));
  return Object.fromEntries(defined);
}

/** `$(NAME)` to NAME's value where `lookup` knows it, else as written; `$$` to `$`; `$x` as written. */
export function expand(value: string, lookup: (name: string) => string | undefined): string {
  const input = Buffer.from(value, 'utf8');
  const out: Buffer[] = [];
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== DOLLAR || cursor + 1 >= input.length) continue;
    out.push(input.subarray(checkpoint, cursor));
    const next = input[cursor + 1]!;
    if (next === DOLLAR) {
      out.push(Buffer.from('$'));
      cursor += 1;
    } else if (next === OPEN) {
      const close = input.indexOf(CLOSE, cursor + 2);
      if (close === -1) {
        out.push(Buffer.from('$('));
        cursor += 1;
      } else {
        const name = input.subarray(cursor + 2, close).toString('utf8');
        out.push(Buffer.from(lookup(name) ?? `$(${name})`, 'utf8'));
        cursor = close;
      }
    } else {
      // Go's string(byte) makes a character of the byte's value: a lone UTF-8 byte becomes two.
      out.push(Buffer.from(`$${String.fromCharCode(next)}`, 'utf8'));
      cursor += 1;
    }
    checkpoint = cursor + 1;
  }
  out.push(input.subarray(checkpoint));
  return Buffer.concat(out).toString('utf8');
}

/**
 * What the user of an acyclic env means each variable to be: every reference to another
 * variable (or to one `envFrom` defines) replaced by that variable's own meaning, whatever
 * order the list is in. A container env built in a good order is exactly this.
 */
export function intendedEnv(env: Readonly<Record<string, string>>, envFrom: Readonly<Record<string, string>> = {}): Record<string, string> {
  const meaning = (name: string, seen: readonly string[]): string => {
    if (seen.includes(name)) throw new Error(`cycle: ${[...seen, name].join(' -> ')}`);
    const value = env[name]!;
    return value === '' ? '' : expand(value, (ref) => (ref !== name && Object.hasOwn(env, ref) ? meaning(ref, [...seen, name]) : envFrom[ref]));
  };
  return { ...envFrom, ...Object.fromEntries(Object.keys(env).map((name) => [name, meaning(name, [])])) };
}
