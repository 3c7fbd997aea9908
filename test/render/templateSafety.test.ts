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
  const compiled = compileSkeleton({ name: 'x', description: '', fields: {}, workload: 'Deployment', templates: [template, kustomization, { ...kustomization, output: 'overlay/kustomization.yaml' }] });
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

  it('quotes a plain-text value that printed values are part of as one value, whatever they hold', () => {
    const template = 'metadata:\n  name: {{app}}-config # the app\nspec:\n  image: {{repo}}:{{tag}}\n  args:\n    - --name={{name}}\n    - {{name}} and {{app}}\n';
    fc.assert(
      fc.property(ANY_TEXT, ANY_TEXT, fc.integer({ min: 0, max: 99999 }), (app, name, tag) => {
        const text = render(template, { app, repo: 'example/x', tag, name });
        expect(text.split('\n')[1]).toMatch(/ # the app$/);
        for (const version of ['1.1', '1.2'] as const) {
          expect(parse(text, { version })).toEqual({
            metadata: { name: `${app}-config` },
            spec: { image: `example/x:${tag}`, args: [`--name=${name}`, `${name} and ${app}`] },
          });
        }
      }),
      runs(300),
    );
    expect(render('name: {{app}}-config\n', { app: 'no' })).toBe('name: no-config\n');
  });

  it('refuses a value inside quotes, brackets or a comment, glued to a key, or after a tag', () => {
    const unsafe = (shown: string) =>
      `${shown} must be a value of its own on its line, or part of one made of plain text: after the indentation, "- " or "key: ", up to the end of the line or a comment, with no quotes, brackets, "," or ": " around it (they would let a value change the document there)`;
    expect(problems('name: "{{x}}"\n')).toEqual([`1:8 ${unsafe('{{x}}')}`]);
    expect(problems('labels: {a: pre{{x}} }\n')).toEqual([`1:16 ${unsafe('{{x}}')}`]);
    expect(problems('list: [{{x}}, b]\n')).toEqual([`1:8 ${unsafe('{{x}}')}`]);
    expect(problems('# {{x}}\nkey: v # {{y}}\n')).toEqual([`1:3 ${unsafe('{{x}}')}`, `2:10 ${unsafe('{{y}}')}`]);
    expect(problems('pre-{{k}}: v\n')).toEqual([`1:5 ${unsafe('{{k}}')}`]);
    expect(problems('key: !!str {{x}}\n')).toEqual([`1:12 ${unsafe('{{x}}')}`]);
    expect(problems('a: {{x}}: b\n')).toEqual([`1:4 ${unsafe('{{x}}')}`]);
    // A value that is a key on one line and part of a value on another.
    expect(problems('{{#if a}}- b-{{/if}}{{x}}{{#unless a}}: v{{/unless}}\n')).toEqual([`1:21 ${unsafe('{{x}}')}`]);
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
