import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepChecked, keepFormAtExit, keepInCache, keepPending, readChecked, userCacheFolder } from '../../src/io/userCache.ts';
import { tempDir } from '../support/tempDir.ts';

describe('the user cache', () => {
  it("is XDG_CACHE_HOME's scaffold folder when that is an absolute path, else ~/.cache's", () => {
    expect(userCacheFolder('compiled', { XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/scaffold/compiled');
    expect(userCacheFolder('compiled', { XDG_CACHE_HOME: 'relative' })).toBe(path.join(homedir(), '.cache', 'scaffold', 'compiled'));
  });

  it('keeps a file in folders it makes, and writes nothing, silently, where it cannot', () => {
    const root = tempDir();
    keepInCache(path.join(root, 'a', 'b', 'kept'), 'x');
    expect(readFileSync(path.join(root, 'a', 'b', 'kept'), 'utf8')).toBe('x');
    writeFileSync(path.join(root, 'file'), '');
    expect(() => keepInCache(path.join(root, 'file', 'kept'), 'x')).not.toThrow();
  });

  it('gives back what it kept checked only when whole, from the same seed, and not empty', () => {
    const file = path.join(tempDir(), 'form.bin');
    const content = Buffer.from('compiled form');
    keepChecked(file, content, 7);
    expect(readChecked(file, 7)).toEqual(content);
    expect(readChecked(file, 8)).toBeUndefined();
    for (const at of [0, 6]) {
      const damaged = readFileSync(file);
      damaged[at]! ^= 1;
      writeFileSync(path.join(path.dirname(file), 'damaged.bin'), damaged);
      expect(readChecked(path.join(path.dirname(file), 'damaged.bin'), 7), `byte ${at}`).toBeUndefined();
    }
    keepChecked(file, Buffer.alloc(0));
    expect(readChecked(file)).toBeUndefined();
    expect(readChecked(path.join(path.dirname(file), 'missing.bin'))).toBeUndefined();
  });

  it('keeps what it is given for the end of the run when the run ends (or keepPending is called), once, with one listener for all', () => {
    const root = tempDir();
    const listeners = process.listenerCount('exit');
    let made = 0;
    const files = Array.from({ length: 12 }, (_, i) => path.join(root, `form-${i}.bin`));
    files.forEach((file, i) => keepFormAtExit(file, () => (made++, Buffer.from(`form ${i}`)), i));
    keepFormAtExit(path.join(root, 'nothing.bin'), () => undefined);
    // Twelve forms, or any number: Node warns past ten listeners of one event.
    expect(process.listenerCount('exit') - listeners).toBeLessThanOrEqual(1);
    expect(files.some((file) => existsSync(file))).toBe(false);
    keepPending();
    files.forEach((file, i) => expect(readChecked(file, i)).toEqual(Buffer.from(`form ${i}`)));
    expect(existsSync(path.join(root, 'nothing.bin'))).toBe(false);
    keepPending();
    expect(made).toBe(12);
  });
});
