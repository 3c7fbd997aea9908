/** The grammars of the API server checks and label selector matching, on the edges of each rule (the cron parser's tests are test/unit/cronSchedule.test.ts). */
import { describe, expect, it } from 'vitest';
import { dns1035LabelProblems, dns1123LabelProblems, dns1123SubdomainProblems, labelValueProblems, maskTrailingDash, pathSegmentProblems, portNameProblems, qualifiedNameProblems } from '../../src/validate/checks/grammar.ts';
import { matches } from '../../src/validate/checks/selector-match.ts';
import { ingressPathProblems } from '../../src/vocabulary/ingressPath.ts';

const ok = (problems: readonly string[]) => problems.length === 0;

describe('name grammars', () => {
  it('DNS-1123 labels and subdomains, by length and characters', () => {
    expect(ok(dns1123LabelProblems('a'.repeat(63)))).toBe(true);
    expect(dns1123LabelProblems('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(dns1123LabelProblems('web.api')).toEqual(['must not contain dots']);
    for (const bad of ['My_App', '-web', 'web-', '', 'wéb']) expect(ok(dns1123LabelProblems(bad)), bad).toBe(false);
    expect(ok(dns1123LabelProblems('123-abc'))).toBe(true);
    expect(ok(dns1123SubdomainProblems('web.example.com'))).toBe(true);
    expect(ok(dns1123SubdomainProblems(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`))).toBe(true);
    expect(ok(dns1123SubdomainProblems(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`))).toBe(false);
    for (const bad of ['web..api', '.web', 'Web', 'web_api']) expect(ok(dns1123SubdomainProblems(bad)), bad).toBe(false);
  });

  it('DNS-1035 labels start with a letter', () => {
    expect(ok(dns1035LabelProblems('web-1'))).toBe(true);
    expect(ok(dns1035LabelProblems('1web'))).toBe(false);
  });

  it('path segments refuse only ".", ".." and "/" or "%"', () => {
    expect(ok(pathSegmentProblems('system:controller:Foo_Bar'))).toBe(true);
    for (const bad of ['.', '..', 'a/b', '100%']) expect(ok(pathSegmentProblems(bad)), bad).toBe(false);
  });

  it('qualified names: an optional subdomain prefix, a name part of at most 63', () => {
    for (const good of ['app', 'app.kubernetes.io/name', 'MyName', 'my.name_2', 'a'.repeat(63), `example.com/${'a'.repeat(63)}`]) expect(ok(qualifiedNameProblems(good)), good).toBe(true);
    for (const bad of ['a/b/c', '/name', 'example.com/', 'Example.com/name', '-name', 'name-', 'a'.repeat(64), 'my name']) expect(ok(qualifiedNameProblems(bad)), bad).toBe(false);
  });

  it('label values: empty or at most 63, alphanumeric at both ends', () => {
    for (const good of ['', 'v1.2.3', 'My_Value', 'a'.repeat(63)]) expect(ok(labelValueProblems(good)), good).toBe(true);
    for (const bad of ['a'.repeat(64), '-x', 'x-', 'a b', 'a/b']) expect(ok(labelValueProblems(bad)), bad).toBe(false);
  });

  it('port names: IANA service names of at most 15 characters with a letter', () => {
    for (const good of ['http', 'h2c', 'grpc-web', 'a'.repeat(15), '8080-http']) expect(ok(portNameProblems(good)), good).toBe(true);
    expect(portNameProblems('http-metrics-port')).toEqual(['must be no more than 15 characters']);
    for (const bad of ['HTTP', '8080', 'http--x', '-http', 'http-', 'http_x', '']) expect(ok(portNameProblems(bad)), bad).toBe(false);
  });

  it('a generateName prefix may end with one dash', () => {
    expect(maskTrailingDash('web-')).toBe('weba');
    expect(maskTrailingDash('-')).toBe('-');
  });
});

describe('Ingress paths', () => {
  it('refuse, for Exact and Prefix, what validateHTTPIngressPath refuses, and nothing it accepts', () => {
    for (const pathType of ['Exact', 'Prefix']) {
      for (const good of ['/', '/a', '/a/', '/.well-known/x', '/a..b', '/a%20b', '/a.', '/~u']) expect(ingressPathProblems(good, pathType), `${pathType} ${good}`).toEqual([]);
      for (const bad of ['', 'a', '/a//b', '/a/./b', '/a/../b', '/a%2fb', '/a%2Fb', '/a/..', '/a/.', '/..', '/.']) expect(ok(ingressPathProblems(bad, pathType)), `${pathType} ${bad}`).toBe(false);
    }
    expect(ingressPathProblems('/a//../', 'Prefix')).toEqual(["must not contain '//'", "must not contain '/../'"]);
  });

  it('leave an ImplementationSpecific path to the controller once it is absolute (or empty)', () => {
    for (const good of ['', '/', '/api/.*', '/(.*)', '/a//b', '/a/..']) expect(ingressPathProblems(good, 'ImplementationSpecific'), good).toEqual([]);
    expect(ingressPathProblems('api', 'ImplementationSpecific')).toEqual(['must be an absolute path']);
  });
});

describe('label selectors', () => {
  it('match as labels.Selector does', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matches({ matchLabels: { app: 'api' } }, labels)).toBe(false);
    expect(matches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true);
    expect(matches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(matches({ matchExpressions: [{ key: 'canary', operator: 'NotIn', values: ['true'] }] }, labels)).toBe(true);
    expect(matches({ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, labels)).toBe(false);
    expect(matches({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(true);
  });
});
