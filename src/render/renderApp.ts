import type { ResolvedSpec } from '../orgConfig/loadApp.ts';
import { valueAt } from '../yamlSource/mapping.ts';
import type { ConfigUse } from '../orgConfig/resolve.ts';
import { isValidatedAgainst, withHeader, type ConfigValues, type HeaderOptions } from './header.ts';
import { overlayMetadata } from './argoCd.ts';
import { fluxTagMarker, kustomizationData, specImage, withTagMarker, type ImageValues } from './overlayImage.ts';
import type { AppPlan, PlannedFile } from './plan.ts';
import type { CompiledSkeleton, CompiledTemplate } from './skeleton.ts';
import { userFileRefs } from './userFiles.ts';
import { buildBaseView, buildOverlayView, overlayKustomizationView } from './viewModel.ts';

export interface RenderOptions {
  /**
   * The image values of each environment's overlay, by environment, where they are
   * not app.yaml's `imageTag`: the tag image automation set in the overlay on disk.
   */
  images?: Readonly<Record<string, ImageValues>>;
  /**
   * The environments an Argo CD ApplicationSet deploys (argocd.mode: applicationSets):
   * their overlay kustomizations carry the app's namespace for its generator.
   */
  applicationSetEnvironments?: ReadonlySet<string>;
}

/** Renders one app into its base and one overlay per environment. Pure: no file is read or written. */
export function renderApp(loaded: ResolvedSpec, skeleton: CompiledSkeleton, options: RenderOptions = {}): AppPlan {
  const { app, specPath, appDir } = loaded;
  const regenerate = `scaffold render ${appDir}`;
  const files: PlannedFile[] = [];
  // The base takes the config's app-wide values; an overlay also those of its environment. The base is
  // validated against every environment's Kubernetes version (kubernetesTargets.ts), so it names those too.
  const applicationSet = (envName: string) => options.applicationSetEnvironments?.has(envName) === true;
  const baseVersions = (use: ConfigUse) => Object.fromEntries(Object.values(use.environments).flatMap((used) => Object.entries(used).filter(([field]) => isValidatedAgainst(field))));
  const configFor = (envName?: string, extra: Record<string, unknown> = {}): ConfigValues | undefined =>
    loaded.config && {
      file: loaded.config.file,
      values: { ...loaded.config.use.app, ...(envName === undefined ? baseVersions(loaded.config.use) : loaded.config.use.environments[envName]), ...extra },
    };
  // app.yaml's own versions go in the header the same way (header.ts): the base's every environment's, an overlay's its own.
  const specVersions = Object.entries(loaded.spec.spec.environments).flatMap(([envName, env]) => (env.kubernetesVersion === undefined ? [] : [[envName, env.kubernetesVersion] as const]));
  const specVersionsFor = (envName?: string) => Object.fromEntries(specVersions.filter(([name]) => envName === undefined || name === envName));
  const emitter = (config: ConfigValues | undefined, envName?: string) => {
    const specVersions = specVersionsFor(envName);
    return (path: string, body: string, role: PlannedFile['role'], header: HeaderOptions = {}, extra: Pick<PlannedFile, 'image'> = {}) =>
      files.push({ path: `${appDir}/${path}`, content: withHeader(body, specPath, regenerate, config, { specVersions, ...header }), role, ...extra });
  };
  const emit = emitter(configFor());

  const baseView = buildBaseView(app, skeleton.workload);
  const baseFiles = renderTemplates(skeleton.base, baseView);
  for (const f of baseFiles) emit(`base/${f.file}`, f.body, 'resource');
  const baseKustomization = {
    resources: [...baseFiles.map((f) => f.file), ...(app.spec.extraResources ?? [])],
    patches: [...(app.spec.patches ?? [])],
  };
  emit('base/kustomization.yaml', renderTemplate(skeleton.baseKustomization, baseKustomization), 'kustomization');

  for (const envName of Object.keys(app.spec.environments).sort()) {
    const env = app.spec.environments[envName]!;
    const folder = `overlays/${envName}`;
    const emitOverlay = emitter(configFor(envName), envName);
    const view = buildOverlayView(app, envName, skeleton.workload);
    const resources = renderTemplates(skeleton.overlayResources, view);
    for (const f of resources) emitOverlay(`${folder}/${f.file}`, f.body, 'resource');
    const patches = renderTemplates(skeleton.overlay, view);
    for (const f of patches) emitOverlay(`${folder}/${f.file}`, f.body, 'patch');
    const image = options.images?.[envName] ?? specImage(env.imageTag);
    const kustomization = overlayKustomizationView(
      app,
      envName,
      [...resources.map((r) => r.file), ...(env.extraResources ?? [])],
      [...patches.map((p) => p.file), ...(env.patches ?? [])],
      skeleton.workload,
      image,
      applicationSet(envName) ? overlayMetadata(app) : null,
    );
    let body = renderTemplate(skeleton.overlayKustomization, kustomization);
    // Its header hash is over its data (overlayImage.ts), so it must be data.
    const data = kustomizationData(body);
    if (data === undefined) throw new SkeletonRenderError(skeleton.overlayKustomization.origin, 'the kustomization it renders is not one YAML mapping');
    if (applicationSet(envName) && valueAt(data, ['metadata', 'namespace']) !== app.spec.namespace) {
      throw new SkeletonRenderError(skeleton.overlayKustomization.origin, 'with argocd.mode: applicationSets, the kustomization must print metadata.namespace when the view has metadata, as the built-in skeletons/_common/overlay/kustomization.yaml.hbs does: the ApplicationSet\'s generator reads the namespace there');
    }
    const marker = env.imagePolicy === undefined ? null : fluxTagMarker(env.imagePolicy);
    if (marker !== null) body = withTagMarker(body, app.spec.image, marker);
    // The metadata an ApplicationSet reads is the config's doing (argocd.mode): its header says so.
    const emitKustomization = applicationSet(envName) ? emitter(configFor(envName, { 'argocd.mode': 'applicationSets' }), envName) : emitOverlay;
    emitKustomization(`${folder}/kustomization.yaml`, body, 'kustomization', { imageFromSpec: env.imageTag }, { image: { name: app.spec.image, marker } });
  }
  return { app: app.metadata.name, specPath, appDir, files, userFiles: userFileRefs(app, appDir) };
}

interface RenderedTemplate {
  file: string;
  body: string;
}

/** Renders templates in order; a template that renders to nothing is a file this app does not need. */
function renderTemplates(templates: readonly CompiledTemplate[], view: unknown): RenderedTemplate[] {
  const out: RenderedTemplate[] = [];
  for (const t of templates) {
    const body = renderTemplate(t, view);
    if (body.trim() !== '') out.push({ file: t.file, body });
  }
  return out;
}

function renderTemplate(template: CompiledTemplate, view: unknown): string {
  let body: string;
  try {
    body = template.render(view);
  } catch (err) {
    throw new SkeletonRenderError(template.origin, (err as Error).message);
  }
  return body.endsWith('\n') ? body : `${body}\n`;
}

/** A template that fails on a valid spec is a bug in the skeleton, reported with its file. */
export class SkeletonRenderError extends Error {
  constructor(
    readonly template: string,
    detail: string,
  ) {
    super(`skeleton template ${template} failed: ${detail}`);
  }
}
