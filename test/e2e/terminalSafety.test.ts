/**
 * Names from the user's files reach the terminal and the CI log escaped: a
 * file name, an object name, a field or a value holding ESC, NUL, CR, LF, DEL
 * or a C1 control prints as `\x1b`, `\n`..., one finding a line, in every
 * output format of validate and in the other commands' results. JSON keeps
 * the exact values.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tempDir.ts';

const scratch = tempDir('scaffold-terminal-');

// Anything a terminal or a log viewer could act on; line feeds end our own lines and are counted instead.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

// ESC [2J clears the screen; ESC ] 0; ... BEL sets the window title; U+009B is a one-character CSI.
const FILE_NAME = 'clear\u001b[2J\nfake.yaml:1:1: error: forged.yaml';
const OBJECT_NAME = 'web\u001b]0;pwned\u0007\u009b\u007f';
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web\\e]0;pwned\\a\\x9b\\x7f"
spec:
  "sel\\ector": {}
  replicas: "3\\e"
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

describe('scaffold validate on hostile names', () => {
  mkdirSync(path.join(scratch, 'manifests'));
  writeFileSync(path.join(scratch, 'manifests', FILE_NAME), MANIFEST);
  const shownFile = 'manifests/clear\\x1b[2J\\nfake.yaml:1:1: error: forged.yaml';

  it('text: one line per finding, every control character escaped', () => {
    const r = runCli(['validate', 'manifests'], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.startsWith(`${shownFile}:`)).toBe(true);
    expect(lines[0]).toContain('Deployment/web\\x1b]0;pwned\\x07\\u009b\\x7f');
    expect(lines[0]).toContain('unknown field "sel\\x1bctor"');
  });

  it('github: one annotation per finding, nothing raw for the log to render', () => {
    const r = runCli(['validate', '-o', 'github', 'manifests'], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^::error file=manifests\/clear\\x1b\[2J\\nfake\.yaml%3A1%3A1%3A error%3A forged\.yaml,line=\d+,col=\d+,title=scaffold validate%3A Deployment\/web\\x1b\]0;pwned\\x07\\u009b\\x7f \(schema\)::/);
  });

  it('junit: well-formed XML without the characters XML cannot hold', () => {
    const r = runCli(['validate', '-o', 'junit', 'manifests'], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });

  it('json: the exact names, every control character escaped in the text', () => {
    const r = runCli(['validate', '-o', 'json', 'manifests'], { cwd: scratch });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const { resources } = JSON.parse(r.stdout) as { resources: { filename: string; name: string }[] };
    expect(resources.map((x) => [x.filename, x.name])).toEqual([[`manifests/${FILE_NAME}`, OBJECT_NAME]]);
  });
});

describe('other commands on hostile names', () => {
  it('schemas list: kinds from an imported folder\'s index', () => {
    const schemas = path.join(scratch, 'schemas');
    mkdirSync(schemas, { recursive: true });
    writeFileSync(path.join(schemas, 'index.json'), JSON.stringify({ 'example.com/v1/Wid\u001b[2Jget': 'widget.json' }));
    const r = runCli(['schemas', 'list', '--schemas', 'schemas'], { cwd: scratch });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toMatch(/^example\.com\/v1 +Wid\\x1b\[2Jget +schemas$/m);
  });

  it('capacity --manifests: app names from labels', () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app.kubernetes.io/name: "shop\\e[2J"}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx
          resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: 500m, memory: 1Gi}}
`;
    const r = runCli(['capacity', '--manifests', '-', '--instance-type', 'm5.large'], { cwd: scratch, input: manifest });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toMatch(/^shop\\x1b\[2J +2 /m);
  });
});
