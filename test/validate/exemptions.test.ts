/** Exemption annotations: which findings they drop, and what they say about themselves. */
import { describe, expect, it } from 'vitest';
import { applyExemptions } from '../../src/validate/checks/exemptions.ts';
import { qualifiedNameProblems } from '../../src/validate/checks/grammar.ts';
import { EXEMPTION_PREFIX, POLICY_IDS } from '../../src/vocabulary/issue.ts';

const KNOWN = ['qos-guaranteed', 'env-duplicate', 'object-name'];
const findings = [
  { rule: 'env-duplicate', message: 'LOG_LEVEL twice' },
  { rule: 'env-duplicate', message: 'PATH twice' },
  { rule: 'qos-guaranteed', message: 'no limits' },
  { rule: 'schema', message: 'unknown field' },
];

function object(annotations: Record<string, unknown>) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', annotations } };
}

describe('applyExemptions', () => {
  it('drops the findings of an exempted rule and says why, for -v', () => {
    const result = applyExemptions(object({ [`${EXEMPTION_PREFIX}env-duplicate`]: ' the image reads the last value ' }), findings, KNOWN);
    expect(result.kept.map((f) => f.rule)).toEqual(['qos-guaranteed', 'schema']);
    expect(result.exemptions).toEqual([{ rule: 'env-duplicate', reason: 'the image reads the last value', findings: [findings[0], findings[1]] }]);
    expect(result.problems).toEqual([]);
  });

  it('lists an exemption that covered nothing, with no findings', () => {
    expect(applyExemptions(object({ [`${EXEMPTION_PREFIX}object-name`]: 'legacy' }), findings, KNOWN).exemptions).toEqual([{ rule: 'object-name', reason: 'legacy', findings: [] }]);
  });

  it('requires a reason: without one nothing is exempted and the annotation is an error', () => {
    for (const reason of ['', '   ', true, null]) {
      const result = applyExemptions(object({ [`${EXEMPTION_PREFIX}qos-guaranteed`]: reason }), findings, KNOWN);
      expect(result.kept).toEqual(findings);
      expect(result.problems).toEqual([{
        path: ['metadata', 'annotations', `${EXEMPTION_PREFIX}qos-guaranteed`],
        severity: 'error',
        message: expect.stringContaining('needs a reason'),
      }]);
    }
  });

  it('warns of an unknown rule id, with a did-you-mean, and exempts nothing', () => {
    const result = applyExemptions(object({ [`${EXEMPTION_PREFIX}qos-guaranted`]: 'batch job' }), findings, KNOWN);
    expect(result.kept).toEqual(findings);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.severity).toBe('warning');
    expect(result.problems[0]!.message).toContain('did you mean "qos-guaranteed"?');
  });

  it('cannot exempt schema or syntax findings, which are not among the known rules', () => {
    const result = applyExemptions(object({ [`${EXEMPTION_PREFIX}schema`]: 'trust me' }), findings, KNOWN);
    expect(result.kept).toEqual(findings);
    expect(result.problems[0]!.severity).toBe('warning');
  });

  it('leaves objects without annotations, and other annotations, alone', () => {
    expect(applyExemptions({ kind: 'ConfigMap' }, findings, KNOWN)).toEqual({ kept: findings, exemptions: [], problems: [] });
    expect(applyExemptions(object({ 'example.com/ignore-check': 'x' }), findings, KNOWN).kept).toEqual(findings);
    expect(applyExemptions(['not', 'an', 'object'], findings, KNOWN).kept).toEqual(findings);
  });

  it('uses annotation keys the API server accepts, for every rule', () => {
    for (const id of POLICY_IDS) expect(qualifiedNameProblems(`${EXEMPTION_PREFIX}${id}`), id).toEqual([]);
  });
});
