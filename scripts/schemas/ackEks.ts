/**
 * The AWS Controllers for Kubernetes EKS controller's PodIdentityAssociation
 * CRD (`eks.services.k8s.aws/v1alpha1`), vendored in ack-eks/ from
 * ../shared/oracle/ack-eks/ (aws-controllers-k8s/eks-controller
 * `config/crd/bases`, Apache-2.0), as the definitions the strict converter
 * takes. CRDs leave `metadata` a bare object; like `scaffold schemas import
 * --crd`, the schema checks it as the API server does, as ObjectMeta (taken
 * from `kubernetes`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { definitionsFromCrd, OBJECT_META } from '../../src/schemas/crd.ts';
import type { Definition } from '../../src/schemas/strict.ts';

export const ACK_EKS_CRD = fileURLToPath(new URL('ack-eks/eks.services.k8s.aws_podidentityassociations.yaml', import.meta.url));

export function readAckEks(kubernetes: Readonly<Record<string, Definition>>): Record<string, Definition> {
  const definitions = definitionsFromCrd(parse(readFileSync(ACK_EKS_CRD, 'utf8')));
  for (const definition of Object.values(definitions)) {
    definition.properties = { ...definition.properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } };
  }
  return { ...kubernetes, ...definitions };
}
