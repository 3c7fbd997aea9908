/**
 * A finding in a file a skeleton rendered belongs to the template that wrote
 * it: that is the file to change. The rendered file is not on disk (nothing is
 * written when anything fails), so its line goes in the message.
 */
import type { Issue } from '../vocabulary/issue.ts';
import { outputOf, type TemplateSource } from './skeleton.ts';

/** The template that wrote a rendered file, given relative to its app's folder (`base/x.yaml`, `overlays/<env>/x.yaml`). */
export function templateOf(templates: readonly TemplateSource[], output: string): TemplateSource | undefined {
  const [folder, ...rest] = output.split('/');
  const file = folder === 'base' ? rest.join('/') : rest.slice(1).join('/');
  return templates.find((t) => {
    const o = outputOf(t.output);
    return o.file === file && (folder === 'base' ? o.part === 'base' : o.part !== 'base');
  });
}

/**
 * `issue`, found in the rendered file `rendered`, told at `templateFile`:
 * "renders <rendered> (line N) <context>: <message>".
 */
export function atTemplate(issue: Issue, templateFile: string, rendered: string, context: string): Issue {
  return {
    severity: issue.severity,
    rule: issue.rule,
    file: templateFile,
    ...(issue.kind !== undefined ? { kind: issue.kind } : {}),
    ...(issue.name !== undefined ? { name: issue.name } : {}),
    ...(issue.path !== undefined ? { path: issue.path } : {}),
    message: `renders ${rendered}${issue.line !== undefined ? ` (line ${issue.line})` : ''}${context === '' ? '' : ` ${context}`}: ${issue.message}`,
  };
}
