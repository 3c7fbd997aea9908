/**
 * An Ingress path as the API server accepts it (validateHTTPIngressPath in
 * pkg/apis/networking/validation/validation.go): with pathType Exact or
 * Prefix it is absolute and holds none of the sequences a proxy would
 * normalise away (`//`, `/./`, `/../`, an escaped slash) nor ends in `/..` or
 * `/.`; with ImplementationSpecific a path, if any, is absolute and the rest
 * is the controller's. One rule for every stage: the app spec's
 * spec.ingress.path (rendered with pathType Prefix) and the validator's
 * Ingress check both judge paths with it.
 */

export const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'] as const;

const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];

/** What the server says of `path` under `pathType`, in its order; empty when it accepts the path. An unknown pathType is the caller's to report. */
export function ingressPathProblems(path: string, pathType: string): string[] {
  if (pathType === 'ImplementationSpecific') return path !== '' && !path.startsWith('/') ? ['must be an absolute path'] : [];
  if (pathType !== 'Exact' && pathType !== 'Prefix') return [];
  const problems: string[] = [];
  if (!path.startsWith('/')) problems.push('must be an absolute path');
  for (const sequence of INVALID_SEQUENCES) if (path.includes(sequence)) problems.push(`must not contain '${sequence}'`);
  for (const suffix of INVALID_SUFFIXES) if (path.endsWith(suffix)) problems.push(`cannot end with '${suffix}'`);
  return problems;
}
