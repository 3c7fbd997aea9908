/** How text output marks severity and emphasis: ANSI colour for a terminal, nothing otherwise. */
export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const plain = (s: string) => s;
export const PLAIN: Style = { red: plain, yellow: plain, green: plain, dim: plain, bold: plain };
const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const COLOR: Style = { red: ansi(31), yellow: ansi(33), green: ansi(32), dim: ansi(2), bold: ansi(1) };

/** The style `decide` gives, asked for when text is first styled: finding out whether a standard stream is a terminal makes the stream (cli/output/streams.ts). */
export function styleOnFirstUse(decide: () => Style): Style {
  let style: Style | undefined;
  const now = () => (style ??= decide());
  return { red: (s) => now().red(s), yellow: (s) => now().yellow(s), green: (s) => now().green(s), dim: (s) => now().dim(s), bold: (s) => now().bold(s) };
}
