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
const EDGE_ONLY = [
  { what: 'node:fs', pattern: /from ['"]node:fs(?:\/promises)?['"]|require\(['"](?:node:)?fs['"]\)/ },
  { what: 'node:child_process', pattern: /from ['"]node:child_process['"]/ },
  { what: 'process', pattern: /(?<![\w.])process\./ },
];

interface Import {
  file: string;
  line: number;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(pattern)) {
    const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
    found.push({ file, line, specifier: (m[1] ?? m[2])! });
  }
  return found;
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
      for (const { specifier, line } of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        if (!target.startsWith(SRC + path.sep)) continue;
        const to = stageOf(target);
        if (STAGES.indexOf(to) > STAGES.indexOf(from)) upward.push(`${path.relative(PROJECT_ROOT, file)}:${line}: ${from} imports ${to} (${specifier})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('only io, write and cli touch the disk, child processes or the process', () => {
    const found: string[] = [];
    for (const file of files) {
      if (EDGES.has(stageOf(file))) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((text, i) => {
        if (/^\s*(\*|\/\/)/.test(text)) return;
        for (const { what, pattern } of EDGE_ONLY) {
          if (pattern.test(text)) found.push(`${path.relative(PROJECT_ROOT, file)}:${i + 1}: ${what}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('the check itself catches an upward import and a disk access', () => {
    const fake = path.join(SRC, 'render', 'x.ts');
    expect(importsOf(__filename).length).toBeGreaterThan(0);
    expect(STAGES.indexOf(stageOf(path.resolve(path.dirname(fake), '../cli/main.ts')))).toBeGreaterThan(STAGES.indexOf(stageOf(fake)));
    expect(EDGE_ONLY.some(({ pattern }) => pattern.test("import { readFileSync } from 'node:fs';"))).toBe(true);
    expect(EDGE_ONLY.some(({ pattern }) => pattern.test('const cwd = process.cwd();'))).toBe(true);
  });
});
