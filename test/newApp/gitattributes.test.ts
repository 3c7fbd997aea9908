import { describe, expect, it } from 'vitest';
import { LF_RULE, withLfRule } from '../../src/newApp/gitattributes.ts';

describe('the .gitattributes rule that keeps generated YAML LF', () => {
  const added = `# Added by scaffold new-app: generated YAML stays LF on every checkout (no CRLF from core.autocrlf).\n${LF_RULE}\n`;

  it('is the whole file when there is none', () => {
    expect(withLfRule(undefined)).toBe(added);
    expect(LF_RULE).toBe('apps/**/*.yaml text eol=lf');
  });

  it("is appended to the user's file, which keeps every line and its line endings", () => {
    expect(withLfRule('*.png binary\n')).toBe(`*.png binary\n${added}`);
    expect(withLfRule('*.png binary')).toBe(`*.png binary\n${added}`);
    expect(withLfRule('*.png binary\r\n')).toBe(`*.png binary\r\n${added.replace(/\n/g, '\r\n')}`);
  });

  it('is not added again, nor over a line of the user for the same pattern', () => {
    expect(withLfRule(`*.png binary\n${LF_RULE}\n`)).toBeUndefined();
    expect(withLfRule('  apps/**/*.yaml  -text\n')).toBeUndefined();
  });
});
