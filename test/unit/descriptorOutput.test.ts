import { describe, expect, it } from 'vitest';
import { descriptorOutput, type Descriptor } from '../../src/cli/output/descriptorOutput.ts';

/** A descriptor that takes at most `chunk` bytes a write and answers with the failures given, in turn, before the writes they stand for. */
function fakeDescriptor(chunk: number, failures: (string | undefined)[] = []) {
  const written: number[] = [];
  let pauses = 0;
  const descriptor: Descriptor = {
    write(bytes, offset) {
      const failure = failures.shift();
      if (failure !== undefined) throw Object.assign(new Error(failure), { code: failure });
      const taken = Math.min(chunk, bytes.length - offset);
      written.push(...bytes.subarray(offset, offset + taken));
      return taken;
    },
    pause: () => void pauses++,
  };
  return { descriptor, text: () => Buffer.from(written).toString('utf8'), pauses: () => pauses };
}

describe('descriptorOutput', () => {
  it('writes each text whole, in order, however few bytes each write takes', () => {
    const fake = fakeDescriptor(3);
    const out = descriptorOutput(() => expect.unreachable(), fake.descriptor);
    out.write('héllo, ');
    out.write('wörld\n');
    expect(fake.text()).toBe('héllo, wörld\n');
    expect(out.isTTY).toBe(false);
  });

  it('waits and tries again where a full non-blocking pipe says EAGAIN', () => {
    const fake = fakeDescriptor(4, [undefined, 'EAGAIN', 'EAGAIN']);
    const out = descriptorOutput(() => expect.unreachable(), fake.descriptor);
    out.write('0123456789');
    expect(fake.text()).toBe('0123456789');
    expect(fake.pauses()).toBe(2);
  });

  it('gives any other failure to its handler once, and drops the rest of that text', () => {
    const fake = fakeDescriptor(4, [undefined, 'EPIPE']);
    const failures: string[] = [];
    const out = descriptorOutput((err) => failures.push(err.code!), fake.descriptor);
    expect(out.write('0123456789')).toBe(false);
    expect(failures).toEqual(['EPIPE']);
    expect(fake.text()).toBe('0123');
  });

  it('writes nothing more once a write failed: the reader has gone', () => {
    const fake = fakeDescriptor(4, [undefined, 'EPIPE']);
    const failures: string[] = [];
    const out = descriptorOutput((err) => failures.push(err.code!), fake.descriptor);
    out.write('0123456789');
    expect(out.write('later')).toBe(false);
    expect(failures).toEqual(['EPIPE']);
    expect(fake.text()).toBe('0123');
  });
});
