/**
 * Commands run in this process with streams of the test's own: the same
 * functions the CLI calls, with stdin, stdout, stderr and the working folder
 * passed in rather than taken from the process.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/cli/commands/render.ts';
import { validate } from '../../src/cli/commands/validate.ts';
import { EXAMPLES } from '../support/paths.ts';
import { captureStreams } from '../support/streams.ts';
import { tempCopy } from '../support/tree.ts';

const renderOptions = { root: '.', force: false, check: true, output: 'text' as const, skeletons: [], schemas: [], ignoreMissingSchemas: false };

describe('commands in process', () => {
  it('render --check reads the working folder it is given and reports on the streams it is given', () => {
    const root = tempCopy(EXAMPLES);
    const streams = captureStreams(root);
    expect(render([], renderOptions, streams)).toBe(0);
    expect(streams.out()).toBe('5 apps checked: every generated file is current\n');
    expect(streams.err()).toBe('');
  });

  it('render -o json fails with JSON on the given stdout when the working folder has no apps', () => {
    const streams = captureStreams(join(tempCopy(undefined), '.'));
    expect(render([], { ...renderOptions, output: 'json' }, streams)).toBe(1);
    expect(JSON.parse(streams.out())).toMatchObject({ ok: false, issues: [{ rule: 'input' }] });
  });

  it('validate - reads the stdin it is given', async () => {
    const streams = captureStreams(tempCopy(undefined), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: 1}\n');
    expect(await validate(['-'], { output: 'text', kubernetesVersion: '1.30' }, streams)).toBe(1);
    expect(streams.out()).toBe('stdin:4:11: error: ConfigMap/x (document at line 1): data.a: expected string, got integer 1; quote it: "1" (schema)\n');
  });
});
