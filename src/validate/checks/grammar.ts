/**
 * The name grammars the Kubernetes API server enforces, as
 * k8s.io/apimachinery/pkg/util/validation (and .../api/validate/content)
 * defines them. Each function returns what is wrong with a value, empty when
 * it is valid, so a message can say every problem at once as the server does.
 * Lengths count bytes, as Go's len() does.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;

/**
 * Names and label values repeat across a repository (every app's
 * app.kubernetes.io/name, every container port named http): each is judged
 * once. The problems found are shared, so callers only read them.
 */
function remembered(grammar: (value: string) => string[]): (value: string) => readonly string[] {
  const judged = new Map<string, readonly string[]>();
  return (value) => {
    let problems = judged.get(value);
    if (problems === undefined) {
      problems = Object.freeze(grammar(value));
      // Bounded, so a repository of unique names keeps memory flat.
      if (judged.size >= 10_000) judged.clear();
      judged.set(value, problems);
    }
    return problems;
  };
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

function tooLong(max: number): string {
  return `must be no more than ${max} characters`;
}

/** A grammar of a byte length limit and a pattern, as most of validation.go's Is* functions are. */
function limitAndPattern(max: number, pattern: RegExp, mismatch: (value: string) => string): (value: string) => readonly string[] {
  return remembered((value) => {
    const problems: string[] = [];
    if (byteLength(value) > max) problems.push(tooLong(max));
    if (!pattern.test(value)) problems.push(mismatch(value));
    return problems;
  });
}

/** IsDNS1123Label: Namespace names, container and volume names, Service port names. */
export const dns1123LabelProblems = limitAndPattern(DNS1123_LABEL_MAX, DNS1123_LABEL, (value) =>
  DNS1123_SUBDOMAIN.test(value)
    ? 'must not contain dots'
    : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')");

/** IsDNS1123Subdomain: the names of most kinds. */
export const dns1123SubdomainProblems = limitAndPattern(DNS1123_SUBDOMAIN_MAX, DNS1123_SUBDOMAIN, () =>
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')");

/** IsDNS1035Label: Service names, which become DNS names and environment variable prefixes. */
export const dns1035LabelProblems = limitAndPattern(DNS1123_LABEL_MAX, DNS1035_LABEL, () =>
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name' or 'abc-123')");

/**
 * IsValidPathSegmentName: RBAC roles and bindings and CertificateSigningRequests
 * may use any name that fits in a URL path segment (`system:controller:foo`).
 */
export function pathSegmentProblems(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  return ['/', '%'].filter((c) => value.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * IsQualifiedName: label keys, annotation keys, selector keys. An optional
 * DNS-1123 subdomain prefix and a slash, then a name of at most 63 characters
 * of alphanumerics, '-', '_' and '.', starting and ending alphanumeric.
 */
export const qualifiedNameProblems = remembered((value: string): string[] => {
  const parts = value.split('/');
  let name: string;
  const problems: string[] = [];
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix === '') problems.push('prefix part must be non-empty');
    else problems.push(...dns1123SubdomainProblems(prefix).map((p) => `prefix part ${p}`));
  } else {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc'), with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name === '') problems.push('name part must be non-empty');
  else if (byteLength(name) > DNS1123_LABEL_MAX) problems.push(`name part ${tooLong(DNS1123_LABEL_MAX)}`);
  if (name !== '' && !QUALIFIED_NAME_PART.test(name)) {
    problems.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')");
  }
  return problems;
});

/** IsValidLabelValue: empty, or at most 63 characters of alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
export const labelValueProblems = limitAndPattern(DNS1123_LABEL_MAX, LABEL_VALUE, () =>
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', 'my_value' or '12345')");

/**
 * IsValidPortName (an IANA service name, RFC 6335, lower case only): at most
 * 15 characters of [-a-z0-9], at least one letter, no leading, trailing or
 * doubled hyphen.
 */
export const portNameProblems = remembered((value: string): string[] => {
  const problems: string[] = [];
  if (byteLength(value) > 15) problems.push(tooLong(15));
  if (!/^[-a-z0-9]+$/.test(value)) problems.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) problems.push('must contain at least one letter (a-z)');
  if (value.includes('--')) problems.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) problems.push('must not begin or end with a hyphen');
  return problems;
});

/**
 * A name used as a prefix (metadata.generateName) may end with '-': the
 * server masks one trailing dash before checking (maskTrailingDash).
 */
export function maskTrailingDash(value: string): string {
  return value.length > 1 && value.endsWith('-') ? `${value.slice(0, -1)}a` : value;
}

/**
 * Whether an apiVersion belongs to Kubernetes itself (the core group, a group
 * without a dot such as apps, or a *.k8s.io group) rather than to a custom
 * resource, whose names the server always checks as DNS-1123 subdomains.
 */
export function isBuiltinGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return !group.includes('.') || group === 'k8s.io' || group.endsWith('.k8s.io');
}

/**
 * Whether an object is one the API server never sees: scaffold's own files
 * (app.yaml, .scaffold.yaml) and Kustomize's, which are read, not applied.
 */
export function isNeverApplied(apiVersion: string): boolean {
  return apiVersion.startsWith('scaffold/') || apiVersion.startsWith('kustomize.config.k8s.io/');
}
