/**
 * The --help of every command and subcommand, found by walking the help
 * itself so a new command is covered without a change here: each prints,
 * and no placeholder an option's text fills in (NEWEST, the newest bundled
 * Kubernetes minor) is left unfilled.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

/** The subcommand names listed under `Commands:` in a help text, less commander's own `help`. */
function subcommands(help: string): string[] {
  const listing = help.split('\nCommands:\n')[1] ?? '';
  return [...listing.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

function helpOf(command: readonly string[]): { command: string[]; text: string }[] {
  const r = runCli([...command, '--help']);
  expect(r.code, command.join(' ')).toBe(0);
  return [{ command: [...command], text: r.stdout }, ...subcommands(r.stdout).flatMap((name) => helpOf([...command, name]))];
}

describe('--help', () => {
  const helps = helpOf([]);

  it('is walked through every command and subcommand', () => {
    const names = helps.map((h) => h.command.join(' '));
    expect(names).toEqual(expect.arrayContaining(['capacity', 'render', 'validate', 'schemas import', 'schemas list', 'skeletons check', 'migrate kes', 'image set']));
  });

  it('leaves no placeholder unfilled', () => {
    for (const { command, text } of helps) expect(text, command.join(' ')).not.toMatch(/NEWEST/);
    const capacity = helps.find((h) => h.command.join(' ') === 'capacity')!.text.replace(/\s+/g, ' ');
    expect(capacity).toMatch(/else 1\.\d+ \(--manifests: 1\.\d+\)/);
  });
});
