import { createHash } from 'node:crypto';

/** The hash a file scaffold writes records of its content, to tell later whether someone edited it: `sha256:` and 32 hex digits. */
export function contentHash(body: string): string {
  return `sha256:${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
}
