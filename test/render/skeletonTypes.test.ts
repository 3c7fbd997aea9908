import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSkeletons } from '../../src/io/skeletonFolders.ts';
import { checkTemplate } from '../../src/render/templateCheck.ts';
import { viewOf, VIEW_SHAPES, type ViewName } from '../../src/render/viewShapes.ts';
import { PROJECT_ROOT } from '../support/paths.ts';
import { ViewModelTypes } from '../support/templateTypes.ts';

const VIEWS = Object.keys(VIEW_SHAPES) as ViewName[];
const { skeletons, issues } = loadSkeletons([join(PROJECT_ROOT, 'skeletons')]);

/** The template check's findings as `line:column field: message`, as `scaffold skeletons check` prints them. */
function check(text: string, view: ViewName = 'BaseView'): string[] {
  return checkTemplate(text, view).map((p) => `${p.line}:${p.column} ${p.field === undefined ? '' : `${p.field}: `}${p.message}`);
}

describe('the view shapes skeletons check uses are the view model types', () => {
  const types = new ViewModelTypes(join(PROJECT_ROOT, 'src/render/viewModel.ts'), VIEWS);
  for (const view of VIEWS) {
    it(view, () => {
      expect(VIEW_SHAPES[view]).toEqual(types.shapeOf(view));
    });
  }
});

describe('skeleton templates are typed against the view model', () => {
  it('loads the built-in skeletons', () => {
    expect(issues).toEqual([]);
    expect(skeletons.map((s) => [s.name, s.workload])).toEqual([
      ['cronjob', 'CronJob'],
      ['daemonset', 'DaemonSet'],
      ['web', 'Deployment'],
      ['worker', 'Deployment'],
    ]);
  });

  for (const skeleton of skeletons) {
    for (const template of skeleton.templates) {
      it(`${skeleton.name}: ${template.origin}`, () => {
        expect(checkTemplate(template.text, viewOf(template.output))).toEqual([]);
      });
    }
  }
});

describe('the template check itself', () => {
  it('finds a field the view model does not have, in a branch no app has taken, with line, column and a guess', () => {
    expect(check('{{#if secrets}}\n  x: {{str secrets.nmae}}\n{{/if}}\n')).toEqual([
      '2:12 secrets.nmae: the view model has no field "nmae" in secrets (SecretsView) (did you mean "name"?); it has name, storeKind, storeName, refreshInterval, data',
    ]);
    expect(check('name: {{str app.nmae}}\n')[0]).toMatch(/^1:13 app\.nmae: the view model has no field "nmae" in app \(AppView\) \(did you mean "name"\?\)/);
    expect(check('{{#if http}}{{else}}{{str htp.port}}{{/if}}')[0]).toMatch(/no field "htp" in BaseView \(did you mean "http"\?\)/);
  });

  it('finds a field of the other view model', () => {
    expect(check('{{str environment.name}}')[0]).toMatch(/no field "environment" in BaseView/);
    expect(check('{{str environment.name}}', 'OverlayView')).toEqual([]);
  });

  it('types a plain value as the scalar helper prints it: a string or a number', () => {
    expect(check('image: {{image}}\nport: {{{http.port}}}')).toEqual([]);
    expect(check('app: {{app}}')[0]).toMatch(/^1:8 app: a plain value prints a string or a number, but this is an AppView/);
  });

  it('finds a helper given the wrong type', () => {
    expect(check('port: {{str http.port}}')).toEqual(['1:13 http.port: str prints a string, but this is a number: use {{int ...}}']);
    expect(check('x: {{int image}}')).toEqual(['1:10 image: int prints a number, but this is a string: use {{str ...}}']);
  });

  it('follows #each into the element type and finds #each over a non-list', () => {
    expect(check('{{#each env}}{{str name}}={{str value}}{{/each}}')).toEqual([]);
    expect(check('{{#each env}}{{str key}}{{/each}}')[0]).toMatch(/no field "key" in an element of env; it has name, value/);
    expect(check('{{#each image}}x{{/each}}')[0]).toMatch(/image: #each goes over a list, but this is a string/);
  });

  it('resolves ../ to the enclosing context, and not above the view', () => {
    expect(check('{{#each env}}{{str ../app.name}}{{/each}}')).toEqual([]);
    expect(check('{{str ../app.name}}')[0]).toMatch(/climbs above the view/);
  });

  it('finds partials, unknown blocks, literals and bad syntax', () => {
    expect(check('{{> foo}}')[0]).toMatch(/partials/);
    expect(check('{{#lookup env}}x{{/lookup}}')[0]).toMatch(/\{\{#lookup\}\} is not a block skeletons may use/);
    expect(check('{{str "x"}}')[0]).toMatch(/the literal "x"/);
    expect(check('{{#if http}}')[0]).toMatch(/^1:1 not a Handlebars template/);
  });
});
