/**
 * API versions that are gone or going: a manifest written for an old cluster
 * (or copied from an old blog post) gets the replacement named instead of a
 * bare "no schema". Removed versions are errors whatever the schemas say;
 * deprecated ones still validate and are warned about.
 */

export interface ApiVersionNotice {
  /** `removed`: the API server no longer serves it. `deprecated`: still served by the bundled version, going away. */
  status: 'removed' | 'deprecated';
  /** The apiVersion to use instead, or undefined when the kind itself is gone. */
  replacement?: string;
  /** Where and when it went, and anything the move needs beyond changing apiVersion. */
  note: string;
  /** What is wrong with it, when not that the API server stopped serving it. */
  verb?: string;
}

interface Entry extends ApiVersionNotice {
  apiVersion: string;
  /** Kinds it applies to; every kind of the apiVersion when absent. */
  kinds?: readonly string[];
}

const RBAC = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const ES_KINDS = ['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'ClusterExternalSecret'];

const ENTRIES: readonly Entry[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], status: 'removed', replacement: 'apps/v1', note: 'removed in Kubernetes 1.16; apps/v1 requires spec.selector' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], status: 'removed', replacement: 'networking.k8s.io/v1', note: 'removed in Kubernetes 1.16' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], status: 'removed', replacement: 'networking.k8s.io/v1', note: 'removed in Kubernetes 1.22; backends are written service.name/service.port in v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], status: 'removed', note: 'PodSecurityPolicy was removed in Kubernetes 1.25; use Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce)' },
  { apiVersion: 'apps/v1beta1', status: 'removed', replacement: 'apps/v1', note: 'removed in Kubernetes 1.16; apps/v1 requires spec.selector' },
  { apiVersion: 'apps/v1beta2', status: 'removed', replacement: 'apps/v1', note: 'removed in Kubernetes 1.16' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], status: 'removed', replacement: 'networking.k8s.io/v1', note: 'removed in Kubernetes 1.22; backends are written service.name/service.port in v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], status: 'removed', replacement: 'policy/v1', note: 'removed in Kubernetes 1.25; in policy/v1 an empty selector selects every pod of the namespace' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], status: 'removed', note: 'PodSecurityPolicy was removed in Kubernetes 1.25; use Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce)' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], status: 'removed', replacement: 'batch/v1', note: 'removed in Kubernetes 1.25' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], status: 'removed', replacement: 'batch/v1', note: 'removed in Kubernetes 1.21' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], status: 'removed', replacement: 'autoscaling/v2', note: 'removed in Kubernetes 1.25' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], status: 'removed', replacement: 'autoscaling/v2', note: 'removed in Kubernetes 1.26' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: RBAC, status: 'removed', replacement: 'rbac.authorization.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: RBAC, status: 'removed', replacement: 'rbac.authorization.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], status: 'removed', replacement: 'apiextensions.k8s.io/v1', note: 'removed in Kubernetes 1.22; v1 requires a structural schema per version' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], status: 'removed', replacement: 'admissionregistration.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], status: 'removed', replacement: 'apiregistration.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], status: 'removed', replacement: 'certificates.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], status: 'removed', replacement: 'coordination.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], status: 'removed', replacement: 'scheduling.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['PriorityClass'], status: 'removed', replacement: 'scheduling.k8s.io/v1', note: 'removed in Kubernetes 1.17' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], status: 'removed', replacement: 'storage.k8s.io/v1', note: 'removed in Kubernetes 1.22' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], status: 'removed', replacement: 'storage.k8s.io/v1', note: 'removed in Kubernetes 1.27' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], status: 'removed', replacement: 'discovery.k8s.io/v1', note: 'removed in Kubernetes 1.25' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], status: 'removed', replacement: 'events.k8s.io/v1', note: 'removed in Kubernetes 1.25' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], status: 'removed', replacement: 'node.k8s.io/v1', note: 'removed in Kubernetes 1.25' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', status: 'removed', replacement: 'flowcontrol.apiserver.k8s.io/v1', note: 'removed in Kubernetes 1.26' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', status: 'removed', replacement: 'flowcontrol.apiserver.k8s.io/v1', note: 'removed in Kubernetes 1.29' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', status: 'deprecated', replacement: 'flowcontrol.apiserver.k8s.io/v1', note: 'deprecated since Kubernetes 1.29 and no longer served from 1.32' },
  { apiVersion: 'admissionregistration.k8s.io/v1alpha1', kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], status: 'deprecated', replacement: 'admissionregistration.k8s.io/v1', note: 'an alpha version; ValidatingAdmissionPolicy is GA (v1) since Kubernetes 1.30' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], status: 'deprecated', replacement: 'admissionregistration.k8s.io/v1', note: 'a beta version; ValidatingAdmissionPolicy is GA (v1) since Kubernetes 1.30' },
  { apiVersion: 'external-secrets.io/v1beta1', kinds: ES_KINDS, status: 'removed', replacement: 'external-secrets.io/v1', note: 'deprecated by External Secrets Operator 0.16 and no longer served from 0.17' },
  { apiVersion: 'external-secrets.io/v1alpha1', kinds: ES_KINDS, status: 'removed', replacement: 'external-secrets.io/v1', note: 'no longer served by External Secrets Operator' },
  { apiVersion: 'kubernetes-client.io/v1', kinds: ['ExternalSecret'], status: 'removed', replacement: 'external-secrets.io/v1', note: 'kubernetes-external-secrets (GoDaddy) is retired; External Secrets Operator replaces it: spec.backendType and spec.data[].key/name become spec.secretStoreRef (a SecretStore for the AWS provider) and spec.data[].remoteRef.key/secretKey' },
  { apiVersion: 'kustomize.config.k8s.io/v1beta1', kinds: ['Component'], status: 'removed', replacement: 'kustomize.config.k8s.io/v1alpha1', verb: 'is not something Kustomize reads', note: 'a Component is kustomize.config.k8s.io/v1alpha1' },
  { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kinds: ['Kustomization'], status: 'removed', replacement: 'kustomize.config.k8s.io/v1beta1', verb: 'is not something Kustomize reads', note: 'a Kustomization is kustomize.config.k8s.io/v1beta1' },
];

/** What is known about an apiVersion/kind that is removed or deprecated; undefined for a current one. */
export function apiVersionNotice(apiVersion: string, kind: string): ApiVersionNotice | undefined {
  const entry = ENTRIES.find((e) => e.apiVersion === apiVersion && (e.kinds === undefined || e.kinds.includes(kind)));
  if (entry === undefined) return undefined;
  const { apiVersion: _, kinds: __, ...notice } = entry;
  return notice;
}

/** `extensions/v1beta1 Deployment was removed in Kubernetes 1.16; ...: use apps/v1` */
export function apiVersionMessage(apiVersion: string, kind: string, notice: ApiVersionNotice): string {
  const what = `${apiVersion} ${kind}`;
  const verb = notice.verb ?? (notice.status === 'removed' ? 'is no longer served' : 'is deprecated');
  const use = notice.replacement === undefined ? '' : `: use apiVersion: ${notice.replacement}`;
  return `${what} ${verb} (${notice.note})${use}`;
}
