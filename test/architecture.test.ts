/**
 * The layout docs/architecture.md describes, held by a test: every folder of
 * src/ imports only folders below it in STAGES (never one above it, so no
 * folder-level cycle can form), and only the edge folders touch the disk, the
 * process or child processes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/paths.ts';

const SRC = path.join(PROJECT_ROOT, 'src');

/** Bottom to top, as docs/architecture.md lists them. */
const STAGES = ['vocabulary', 'yamlSource', 'schemas', 'appSpec', 'orgConfig', 'render', 'validate', 'capacity', 'newApp', 'adopt', 'io', 'write', 'pipeline', 'cli'];
/** The folders that may read or write files, start processes, or read the process's state (argv, env, cwd, streams). */
const EDGES = new Set(['io', 'write', 'cli']);
/**
 * Where code reaches what only the edges may: an edge module named in any
 * spelling (`from 'node:fs'`, `from 'fs'`, `import 'fs'`, `require('fs')`,
 * `import('node:process')`), and the `process` global, bare or through
 * `globalThis`. Matched on code with its comments blanked out.
 */
const EDGE_ONLY = [
  { what: 'an edge module (fs, child_process, process)', pattern: /(['"`])(?:node:)?(?:fs|fs\/promises|child_process|process)\1/g },
  { what: 'the process global', pattern: /(?<![\w$])process\s*(?:\?\.|[.[])|=\s*process\b|\bglobal(?:This)?\s*(?:\.\s*process\b|\[)/g },
];

interface Found {
  line: number;
  text: string;
}

/** The text with every comment turned to spaces, line breaks kept, so positions still count lines; `//` after a colon or quote is a URL in a string. */
function withoutComments(text: string): string {
  const blank = (comment: string) => comment.replace(/[^\n]/g, ' ');
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(?<![:'"`\\])\/\/.*$/gm, blank);
}

function matches(text: string, pattern: RegExp, group = 0): Found[] {
  return [...text.matchAll(pattern)].map((m) => ({ line: text.slice(0, m.index).split('\n').length, text: m[group] ?? m[0] }));
}

/** Every module a text imports, in every spelling: `import ... from`, `export ... from`, a bare `import 'x'`, `import('x')`, `require('x')`. */
function importsOf(text: string): Found[] {
  const code = withoutComments(text);
  return [
    ...matches(code, /\b(?:import|export)\s[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/g, 1),
    ...matches(code, /\bimport\s*['"]([^'"]+)['"]/g, 1),
    ...matches(code, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g, 1),
  ];
}

/** What of EDGE_ONLY a text reaches, with the line. */
function edgeAccesses(text: string): Found[] {
  const code = withoutComments(text);
  return EDGE_ONLY.flatMap(({ what, pattern }) => matches(code, pattern).map((f) => ({ line: f.line, text: what })));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The stage a relative import from `file` lands in, when it lands under src/. */
function importedStage(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(file), specifier);
  return target.startsWith(SRC + path.sep) ? stageOf(target) : undefined;
}

/** The stage a file under src/ belongs to: its top folder. */
function stageOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

const files = sourceFiles(SRC);

describe('architecture', () => {
  it('every file of src/ sits in a stage folder listed in docs/architecture.md', () => {
    const loose = files.filter((f) => !STAGES.includes(stageOf(f))).map((f) => path.relative(PROJECT_ROOT, f));
    expect(loose).toEqual([]);
    const doc = readFileSync(path.join(PROJECT_ROOT, 'docs/architecture.md'), 'utf8');
    const listed = [...doc.matchAll(/^\| `src\/(\w+)\/` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(STAGES);
  });

  it('imports run one way: a folder imports only folders below it', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = stageOf(file);
      for (const { text: specifier, line } of importsOf(readFileSync(file, 'utf8'))) {
        const to = importedStage(file, specifier);
        if (to !== undefined && STAGES.indexOf(to) > STAGES.indexOf(from)) upward.push(`${path.relative(PROJECT_ROOT, file)}:${line}: ${from} imports ${to} (${specifier})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('only io, write and cli touch the disk, child processes or the process', () => {
    const found: string[] = [];
    for (const file of files) {
      if (EDGES.has(stageOf(file))) continue;
      for (const { line, text } of edgeAccesses(readFileSync(file, 'utf8'))) found.push(`${path.relative(PROJECT_ROOT, file)}:${line}: ${text}`);
    }
    expect(found).toEqual([]);
  });

  it('the check itself catches an upward import in every spelling', () => {
    const render = path.join(SRC, 'render', 'x.ts');
    const spellings = [
      "import { ExitCode } from '../cli/exit.ts';",
      "import '../cli/exit.ts';",
      "export { ExitCode } from '../cli/exit.ts';",
      "import {\n  ExitCode,\n} from '../cli/exit.ts';",
      "const exit = await import('../cli/exit.ts');",
      "const exit = require('../cli/exit.ts');",
    ];
    for (const spelling of spellings) expect(importsOf(spelling).map((i) => importedStage(render, i.text)), spelling).toEqual(['cli']);
    expect(importsOf("// import '../cli/exit.ts';\n/* import '../cli/exit.ts'; */")).toEqual([]);
    expect(importsOf("const a = 1;\nimport '../cli/exit.ts';")).toEqual([{ line: 2, text: '../cli/exit.ts' }]);
  });

  it('the check itself catches the disk and the process in every spelling, and not what only looks like them', () => {
    const reaching = [
      "import { readFileSync } from 'node:fs';",
      "import { readFileSync } from 'fs';",
      "import { readFile } from 'fs/promises';",
      "import 'node:fs';",
      "import { spawnSync } from 'node:child_process';",
      "import { spawnSync } from 'child_process';",
      "const fs = require('fs');",
      "const load = createRequire(import.meta.url); load('node:fs');",
      "const { env } = await import('node:process');",
      "import { argv } from 'node:process';",
      "import process from 'process';",
      'const cwd = process.cwd();',
      "const home = process['env'];",
      'const code = process?.exitCode;',
      'const p = process;',
      'const { argv } = globalThis.process;',
      "const p = globalThis['process'];",
      'const p = global.process;',
    ];
    for (const spelling of reaching) expect(edgeAccesses(spelling), spelling).not.toEqual([]);
    const harmless = ["// process.cwd() is the edge's to read", '/** from node:fs */', 'const processed = 1;', "const message = 'the process was stopped';", "import { x } from './fsLike.ts';"];
    for (const text of harmless) expect(edgeAccesses(text), text).toEqual([]);
  });
});
