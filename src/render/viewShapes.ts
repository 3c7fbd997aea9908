/**
 * The view models of src/render/viewModel.ts as data, for `scaffold skeletons
 * check`: a user's templates are checked against what they will see without the
 * TypeScript compiler (a development tool, not part of the package). A test
 * derives the same shapes from the TypeScript types and fails on any difference,
 * so these cannot drift from viewModel.ts.
 */
export type Shape =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'list'; of: Shape }
  /** `name`: the interface's name, absent for an inline object type. */
  | { kind: 'object'; name?: string; fields: Record<string, Shape> }
  | { kind: 'nullable'; of: Shape };

export type ViewName = 'BaseView' | 'OverlayView' | 'BaseKustomizationView' | 'OverlayKustomizationView';

const string: Shape = { kind: 'string' };
const number: Shape = { kind: 'number' };
const list = (of: Shape): Shape => ({ kind: 'list', of });
const nullable = (of: Shape): Shape => ({ kind: 'nullable', of });
const object = (fields: Record<string, Shape>, name?: string): Shape => ({ kind: 'object', ...(name === undefined ? {} : { name }), fields });

const APP_VIEW = object({ name: string, namespace: string, container: string }, 'AppView');
const KEY_VALUE = object({ name: string, value: string }, 'KeyValue');
const RESOURCES_VIEW = object({ cpu: string, memory: string }, 'ResourcesView');
const SECRET_DATA_VIEW = object({ secretKey: string, remoteKey: string }, 'SecretDataView');
const FROM_PATH_VIEW = object({ path: string, nameRegexp: string, prefixRegexp: string, keyTemplate: string }, 'FromPathView');
const SECONDS = object({ seconds: number }, 'Seconds');
const INT_OR_PERCENT = object({ count: nullable(number), percent: nullable(string) }, 'IntOrPercentView');
const boolean: Shape = { kind: 'boolean' };

export const VIEW_SHAPES: Record<ViewName, Shape> = {
  BaseView: object(
    {
      app: APP_VIEW,
      labels: list(KEY_VALUE),
      selector: list(KEY_VALUE),
      annotations: list(KEY_VALUE),
      image: string,
      http: nullable(object({ port: number, servicePort: number })),
      probes: list(object({ field: string, path: string }, 'ProbeView')),
      resources: RESOURCES_VIEW,
      env: list(KEY_VALUE),
      serviceAccount: object({ name: string }),
      secrets: nullable(object({ name: string, storeKind: string, storeName: string, refreshInterval: string, data: list(SECRET_DATA_VIEW) }, 'SecretsView')),
      pod: object({ labels: list(KEY_VALUE), annotations: list(KEY_VALUE), gracePeriod: nullable(SECONDS), preStop: nullable(SECONDS) }, 'PodView'),
      deployment: boolean,
      daemonSet: nullable(
        object(
          {
            maxUnavailable: INT_OR_PERCENT,
            tolerations: list(object({ operator: string, key: nullable(string), value: nullable(string), effect: nullable(string), tolerationSeconds: nullable(SECONDS) }, 'TolerationView')),
            hostPaths: list(object({ name: string, path: string, type: string, mountPath: string }, 'HostPathView')),
          },
          'DaemonSetView',
        ),
      ),
      cronJob: nullable(
        object(
          {
            schedule: string,
            timeZone: nullable(string),
            concurrencyPolicy: string,
            successfulJobsHistoryLimit: number,
            failedJobsHistoryLimit: number,
            activeDeadlineSeconds: number,
            backoffLimit: number,
            restartPolicy: string,
          },
          'CronJobView',
        ),
      ),
      ingress: nullable(object({ className: string, annotations: list(KEY_VALUE), host: nullable(string), path: string, serviceName: string }, 'IngressView')),
    },
    'BaseView',
  ),
  OverlayView: object(
    {
      app: APP_VIEW,
      environment: object({ name: string }),
      labels: list(KEY_VALUE),
      selector: list(KEY_VALUE),
      container: nullable(object({ resources: nullable(RESOURCES_VIEW), env: list(KEY_VALUE) })),
      topologySpread: nullable(object({ whenUnsatisfiable: string, selector: list(KEY_VALUE) }, 'TopologySpreadView')),
      deploymentPatch: boolean,
      daemonSetPatch: boolean,
      cronJobPatch: nullable(object({ schedule: nullable(string), suspend: boolean })),
      irsa: nullable(object({ roleArn: string })),
      podIdentity: nullable(object({ clusterName: string, roleArn: string })),
      secrets: nullable(object({ name: string, data: list(SECRET_DATA_VIEW), fromPath: nullable(FROM_PATH_VIEW) })),
      ingress: nullable(
        object({ annotations: list(KEY_VALUE), rule: nullable(object({ host: string, path: string, serviceName: string })) }, 'IngressPatchView'),
      ),
      autoscaler: nullable(
        object({ minReplicas: number, maxReplicas: number, metrics: list(object({ resource: string, averageUtilization: number })) }, 'AutoscalerView'),
      ),
      disruptionBudget: nullable(object({ minAvailable: nullable(INT_OR_PERCENT), maxUnavailable: nullable(INT_OR_PERCENT) }, 'DisruptionBudgetView')),
    },
    'OverlayView',
  ),
  BaseKustomizationView: object({ resources: list(string), patches: list(string) }, 'BaseKustomizationView'),
  OverlayKustomizationView: object(
    {
      metadata: nullable(object({ namespace: string })),
      resources: list(string),
      patches: list(string),
      labels: list(KEY_VALUE),
      image: object({ name: string, newName: nullable(string), newTag: nullable(string), digest: nullable(string) }),
      replicas: nullable(object({ name: string, count: number })),
    },
    'OverlayKustomizationView',
  ),
};

/** The view a template is rendered with, by where its output goes. */
export function viewOf(output: string): ViewName {
  if (output === 'base/kustomization.yaml') return 'BaseKustomizationView';
  if (output === 'overlay/kustomization.yaml') return 'OverlayKustomizationView';
  return output.startsWith('base/') ? 'BaseView' : 'OverlayView';
}
