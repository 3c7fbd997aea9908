import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSkeletons } from '../../src/io/skeletonFolders.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { TemplateTypeChecker } from '../support/templateTypes.ts';

const checker = new TemplateTypeChecker(join(PROJECT_ROOT, 'src/render/viewModel.ts'), ['BaseView', 'OverlayView', 'BaseKustomizationView', 'OverlayKustomizationView']);

/** The view model each template is rendered with, by its output path. */
function viewTypeOf(output: string): string {
  if (output === 'base/kustomization.yaml') return 'BaseKustomizationView';
  if (output === 'overlay/kustomization.yaml') return 'OverlayKustomizationView';
  return output.startsWith('base/') ? 'BaseView' : 'OverlayView';
}
const { skeletons, issues } = loadSkeletons([join(PROJECT_ROOT, 'skeletons')]);

describe('skeleton templates are typed against the view model', () => {
  it('loads the built-in skeletons', () => {
    expect(issues).toEqual([]);
    expect(skeletons.map((s) => s.name)).toEqual(['web', 'worker']);
  });

  for (const skeleton of skeletons) {
    for (const template of skeleton.templates) {
      it(`${skeleton.name}: ${template.origin}`, () => {
        expect(checker.check(template.text, viewTypeOf(template.output))).toEqual([]);
      });
    }
  }
});

describe('the template checker itself', () => {
  it('rejects a field the view model does not have', () => {
    expect(checker.check('name: {{str app.nmae}}\n', 'BaseView')).toEqual([
      'line 1: app.nmae: the view model has no field "nmae" (type AppView)',
    ]);
  });

  it('rejects a field of the other view model', () => {
    expect(checker.check('{{str environment.name}}', 'BaseView')[0]).toMatch(/no field "environment"/);
  });

  it('types a plain value as the scalar helper prints it: a string or a number', () => {
    expect(checker.check('image: {{image}}\nport: {{{http.port}}}', 'BaseView')).toEqual([]);
    expect(checker.check('app: {{app}}', 'BaseView')[0]).toMatch(/\{\{app\}\} cannot print app of type AppView/);
  });

  it('rejects a helper given the wrong type', () => {
    expect(checker.check('port: {{str http.port}}', 'BaseView')[0]).toMatch(/str cannot print http.port of type number/);
    expect(checker.check('x: {{int image}}', 'BaseView')[0]).toMatch(/int cannot print image/);
  });

  it('follows #each into the element type and rejects #each over a non-list', () => {
    expect(checker.check('{{#each env}}{{str name}}={{str value}}{{/each}}', 'BaseView')).toEqual([]);
    expect(checker.check('{{#each env}}{{str key}}{{/each}}', 'BaseView')[0]).toMatch(/no field "key" \(type KeyValue\)/);
    expect(checker.check('{{#each image}}x{{/each}}', 'BaseView')[0]).toMatch(/not a list/);
  });

  it('resolves ../ to the enclosing context', () => {
    expect(checker.check('{{#each env}}{{str ../app.name}}{{/each}}', 'BaseView')).toEqual([]);
  });

  it('rejects partials and unknown blocks', () => {
    expect(checker.check('{{> foo}}', 'BaseView')[0]).toMatch(/PartialStatement is not allowed/);
    expect(checker.check('{{#lookup env}}x{{/lookup}}', 'BaseView')[0]).toMatch(/unsupported block/);
  });
});
