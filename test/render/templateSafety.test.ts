import fc from 'fast-check';
import Handlebars from 'handlebars';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileSkeleton, type SkeletonTemplate } from '../../src/render/skeleton.ts';
import { checkTemplate } from '../../src/render/templateSafety.ts';
import { runs } from '../properties/settings.ts';

const problems = (text: string) => checkTemplate(text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

/** Renders a template as a skeleton's own would be, after the load-time check. */
function render(text: string, view: unknown): string {
  const { program, problems: found } = checkTemplate(text);
  expect(found).toEqual([]);
  const template: SkeletonTemplate = { output: 'base/x.yaml', origin: 'x', file: 'x', text, program: program! };
  const kustomization = { ...template, output: 'base/kustomization.yaml', program: Handlebars.parse('') };
  const compiled = compileSkeleton({ name: 'x', description: '', fields: {}, templates: [template, kustomization, { ...kustomization, output: 'overlay/kustomization.yaml' }] });
  return compiled.base[0]!.render(view);
}

const ANY_TEXT = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('a\nevil: injected', '<<', 'a: b', '# c', 'x #y', '"', "'", '- item', '{a: 1}', '[1]', ', b: 2', '*alias', '&a', '!!str', 'yes', '0777', '', ' ', '\t', '\u2028', '\u0085', 'k: |\n  x'),
);

describe('skeleton templates, checked when loaded', () => {
  it('accepts values printed whole: after the indentation, "- " or "key: ", as keys, in blocks on their own lines', () => {
    const template = [
      'metadata:',
      '  name: {{str app.name}}',
      '  labels:',
      '{{#each labels}}',
      '    {{name}}: {{{value}}}',
      '{{/each}}',
      'list:',
      '  - {{image}} # a comment',
      '  - name: {{int port}}',
      '{{#if probe}}key: {{probe}}{{/if}}',
      'mode: {{#if fast}}{{fast}}{{else}}slow{{/if}}',
      '',
    ].join('\n');
    expect(problems(template)).toEqual([]);
  });

  it('makes a plain {{value}} YAML-safe: whatever the values, they stay the keys and values they are', () => {
    const template = 'data:\n{{#each pairs}}\n  {{key}}: {{value}}\n{{/each}}\nlist:\n{{#each pairs}}\n  - {{value}}\n{{/each}}\n';
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(ANY_TEXT, ANY_TEXT), { minLength: 1, maxLength: 5, selector: ([k]) => k }), (pairs) => {
        const text = render(template, { pairs: pairs.map(([key, value]) => ({ key, value })) });
        for (const version of ['1.1', '1.2'] as const) {
          const read = parse(text, { version });
          expect(Object.entries(read.data)).toEqual(pairs);
          expect(read.list).toEqual(pairs.map(([, value]) => value));
        }
      }),
      runs(300),
    );
    expect(render('port: {{port}}\n', { port: 8080 })).toBe('port: 8080\n');
    expect(() => render('x: {{o}}\n', { o: { a: 1 } })).toThrow(/must be a string or an integer, got object/);
  });

  it('refuses a value that is part of a larger scalar, where its quotes, ": " or "," would change the document', () => {
    const part = (shown: string) => `${shown} must be a whole YAML value on its line (after the indentation, "- " or "key: ", and before the end of the line, a comment or ": "), not part of one: quotes, ": " or "," in a value would change the document there`;
    expect(problems('image: {{repo}}:{{tag}}\n')).toEqual([`1:8 ${part('{{repo}}')}`, `1:17 ${part('{{tag}}')}`]);
    expect(problems('labels: {a: pre{{x}} }\n')).toEqual([`1:16 ${part('{{x}}')}`]);
    expect(problems('args:\n  - --name={{str x}}\n')).toEqual([`2:12 ${part('{{str x}}')}`]);
    expect(problems('name: "{{x}}"\n')).toEqual([`1:8 ${part('{{x}}')}`]);
    expect(problems('# {{x}}\n')).toEqual([`1:3 ${part('{{x}}')}`]);
    // One round of each after another puts both on one line.
    expect(problems('{{#each xs}}- {{this}}{{/each}}\n')).toEqual([`1:15 ${part('{{this}}')}`]);
    // A block closed on the next line joins what comes after it to the line it opened on.
    expect(problems('- pre{{#if a}}\n{{/if}}{{x}}\n')).toEqual([`2:8 ${part('{{x}}')}`]);
  });

  it('refuses what prints or reshapes text outside the safe helpers, with line and column', () => {
    expect(problems('a: {{lookup m k}}\nb: {{log x}}\nc: {{str (lookup m k)}}\nd: {{str x y}}\n')).toEqual([
      '1:4 {{lookup m k}} prints no view-model value: print values with {{field}}, {{str field}} or {{int field}}',
      '2:4 {{log x}} prints no view-model value: print values with {{field}}, {{str field}} or {{int field}}',
      '3:4 {{str (lookup m k)}} prints no view-model value: print values with {{field}}, {{str field}} or {{int field}}',
      '4:4 {{str x y}} prints no view-model value: print values with {{field}}, {{str field}} or {{int field}}',
    ]);
    expect(problems('{{> other}}\n')).toEqual(['1:1 A partial ({{> name}}) is not allowed in a skeleton template: print values with {{field}}, {{str field}} or {{int field}}']);
    expect(problems('a:\n  {{~x}}\n')[0]).toMatch(/^2:3 ~ is not allowed in a skeleton template/);
    expect(problems('{{#each xs as |x|}}\n- {{x}}\n{{/each}}\n')[0]).toMatch(/^1:1 \{\{#each\}\} is not a block a skeleton template may use/);
    expect(problems('{{#lookup x}}\n{{/lookup}}\n')[0]).toMatch(/^1:1 \{\{#lookup\}\} is not a block/);
    expect(problems('a: {{x\n')).toEqual([expect.stringMatching(/^1:7 cannot parse the template: Expecting .*, got 'EOF'$/)]);
    expect(problems('{{#if a}}\nx: 1\n{{/iff}}\n')).toEqual(["1:4 cannot parse the template: if doesn't match iff"]);
  });
});
