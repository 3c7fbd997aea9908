import { sep } from 'node:path';

/** A relative path with forward slashes, as plans, messages and JSON output spell paths on every OS. */
export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
