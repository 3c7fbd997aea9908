import { describe, expect, it } from 'vitest';
import { COLOR, PLAIN, styleOnFirstUse } from '../../src/vocabulary/style.ts';

describe('styleOnFirstUse', () => {
  it('asks for the style when text is first styled, once, and styles as that style does', () => {
    let asked = 0;
    const style = styleOnFirstUse(() => {
      asked++;
      return COLOR;
    });
    expect(asked).toBe(0);
    expect(style.red('x')).toBe(COLOR.red('x'));
    for (const name of ['yellow', 'green', 'dim', 'bold'] as const) expect(style[name]('x')).toBe(COLOR[name]('x'));
    expect(asked).toBe(1);
    expect(styleOnFirstUse(() => PLAIN).bold('x')).toBe('x');
  });
});
