/** Reading a Kubernetes version as users write it, and the one rule that picks the minor to check against. */
import { describe, expect, it } from 'vitest';
import { bundledMinor, kubernetesVersionFor, minorOf, newestMinor } from '../../src/schemas/kubernetesVersions.ts';

const BUNDLED = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'];

describe('minorOf', () => {
  it('reads 1.34, v1.34 and v1.34.2 as the minor 1.34', () => {
    for (const text of ['1.34', 'v1.34', 'v1.34.2', '1.34.0', ' 1.34 ']) expect(minorOf(text), text).toBe('1.34');
    expect(minorOf('1.9')).toBe('1.9');
    expect(minorOf('01.030')).toBe('1.30');
  });

  it('reads nothing else', () => {
    for (const text of ['', '1', 'v1', '1.34.2.1', '1.34-eks', 'latest', 'V1.34', '1.x', '1,34']) expect(minorOf(text), text).toBeUndefined();
  });
});

describe('bundledMinor', () => {
  it('accepts a bundled minor in every form', () => {
    expect(bundledMinor('v1.31.4', BUNDLED)).toEqual({ version: '1.31' });
  });

  it('names the bundled minors for one that is not bundled, and says what a version looks like for text that is none', () => {
    expect(bundledMinor('1.29', BUNDLED)).toEqual({ problem: 'Kubernetes 1.29 is not bundled: bundled are 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36' });
    expect(bundledMinor('latest', BUNDLED)).toEqual({ problem: '"latest" is not a Kubernetes version: write a minor such as 1.36 (bundled: 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36)' });
  });
});

describe('kubernetesVersionFor', () => {
  it("takes the command line first, then app.yaml's environment, then the organisation config's, then the newest bundled minor", () => {
    expect(kubernetesVersionFor({ flag: '1.31', environment: '1.33', organisation: '1.32' }, BUNDLED)).toBe('1.31');
    expect(kubernetesVersionFor({ environment: 'v1.33.1', organisation: '1.32' }, BUNDLED)).toBe('1.33');
    expect(kubernetesVersionFor({ organisation: '1.32' }, BUNDLED)).toBe('1.32');
    expect(kubernetesVersionFor({}, BUNDLED)).toBe('1.36');
  });

  it('passes over a setting that names no bundled minor (its own check reports it)', () => {
    expect(kubernetesVersionFor({ environment: '1.12' }, BUNDLED)).toBe('1.36');
  });

  it('orders minors as numbers', () => {
    expect(newestMinor(['1.9', '1.10', '1.30', '1.4'])).toBe('1.30');
  });
});
