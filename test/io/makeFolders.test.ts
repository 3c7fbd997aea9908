import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolders } from '../../src/io/files.ts';
import { tempDir } from '../support/tempDir.ts';

describe('makeFolders', () => {
  it('makes the missing folders down to the one asked for, and leaves existing ones as they are', () => {
    const root = tempDir();
    const deep = path.join(root, 'a', 'b', 'c');
    makeFolders(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    writeFileSync(path.join(root, 'a', 'kept.txt'), 'x');
    makeFolders(deep);
    makeFolders(path.join(root, 'a'));
    expect(existsSync(path.join(root, 'a', 'kept.txt'))).toBe(true);
  });

  it('throws what the system says where a folder cannot be made: below a file, at a file, at a dangling link', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'file'), '');
    expect(() => makeFolders(path.join(root, 'file', 'sub'))).toThrow(/ENOTDIR/);
    expect(() => makeFolders(path.join(root, 'file'))).toThrow(/EEXIST/);
    symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
    expect(() => makeFolders(path.join(root, 'dangling', 'sub'))).toThrow(/EEXIST/);
  });

  it.skipIf(!existsSync('/proc/self'))('throws under /proc, where Node’s recursive mkdir never returns', () => {
    expect(() => makeFolders('/proc/no-such-folder/sub')).toThrow(/ENOENT/);
  });

  it('takes a folder another run made meanwhile', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'made'));
    expect(() => makeFolders(path.join(root, 'made', 'sub'))).not.toThrow();
  });
});
