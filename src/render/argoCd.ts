/**
 * The Argo CD objects that sync every overlay, from the `argocd` section of
 * `.scaffold.yaml`. Built as data and written with the YAML writer, never
 * through a skeleton: `{{ }}` is Argo CD's own template syntax in an
 * ApplicationSet.
 *
 * Per environment of `argocd.environments` that some app deploys to:
 *
 * - `argocd/<env>/root.yaml`: the root Application (app of apps), applied once
 *   by hand. It syncs the folder below into Argo CD's namespace, so that an
 *   Application scaffold adds or deletes reaches the cluster. It has no
 *   finalizer: deleting it leaves the apps running.
 * - mode `applications` (the default): `argocd/<env>/apps/<app>.yaml`, one
 *   Application per app, rendered with the app (its header names app.yaml).
 * - mode `applicationSets`: `argocd/<env>/applicationset/applicationset.yaml`,
 *   one ApplicationSet whose git files generator reads every overlay
 *   kustomization of the environment; each carries the app's namespace in its
 *   `metadata` (inert for Kustomize), which the generator cannot find otherwise.
 */
import { yaml } from '../yamlSource/yamlPackage.ts';
import type { ResolvedSpec } from '../orgConfig/loadApp.ts';
import type { ResolvedApp } from '../orgConfig/resolve.ts';
import type { ArgoCdConfig } from '../orgConfig/types.ts';
import { KUBERNETES_SCALAR_TAGS } from '../yamlSource/kubernetesScalars.ts';
import { withHeader } from './header.ts';
import type { PlannedFile } from './plan.ts';

export const ARGOCD_DIR = 'argocd';
const API_VERSION = 'argoproj.io/v1alpha1';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'scaffold' };
/** Argo CD's own cluster, where the root Application puts the apps' Applications. */
const IN_CLUSTER = 'https://kubernetes.default.svc';
const FINALIZERS = {
  foreground: ['resources-finalizer.argocd.argoproj.io'],
  background: ['resources-finalizer.argocd.argoproj.io/background'],
  none: [],
} as const;

/** The `argocd` section with its defaults filled in, and where the gitops root is in the repository. */
export interface ArgoCdSettings {
  repoURL: string;
  targetRevision: string;
  namespace: string;
  project: string;
  rootProject: string;
  mode: 'applications' | 'applicationSets';
  finalizer: keyof typeof FINALIZERS;
  automated: { prune?: boolean; selfHeal?: boolean } | undefined;
  createNamespace: boolean;
  environments: ArgoCdConfig['environments'];
  /** The gitops root's folder in the repository, '' at its top: Argo CD's paths start there. */
  rootInRepository: string;
}

/** `rootInConfigFolder`: the gitops root relative to the folder of `.scaffold.yaml` ('' when they are one). */
export function argoCdSettings(config: ArgoCdConfig, rootInConfigFolder: string): ArgoCdSettings {
  return {
    repoURL: config.repoURL,
    targetRevision: config.targetRevision ?? 'HEAD',
    namespace: config.namespace ?? 'argocd',
    project: config.project ?? 'default',
    rootProject: config.rootProject ?? 'default',
    mode: config.mode ?? 'applications',
    finalizer: config.finalizer ?? 'foreground',
    automated: config.syncPolicy?.automated,
    createNamespace: config.syncPolicy?.createNamespace ?? true,
    environments: config.environments,
    rootInRepository: [config.repositoryPath, rootInConfigFolder].filter((p) => p !== undefined && p !== '' && p !== '.').join('/'),
  };
}

/** The config values an app's Application takes, by config field path, for its header. */
export function applicationConfigValues(config: ArgoCdConfig, envName: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of ['repoURL', 'targetRevision', 'repositoryPath', 'namespace', 'project', 'finalizer', 'syncPolicy'] as const) {
    if (config[field] !== undefined) values[`argocd.${field}`] = config[field];
  }
  const env = config.environments[envName]!;
  values[`argocd.environments.${envName}.destination`] = env.destination;
  if (env.project !== undefined) values[`argocd.environments.${envName}.project`] = env.project;
  return values;
}

export function applicationPath(envName: string, app: string): string {
  return `${ARGOCD_DIR}/${envName}/apps/${app}.yaml`;
}

export function rootPath(envName: string): string {
  return `${ARGOCD_DIR}/${envName}/root.yaml`;
}

export function applicationSetPath(envName: string): string {
  return `${ARGOCD_DIR}/${envName}/applicationset/applicationset.yaml`;
}

/** The name of an app's Application in an environment; Argo CD Image Updater names its override file after it (.argocd-source-<name>.yaml). */
export function applicationName(app: string, envName: string): string {
  return `${app}-${envName}`;
}

/** The Application that syncs an app's overlay of one environment. */
export function application(app: ResolvedApp, appDir: string, envName: string, settings: ArgoCdSettings): object {
  const name = app.metadata.name;
  return {
    apiVersion: API_VERSION,
    kind: 'Application',
    metadata: {
      name: applicationName(name, envName),
      namespace: settings.namespace,
      labels: { 'app.kubernetes.io/name': name, ...MANAGED_BY },
      ...finalizers(settings),
    },
    spec: {
      project: projectOf(settings, envName),
      source: { repoURL: settings.repoURL, targetRevision: settings.targetRevision, path: inRepository(settings, `${appDir}/overlays/${envName}`) },
      destination: { ...settings.environments[envName]!.destination, namespace: app.spec.namespace },
      syncPolicy: appSyncPolicy(settings),
    },
  };
}

/** The root Application of an environment: it syncs the environment's Applications (or its ApplicationSet) into Argo CD's namespace. */
export function rootApplication(envName: string, settings: ArgoCdSettings): object {
  const folder = settings.mode === 'applications' ? `${ARGOCD_DIR}/${envName}/apps` : `${ARGOCD_DIR}/${envName}/applicationset`;
  return {
    apiVersion: API_VERSION,
    kind: 'Application',
    metadata: { name: `root.${envName}`, namespace: settings.namespace, labels: { ...MANAGED_BY } },
    spec: {
      project: settings.rootProject,
      source: { repoURL: settings.repoURL, targetRevision: settings.targetRevision, path: inRepository(settings, folder) },
      destination: { server: IN_CLUSTER, namespace: settings.namespace },
      ...(settings.automated ? { syncPolicy: { automated: settings.automated } } : {}),
    },
  };
}

/**
 * The ApplicationSet of an environment: a git files generator over the overlay
 * kustomizations of the environment (`.path.path` is the overlay's folder, the
 * app's name its folder above `overlays`), the namespace from each one's
 * `metadata` (the directory generator has nothing but the path).
 */
export function applicationSet(envName: string, settings: ArgoCdSettings): object {
  const apps = inRepository(settings, 'apps');
  // The app's folder name is the segment after apps/ (app.yaml's name must equal it).
  const appSegment = apps.split('/').length;
  return {
    apiVersion: API_VERSION,
    kind: 'ApplicationSet',
    metadata: { name: envName, namespace: settings.namespace, labels: { ...MANAGED_BY } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ git: { repoURL: settings.repoURL, revision: settings.targetRevision, files: [{ path: `${apps}/*/overlays/${envName}/kustomization.yaml` }] } }],
      template: {
        metadata: {
          name: `{{ index .path.segments ${appSegment} }}-${envName}`,
          labels: { 'app.kubernetes.io/name': `{{ index .path.segments ${appSegment} }}`, ...MANAGED_BY },
          ...finalizers(settings),
        },
        spec: {
          project: projectOf(settings, envName),
          source: { repoURL: settings.repoURL, targetRevision: settings.targetRevision, path: '{{ .path.path }}' },
          destination: { ...settings.environments[envName]!.destination, namespace: '{{ .metadata.namespace }}' },
          syncPolicy: appSyncPolicy(settings),
        },
      },
    },
  };
}

/** What an overlay's kustomization carries for the ApplicationSet's generator to read (see applicationSet). */
export function overlayMetadata(app: ResolvedApp): { namespace: string } {
  return { namespace: app.spec.namespace };
}

/**
 * An app's Applications (mode applications), one per environment Argo CD deploys: part
 * of the app's plan, so its header names app.yaml and the config values it took.
 */
export function applicationFiles(loaded: ResolvedSpec, config: { file: string; argocd: ArgoCdConfig }, settings: ArgoCdSettings): PlannedFile[] {
  if (settings.mode !== 'applications') return [];
  const { app, specPath, appDir } = loaded;
  const namespaceFromConfig = loaded.config?.use.app['defaults.namespace'];
  return Object.keys(app.spec.environments)
    .filter((envName) => Object.hasOwn(settings.environments, envName))
    .sort()
    .map((envName) => {
      const values = { ...applicationConfigValues(config.argocd, envName), ...(namespaceFromConfig === undefined ? {} : { 'defaults.namespace': namespaceFromConfig }) };
      const body = objectYaml(application(app, appDir, envName, settings));
      return { path: applicationPath(envName, app.metadata.name), content: withHeader(body, specPath, `scaffold render ${appDir}`, { file: config.file, values }), role: 'resource' };
    });
}

/**
 * The files of the organisation config alone: a root Application per environment
 * Argo CD deploys that some app has (`environments`), and its ApplicationSet in mode
 * applicationSets. Their header names `.scaffold.yaml`.
 */
export function organisationFiles(configFile: string, settings: ArgoCdSettings, environments: ReadonlySet<string>): PlannedFile[] {
  const emit = (path: string, object: object): PlannedFile => ({
    path,
    content: withHeader(objectYaml(object), configFile, 'scaffold render', undefined, { change: configFile }),
    role: 'resource',
  });
  return Object.keys(settings.environments)
    .filter((envName) => environments.has(envName))
    .sort()
    .flatMap((envName) => [
      emit(rootPath(envName), rootApplication(envName, settings)),
      ...(settings.mode === 'applicationSets' ? [emit(applicationSetPath(envName), applicationSet(envName, settings))] : []),
    ]);
}

/**
 * The environments whose argocd.mode a run switches while Argo CD's resources finalizer
 * is on: the root Application would delete the old Applications (or the ApplicationSet,
 * and its Applications with it), each taking the app's resources with it, before the new
 * ones create them again. `deleted` are the generated files the run deletes, with their
 * content; `planned` every file it writes or keeps.
 */
export function finalizingModeSwitches(deleted: readonly { path: string; current?: string }[], planned: ReadonlySet<string>): string[] {
  const environments = new Set<string>();
  for (const { path, current } of deleted) {
    const [dir, envName, folder, file] = path.split('/');
    if (dir !== ARGOCD_DIR || envName === undefined || file === undefined || !current?.includes(FINALIZERS.foreground[0])) continue;
    const other = folder === 'apps' ? applicationSetPath(envName) : folder === 'applicationset' ? undefined : null;
    if (other === null) continue;
    const switched = other === undefined ? [...planned].some((p) => p.startsWith(`${ARGOCD_DIR}/${envName}/apps/`)) : planned.has(other);
    if (switched) environments.add(envName);
  }
  return [...environments].sort();
}

/** An object as YAML, as Kubernetes reads it back (strings go-yaml would take for something else are quoted). */
export function objectYaml(object: object): string {
  return yaml().stringify(object, { lineWidth: 0, compat: [...KUBERNETES_SCALAR_TAGS] });
}

function finalizers(settings: ArgoCdSettings): { finalizers?: string[] } {
  const list = FINALIZERS[settings.finalizer];
  return list.length > 0 ? { finalizers: [...list] } : {};
}

function projectOf(settings: ArgoCdSettings, envName: string): string {
  return settings.environments[envName]!.project ?? settings.project;
}

function appSyncPolicy(settings: ArgoCdSettings): object | undefined {
  const policy = {
    ...(settings.automated ? { automated: settings.automated } : {}),
    ...(settings.createNamespace ? { syncOptions: ['CreateNamespace=true'] } : {}),
  };
  return Object.keys(policy).length > 0 ? policy : undefined;
}

function inRepository(settings: ArgoCdSettings, path: string): string {
  return settings.rootInRepository === '' ? path : `${settings.rootInRepository}/${path}`;
}
