/**
 * The suite's temporary folders are removed by the suite: by the end of the test that made one,
 * by the end of the sample for a property, by the end of the file for one made outside a test.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { removeTempDir } from './removeTree.ts';
import { removeFoldersMadeOutsideTests, tempDir, withTempDir } from './tempDir.ts';

describe('tempDir', () => {
  const madeOutsideTest = tempDir('scaffold-temp-dir-describe-');

  it('makes a new empty folder under the temporary folder, named with the prefix', () => {
    const dir = tempDir('scaffold-temp-dir-test-');
    expect(dirname(dir)).toBe(tmpdir());
    expect(dir).toMatch(/scaffold-temp-dir-test-\w{6}$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes a folder made in a test when that test finishes', () => {
    let dir = '';
    // onTestFinished callbacks run last registered first: this one runs after tempDir's removal.
    onTestFinished(() => expect(existsSync(dir)).toBe(false));
    dir = tempDir('scaffold-temp-dir-test-');
    writeFileSync(join(dir, 'file'), 'kept until the test ends\n');
    expect(existsSync(join(dir, 'file'))).toBe(true);
  });

  it('keeps a folder made outside a test for the whole file, then removes it', () => {
    expect(existsSync(madeOutsideTest)).toBe(true);
    removeFoldersMadeOutsideTests();
    expect(existsSync(madeOutsideTest)).toBe(false);
  });
});

describe('withTempDir', () => {
  it('removes the folder when the function returns, and returns what it returned', () => {
    let seen = '';
    const result = withTempDir('scaffold-with-temp-dir-', (dir) => {
      seen = dir;
      writeFileSync(join(dir, 'file'), 'x\n');
      return existsSync(join(dir, 'file'));
    });
    expect(result).toBe(true);
    expect(existsSync(seen)).toBe(false);
  });

  it('removes the folder when the function throws, and lets the error through', () => {
    let seen = '';
    expect(() =>
      withTempDir('scaffold-with-temp-dir-', (dir) => {
        seen = dir;
        throw new Error('a failed sample');
      }),
    ).toThrow('a failed sample');
    expect(existsSync(seen)).toBe(false);
  });
});

describe('removeTempDir', () => {
  // Only a user other than root is stopped by the read-only folder; root removes it in any case.
  it('removes a tree holding a folder made read-only', () => {
    const dir = tempDir('scaffold-read-only-');
    mkdirSync(join(dir, 'locked/inner'), { recursive: true });
    writeFileSync(join(dir, 'locked/inner/file'), 'x\n');
    chmodSync(join(dir, 'locked/inner'), 0o555);
    chmodSync(join(dir, 'locked'), 0o555);
    removeTempDir(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
