import type { Issue } from '../vocabulary/issue.ts';

/**
 * The text of a YAML file's bytes, or why it has none: binary content (a NUL byte) or bytes
 * that are not UTF-8, which no YAML reader Kubernetes uses accepts. Every command reads a file's
 * bytes through this, so `render` and `validate` refuse the same files with the same words,
 * rather than one of them turning a bad byte into U+FFFD. A leading byte order mark is dropped.
 */
export function decodeYamlBytes(bytes: Uint8Array, file: string): { text: string } | { issue: Issue } {
  const decoded = decodeTextBytes(bytes);
  return 'text' in decoded ? decoded : { issue: unreadable(file, `not a YAML file: ${decoded.problem}`) };
}

/** The text of a file a person wrote (YAML, a template), or why it has none, as decodeYamlBytes judges it. */
export function decodeTextBytes(bytes: Uint8Array): { text: string } | { problem: string } {
  if (bytes.includes(0)) return { problem: 'it holds binary data (a NUL byte)' };
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    return { problem: 'it is not UTF-8 text' };
  }
}

/**
 * A file's bytes as text to compare with what scaffold would write in its place (is it
 * current? was it edited by hand?), which is always UTF-8. Bytes that are UTF-8 are
 * decoded exactly, a byte order mark kept, so that the same text is the same bytes.
 * Bytes that are not (`utf8: false`) equal nothing scaffold writes, whatever their text:
 * that text, with U+FFFD for each bad byte, is only to show (a diff) and to find
 * scaffold's header in, never to take for what scaffold wrote.
 */
export function writtenText(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: EXACT_UTF8.decode(bytes), utf8: true };
  } catch {
    return { text: SHOWN_UTF8.decode(bytes), utf8: false };
  }
}

/**
 * A file's text as the runtime reads it as UTF-8 (each bad byte turned into
 * U+FFFD), made what decodeYamlBytes makes of the file's bytes: its byte
 * order mark dropped. Undefined where only the bytes can tell, which
 * decodeYamlBytes then does: a NUL, or a U+FFFD (a bad byte, or that
 * character written in the file).
 */
export function textReadAsUtf8(text: string): string | undefined {
  if (text.includes('\0') || text.includes('\uFFFD')) return undefined;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// One decoder for every file: making one costs more than decoding a small file, and without `stream` it keeps no state between calls.
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const EXACT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const SHOWN_UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

function unreadable(file: string, message: string): Issue {
  return { severity: 'error', rule: 'read', file, line: 1, column: 1, message };
}
