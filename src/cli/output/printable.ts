/**
 * Text from the user's files, made safe to print to a terminal or a CI log.
 * A file or object name, a field path or a quoted value may hold control
 * characters: ESC starts a terminal escape sequence (colours, a cleared line,
 * a rewritten title), CR and LF forge a finding of their own, NUL, DEL and the
 * C1 controls confuse log viewers. Each is shown as an escape, as Go's %q
 * writes it (`\n`, `\x1b`, `\u009b`); every other character, non-ASCII
 * letters included, is shown as it is.
 */

// C0 controls, DEL, C1 controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// The same, but for tab and line feed: the layout of a file's content.
const CONTROL_IN_CONTENT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** One field (a name, a path, a message) on one line: every control character escaped. */
export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/** A file's content (a diff, a preview): lines and tabs kept, every other control character escaped. */
export function printableContent(text: string): string {
  return text.replace(CONTROL_IN_CONTENT, escape);
}

/**
 * A value as JSON text, as JSON.stringify writes it (which escapes C0 controls)
 * with DEL and the C1 controls escaped as well: JSON allows them raw, a terminal
 * showing the document may act on them. Outside strings JSON text is ASCII, so
 * only string contents change.
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
