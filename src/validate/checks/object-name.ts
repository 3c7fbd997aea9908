/**
 * metadata.name (or generateName) by the grammar the kind requires, and
 * metadata.namespace as a DNS-1123 label. Most kinds take a DNS-1123
 * subdomain (`My_App` is refused); a Service a DNS-1035 label (it becomes a
 * DNS name and an environment variable prefix, so it starts with a letter);
 * a Namespace a DNS-1123 label; RBAC roles and bindings and
 * CertificateSigningRequests any URL path segment (`system:controller:x`).
 * Kinds not listed here and CRDs of the *.k8s.io groups are not judged:
 * their rule is not known here.
 */
import type { ApiServerCheck } from './check.ts';
import type { PolicyFinding } from '../policies/policy.ts';
import { mappingAt } from '../policies/policy.ts';
import { isBuiltinGroup, isNeverApplied, dns1035LabelProblems, dns1123LabelProblems, dns1123SubdomainProblems, maskTrailingDash, pathSegmentProblems } from './grammar.ts';

type Grammar = (value: string) => readonly string[];

const SUBDOMAIN_KINDS = [
  'Pod', 'PodTemplate', 'ReplicationController', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolume',
  'PersistentVolumeClaim', 'LimitRange', 'ResourceQuota', 'Endpoints', 'Node', 'Deployment', 'ReplicaSet', 'DaemonSet',
  'StatefulSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'IngressClass',
  'NetworkPolicy', 'StorageClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'RuntimeClass', 'Lease', 'EndpointSlice', 'CustomResourceDefinition',
];

const GRAMMAR_OF_KIND: Readonly<Record<string, { grammar: Grammar; what: string }>> = {
  ...Object.fromEntries(SUBDOMAIN_KINDS.map((kind) => [kind, { grammar: dns1123SubdomainProblems, what: 'DNS-1123 subdomain' }])),
  Service: { grammar: dns1035LabelProblems, what: 'DNS-1035 label' },
  Namespace: { grammar: dns1123LabelProblems, what: 'DNS-1123 label' },
  Role: { grammar: pathSegmentProblems, what: 'path segment' },
  ClusterRole: { grammar: pathSegmentProblems, what: 'path segment' },
  RoleBinding: { grammar: pathSegmentProblems, what: 'path segment' },
  ClusterRoleBinding: { grammar: pathSegmentProblems, what: 'path segment' },
  CertificateSigningRequest: { grammar: pathSegmentProblems, what: 'path segment' },
};

const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass',
  'IngressClass', 'CustomResourceDefinition', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'RuntimeClass', 'CertificateSigningRequest',
]);

// The cronjob controller names each Job <cronjob>-<11-character timestamp suffix>, and a Job name must fit in a label value.
const CRONJOB_NAME_MAX = 52;

/** The grammar of a kind's names: built-in kinds by the table, custom resources (a group outside *.k8s.io) a DNS-1123 subdomain. */
function grammarOf(apiVersion: string, kind: string): { grammar: Grammar; what: string } | undefined {
  if (isBuiltinGroup(apiVersion)) return GRAMMAR_OF_KIND[kind];
  return { grammar: dns1123SubdomainProblems, what: 'DNS-1123 subdomain' };
}

export const objectName: ApiServerCheck = {
  id: 'object-name',
  summary: 'metadata.name by the grammar its kind requires (a DNS-1123 subdomain for most, a DNS-1035 label for a Service, a DNS-1123 label for a Namespace) and metadata.namespace a DNS-1123 label',
  severity: 'error; a StatefulSet name with dots is a warning (1.30 stores it, but its pods cannot take a hostname from it and newer releases refuse it)',
  source: 'ValidateObjectMeta and the Validate*Name functions in pkg/apis/core/validation/validation.go (ValidateServiceName = NameIsDNS1035Label), apps/validation ValidateStatefulSetName, batch/validation ValidateCronJobCreate (52 characters), rbac/validation ValidateRBACName (path segment)',
  check({ apiVersion, kind, value, partial }) {
    if (isNeverApplied(apiVersion)) return [];
    const rule = grammarOf(apiVersion, kind);
    const metadata = mappingAt(value, 'metadata');
    if (rule === undefined || metadata === undefined) return [];
    const findings: PolicyFinding[] = [];
    const name = metadata['name'];
    const generateName = metadata['generateName'];
    if (typeof name === 'string' && name !== '') {
      findings.push(...nameFindings(name, ['metadata', 'name'], rule, kind));
      if (kind === 'CronJob' && Buffer.byteLength(name) > CRONJOB_NAME_MAX) {
        findings.push({ path: ['metadata', 'name'], message: `a CronJob name must be no more than ${CRONJOB_NAME_MAX} characters (its Jobs are named <name>-<11-character suffix>), got ${Buffer.byteLength(name)}` });
      }
      if (kind === 'CustomResourceDefinition' && !partial) findings.push(...crdNameFindings(name, value));
    } else if (typeof generateName === 'string' && generateName !== '') {
      findings.push(...nameFindings(maskTrailingDash(generateName), ['metadata', 'generateName'], rule, kind, generateName));
    }
    const namespace = metadata['namespace'];
    if (typeof namespace === 'string' && namespace !== '' && !CLUSTER_SCOPED.has(kind) && GRAMMAR_OF_KIND[kind] !== undefined) {
      const problems = dns1123LabelProblems(namespace);
      if (problems.length > 0) findings.push({ path: ['metadata', 'namespace'], message: `"${namespace}" is not a valid namespace name (a DNS-1123 label): ${problems.join('; ')}` });
    }
    return findings;
  },
};

function nameFindings(name: string, path: string[], rule: { grammar: Grammar; what: string }, kind: string, shown = name): PolicyFinding[] {
  const problems = rule.grammar(name);
  if (problems.length > 0) return [{ path, message: `${JSON.stringify(shown)} is not a valid ${kind} name (a ${rule.what}): ${problems.join('; ')}` }];
  if (kind === 'StatefulSet' && name.includes('.')) {
    return [{
      path,
      severity: 'warning',
      message: `${JSON.stringify(shown)} has dots: its pods cannot take a hostname from it, and newer Kubernetes releases refuse a StatefulSet name that is not a DNS-1123 label`,
    }];
  }
  return [];
}

/** A CRD is named <spec.names.plural>.<spec.group> (apiextensions ValidateCustomResourceDefinition). */
function crdNameFindings(name: string, value: Record<string, unknown>): PolicyFinding[] {
  const spec = mappingAt(value, 'spec');
  const plural = mappingAt(spec, 'names')?.['plural'];
  const group = spec?.['group'];
  if (typeof plural !== 'string' || typeof group !== 'string') return [];
  const expected = `${plural}.${group}`;
  return name === expected ? [] : [{ path: ['metadata', 'name'], message: `a CustomResourceDefinition must be named spec.names.plural + "." + spec.group, "${expected}", got "${name}"` }];
}
