/**
 * Line endings do not count as content: git with `core.autocrlf` on Windows checks
 * generated YAML out with CRLF, and that is neither drift nor a hand edit. Only CRLF
 * becomes LF; generated content never holds a raw carriage return (the YAML helpers
 * escape it), so nothing else can be lost.
 */
export function toLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
}

/** Whether two texts differ at most in CRLF against LF line endings. */
export function sameModuloLineEndings(a: string, b: string): boolean {
  return a === b || toLf(a) === toLf(b);
}
