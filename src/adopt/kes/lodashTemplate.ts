/**
 * kubernetes-external-secrets ran `lodash.template` over every string of an
 * ExternalSecret's `spec.template`, with `data` (the fetched values, as text) and
 * `yaml` (js-yaml) in scope. External Secrets templates are Go text/template with
 * sprig, the fetched map as `.`. This translates the forms whose meaning is the
 * same in both, and names every other expression with why it has no mechanical
 * equivalent: a migration that guessed would produce a Secret that differs at run time.
 */

export type Translation = { template: string; expressions: number } | { problems: string[] };

/** One piece of a lodash template: static text, or an expression of one of its delimiters. */
type Piece = { text: string } | { kind: 'interpolate' | 'escape' | 'evaluate' | 'es'; code: string };

// lodash's default delimiters: <%= %> interpolate, <%- %> HTML-escape, <% %> evaluate, and
// ES template literal ${...} (its default `interpolate` accepts those too, so a `${` in KES was code).
const DELIMITERS = /<%([=-]?)([\s\S]*?)%>|\$\{([^}]*)\}/g;

function tokenize(source: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of source.matchAll(DELIMITERS)) {
    if (m.index > last) pieces.push({ text: source.slice(last, m.index) });
    if (m[3] !== undefined) pieces.push({ kind: 'es', code: m[3] });
    else pieces.push({ kind: m[1] === '=' ? 'interpolate' : m[1] === '-' ? 'escape' : 'evaluate', code: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < source.length) pieces.push({ text: source.slice(last) });
  return pieces;
}

/** Whether a string holds any lodash template syntax at all. */
export function hasTemplateSyntax(source: string): boolean {
  return tokenize(source).some((p) => !('text' in p));
}

const GO_IDENTIFIER = /^[A-Za-z_]\w*$/;
// data.NAME, data["NAME"] or data['NAME']
const DATA_REF = /^data(?:\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\])$/;
// JSON.parse(<data ref>) followed by .a.b... (identifier steps only)
const JSON_PATH = /^JSON\.parse\(\s*([^()]+?)\s*\)((?:\.[A-Za-z_$][\w$]*)+)$/;
const BASE64 = /^Buffer\.from\(\s*([\s\S]+)\s*\)\.toString\(\s*["']base64["']\s*\)$/;

/** `.NAME` where Go allows it, `index . "NAME"` otherwise (a name with `-`, or `$`). */
function goDataRef(name: string): string {
  return GO_IDENTIFIER.test(name) ? `.${name}` : `index . ${JSON.stringify(name)}`;
}

function dataName(code: string): string | undefined {
  const m = DATA_REF.exec(code.trim());
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** The Go template action for one lodash expression, or why there is none. */
function translateExpression(code: string): { action: string } | { problem: string } {
  const expr = code.trim();
  const name = dataName(expr);
  if (name !== undefined) return { action: `{{ ${goDataRef(name)} }}` };
  const json = JSON_PATH.exec(expr);
  if (json) {
    const inner = dataName(json[1]!);
    const steps = json[2]!.slice(1).split('.');
    if (inner !== undefined && steps.every((s) => GO_IDENTIFIER.test(s))) {
      // sprig has no fromJson; fromYaml reads JSON, and prints a JSON number as JavaScript did (11, 1.5).
      return { action: `{{ (${goDataRef(inner)} | fromYaml).${steps.join('.')} }}` };
    }
  }
  return { problem: whyNot(expr) };
}

/** The reason an expression is not translated, as specific as the expression allows. */
function whyNot(expr: string): string {
  const shown = expr.length > 80 ? `${expr.slice(0, 77)}...` : expr;
  if (/JSON\.stringify/.test(expr)) return `\`${shown}\`: JSON.stringify keeps the keys' order, Go's toJson sorts them; rewrite it as an External Secrets v2 template`;
  if (/yaml\.dump/.test(expr)) return `\`${shown}\`: js-yaml's yaml.dump and Go's toYaml format differently; rewrite it as an External Secrets v2 template`;
  if (/\.replace\(/.test(expr)) return `\`${shown}\`: String.replace with a string replaces the first match only, sprig's replace every one; rewrite it as an External Secrets v2 template`;
  if (/Buffer\.from/.test(expr)) return `\`${shown}\`: Buffer.from is translated only as a whole template.data value, Buffer.from(<data reference>).toString("base64")`;
  return `\`${shown}\` has no mechanical Go-template equivalent (scaffold translates data.NAME, data["NAME"] and JSON.parse(data.NAME).a.b); rewrite it as an External Secrets v2 template`;
}

/** Static text as a Go template: only `{{` means something there. */
function escapeText(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}

/** A lodash template string (a stringData value, a label, an annotation) as a Go template. */
export function translateTemplate(source: string): Translation {
  const problems: string[] = [];
  let template = '';
  let expressions = 0;
  const pieces = tokenize(source);
  const blocks = pieces.filter((p) => !('text' in p) && p.kind === 'evaluate') as { code: string }[];
  if (blocks.length > 0) {
    const what = blocks.length > 1 ? `lodash code blocks (\`<%${blocks[0]!.code}%>\` and ${blocks.length - 1} more) run` : `lodash code block \`<%${blocks[0]!.code}%>\` runs`;
    problems.push(`${what} JavaScript (loops, variables), which has no mechanical Go-template equivalent; rewrite it as an External Secrets v2 template`);
  }
  for (const piece of pieces) {
    if ('text' in piece) {
      template += escapeText(piece.text);
      continue;
    }
    if (piece.kind === 'evaluate') continue;
    // Inside code blocks, a bare name is one of the block's own variables: the block is the problem, said once.
    if (blocks.length > 0 && /^\s*[A-Za-z_$][\w$]*\s*$/.test(piece.code)) continue;
    if (piece.kind === 'escape') {
      problems.push(`\`<%-${piece.code}%>\` HTML-escapes its value; Go templates here do not: rewrite it as an External Secrets v2 template`);
      continue;
    }
    if (piece.kind === 'es') {
      problems.push(`\`\${${piece.code}}\` is a lodash expression (lodash reads ES template literals as code); if it was meant as text, write it as such in the External Secrets template`);
      continue;
    }
    const translated = translateExpression(piece.code);
    if ('problem' in translated) problems.push(translated.problem);
    else {
      template += translated.action;
      expressions++;
    }
  }
  return problems.length > 0 ? { problems } : { template, expressions };
}

/**
 * A `template.data` value: KES merged it into the Secret's `data`, so it is base64,
 * static or computed. A static value is decoded (External Secrets templates are the
 * Secret's text); a computed one is translated only when it is the base64 of a
 * translatable expression as a whole.
 */
export function translateDataTemplate(source: string): Translation & { decoded?: boolean } {
  const pieces = tokenize(source.trim());
  if (pieces.every((p) => 'text' in p)) {
    const text = source.trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return { problems: ['not base64: template.data values are the Secret\'s base64 data (use template.stringData for text)'] };
    const bytes = Buffer.from(text, 'base64');
    const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    // Bytes that are not UTF-8 text stay base64, decoded by the template when it runs.
    if (Buffer.from(decoded, 'utf8').equals(bytes)) return { template: escapeText(decoded), expressions: 0, decoded: true };
    return { template: `{{ ${JSON.stringify(text)} | b64dec }}`, expressions: 0, decoded: true };
  }
  const [only] = pieces;
  if (pieces.length === 1 && only && !('text' in only) && only.kind === 'interpolate') {
    const m = BASE64.exec(only.code.trim());
    if (m) {
      const inner = translateExpression(m[1]!);
      if ('action' in inner) return { template: inner.action, expressions: 1 };
      return { problems: [inner.problem] };
    }
  }
  const translated = translateTemplate(source);
  if ('problems' in translated) return translated;
  return { problems: ['a template.data value is base64: only a static value, or Buffer.from(<data reference>).toString("base64") as the whole value, is translated; write the text as template.stringData'] };
}
