/**
 * The `.gitattributes` rule that keeps generated YAML LF on every checkout: with git's
 * `core.autocrlf` on Windows it would be checked out CRLF, and Kustomize, diffs and
 * `render --check` would all see other bytes than scaffold wrote.
 */
export const GITATTRIBUTES = '.gitattributes';
export const LF_PATTERN = 'apps/**/*.yaml';
export const LF_RULE = `${LF_PATTERN} text eol=lf`;

/**
 * The file's text with the rule appended, or undefined when a line of it already says
 * something about `apps/**\/*.yaml` (the rule itself, or the user's own choice, which stands).
 */
export function withLfRule(current: string | undefined): string | undefined {
  const text = current ?? '';
  const lines = text.split(/\r?\n/);
  if (lines.some((line) => line.trim().split(/\s+/)[0] === LF_PATTERN)) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const before = text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
  return `${before}# Added by scaffold new-app: generated YAML stays LF on every checkout (no CRLF from core.autocrlf).${eol}${LF_RULE}${eol}`;
}
