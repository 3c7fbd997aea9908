import { yaml } from '../yamlSource/yamlPackage.ts';
import { KUBERNETES_SCALAR_TAGS } from '../yamlSource/kubernetesScalars.ts';
import type { AppSpec, Environment, Secrets } from './types.ts';

/**
 * The text of an app.yaml. Keys come in the order the schema documents them
 * (whatever order the object was built in), so the same spec always gives the
 * same bytes; user-named keys (environments, variables) keep the order given.
 * Absent fields are left out (yaml skips undefined values). Strings that Kubernetes'
 * YAML reader (go-yaml), which scaffold reads app.yaml with too, would take for
 * booleans, numbers or null, such as yes, on or 0o17, are quoted.
 */
export function serializeAppSpec(app: AppSpec): string {
  const { spec } = app;
  const ordered = {
    apiVersion: app.apiVersion,
    kind: app.kind,
    metadata: { name: app.metadata.name },
    spec: {
      skeleton: spec.skeleton,
      namespace: spec.namespace,
      image: spec.image,
      port: spec.port,
      servicePort: spec.servicePort,
      probes: spec.probes && { readiness: spec.probes.readiness, liveness: spec.probes.liveness, startup: spec.probes.startup },
      resources: spec.resources && { cpu: spec.resources.cpu, memory: spec.resources.memory },
      env: spec.env,
      irsa: spec.irsa && { roleName: spec.irsa.roleName },
      podIdentity: spec.podIdentity && { roleName: spec.podIdentity.roleName },
      secrets: spec.secrets && orderedSecrets(spec.secrets),
      ingress: spec.ingress,
      autoscaling: spec.autoscaling,
      disruptionBudget: spec.disruptionBudget,
      zoneSpread: spec.zoneSpread,
      shutdown: spec.shutdown,
      istio: spec.istio,
      tolerations: spec.tolerations,
      updateStrategy: spec.updateStrategy,
      hostPaths: spec.hostPaths,
      schedule: spec.schedule,
      timeZone: spec.timeZone,
      concurrencyPolicy: spec.concurrencyPolicy,
      successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: spec.failedJobsHistoryLimit,
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      backoffLimit: spec.backoffLimit,
      restartPolicy: spec.restartPolicy,
      environments: Object.fromEntries(Object.entries(spec.environments).map(([name, env]) => [name, orderedEnvironment(env)])),
      patches: spec.patches,
      extraResources: spec.extraResources,
    },
  };
  const header = [
    `# ${app.metadata.name}: app spec for scaffold (fields: schemas/app-spec.schema.json).`,
    '# After editing, run `scaffold render` at the gitops root to regenerate base/ and overlays/.',
  ];
  return `${header.join('\n')}\n${yaml().stringify(ordered, { lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] })}`;
}

function orderedSecrets(secrets: Secrets) {
  return {
    store: secrets.store && { kind: secrets.store.kind, name: secrets.store.name },
    refreshInterval: secrets.refreshInterval,
    keys: secrets.keys,
    fromPath: secrets.fromPath,
  };
}

function orderedEnvironment(env: Environment) {
  return {
    awsAccountId: env.awsAccountId,
    secretsPath: env.secretsPath,
    cluster: env.cluster,
    irsa: env.irsa && { roleName: env.irsa.roleName },
    podIdentity: env.podIdentity && { roleName: env.podIdentity.roleName },
    imageTag: env.imageTag,
    replicas: env.replicas,
    resources: env.resources && { cpu: env.resources.cpu, memory: env.resources.memory },
    env: env.env,
    autoscaling: env.autoscaling,
    disruptionBudget: env.disruptionBudget,
    ingress: env.ingress,
    schedule: env.schedule,
    suspend: env.suspend,
    patches: env.patches,
    extraResources: env.extraResources,
  };
}
