/**
 * The AWS Controllers for Kubernetes EKS controller's PodIdentityAssociation
 * CRD (`eks.services.k8s.aws/v1alpha1`), vendored in ack-eks/ from
 * ../shared/oracle/ack-eks/ (aws-controllers-k8s/eks-controller
 * `config/crd/bases`, Apache-2.0), as the definitions the strict converter
 * takes (`metadata` checked as ObjectMeta, see vendoredCrds.ts).
 */
import { fileURLToPath } from 'node:url';
import type { Definition } from '../../src/schemas/strict.ts';
import { vendoredCrdDefinitions } from './vendoredCrds.ts';

export const ACK_EKS_CRD = fileURLToPath(new URL('ack-eks/eks.services.k8s.aws_podidentityassociations.yaml', import.meta.url));

export function readAckEks(kubernetes: Readonly<Record<string, Definition>>): Record<string, Definition> {
  return vendoredCrdDefinitions([ACK_EKS_CRD], kubernetes);
}
