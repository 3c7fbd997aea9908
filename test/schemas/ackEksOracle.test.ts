/**
 * The bundled ACK PodIdentityAssociation schema: generated from the vendored
 * CRD, which must be the CRD in ../shared; and judging documents as the same
 * CRD imported with `scaffold schemas import --crd` judges them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ACK_EKS_CRD } from '../../scripts/schemas/ackEks.ts';
import { targetSchemas } from '../support/schemas.ts';
import { objectMetaDefinitions, schemasFromCrd } from '../../src/schemas/crd.ts';
import { compileSchema } from '../../src/schemas/compiler.ts';
import type { JsonSchema } from '../../src/schemas/strict.ts';
import { validatePlannedFiles } from '../../src/validate/plannedFiles.ts';
import { schemasOf } from '../support/conversion.ts';
import { available, PROJECT_ROOT, SHARED } from '../support/paths.ts';

const SHARED_CRD = path.join(SHARED, 'oracle/ack-eks/eks.services.k8s.aws_podidentityassociations.yaml');

const VALID = {
  apiVersion: 'eks.services.k8s.aws/v1alpha1',
  kind: 'PodIdentityAssociation',
  metadata: { name: 'checkout', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'checkout' } },
  spec: { clusterName: 'prod-apne2', namespace: 'shop', serviceAccount: 'checkout', roleARN: 'arn:aws:iam::222222222222:role/checkout' },
};

const CASES: [string, unknown, boolean][] = [
  ['what render writes', VALID, true],
  ['roleArn for roleARN', { ...VALID, spec: { ...VALID.spec, roleARN: undefined, roleArn: VALID.spec.roleARN } }, false],
  ['no serviceAccount', { ...VALID, spec: { ...VALID.spec, serviceAccount: undefined } }, false],
  ['disableSessionTags as a string', { ...VALID, spec: { ...VALID.spec, disableSessionTags: 'yes' } }, false],
  ['an unknown metadata field', { ...VALID, metadata: { ...VALID.metadata, label: { a: 'b' } } }, false],
  ['tags', { ...VALID, spec: { ...VALID.spec, tags: { team: 'shop' } } }, true],
];

function withoutUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const bundledFile = path.join(PROJECT_ROOT, 'schemas/ack-eks/v1alpha1/podidentityassociation-eks.services.k8s.aws-v1alpha1.json');

describe('bundled ACK PodIdentityAssociation schema', () => {
  it.skipIf(!available(SHARED_CRD, 'the ACK CRD provenance check'))('is generated from the CRD in ../shared, byte for byte', () => {
    expect(readFileSync(ACK_EKS_CRD, 'utf8')).toBe(readFileSync(SHARED_CRD, 'utf8'));
  });

  it('judges documents as the imported CRD does', () => {
    const objectMeta = objectMetaDefinitions(targetSchemas().registry.lookup('v1', 'ConfigMap')!.schema());
    const crd = existsSync(SHARED_CRD) ? SHARED_CRD : ACK_EKS_CRD;
    const imported = compileSchema(schemasOf(schemasFromCrd(parse(readFileSync(crd, 'utf8')), objectMeta))[0]!.schema);
    const bundled = compileSchema(JSON.parse(readFileSync(bundledFile, 'utf8')) as JsonSchema);
    for (const [name, document, valid] of CASES) {
      const doc = withoutUndefined(document);
      expect(bundled(doc), `bundled: ${name}`).toBe(valid);
      expect(imported(doc), `imported: ${name}`).toBe(valid);
    }
  });

  it('is what render and validate use, with a did-you-mean for roleArn', () => {
    const content = JSON.stringify(withoutUndefined(CASES[1]![1]));
    const issues = validatePlannedFiles([{ path: 'pia.yaml', content, role: 'resource' }], { ...targetSchemas(), ignoreMissingSchemas: false });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['spec.roleArn: unknown field "roleArn" (did you mean "roleARN"?)']);
  });
});
