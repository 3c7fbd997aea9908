import type { SpecCheckContext } from '../appSpec/check.ts';
import { parseAppSpec } from '../appSpec/load.ts';
import type { AppSpec } from '../appSpec/types.ts';
import type { Issue } from '../vocabulary/issue.ts';
import { resolveApp, type ConfigUse, type ResolveContext, type ResolvedApp } from './resolve.ts';

/** An app.yaml as written, with the config's values filled in, and where it was read from. */
export interface ResolvedSpec {
  /** Path of app.yaml relative to the gitops root, with forward slashes. */
  specPath: string;
  /** Folder of the app relative to the gitops root (where base/ and overlays/ are written). */
  appDir: string;
  /** app.yaml as written. */
  spec: AppSpec;
  /** What the renderer sees. */
  app: ResolvedApp;
  /** The config the app was resolved with and the values it took from it; absent without a config. */
  config?: { file: string; use: ConfigUse };
}

export interface ResolvedLoad {
  resolved?: Omit<ResolvedSpec, 'specPath' | 'appDir'>;
  issues: Issue[];
}

/**
 * Parses, checks and resolves one app.yaml against the organisation config: a value
 * neither gives is reported at its place in app.yaml, with line and column.
 */
export function parseResolvedApp(text: string, file: string, context: SpecCheckContext, config?: ResolveContext): ResolvedLoad {
  const parsed = parseAppSpec(text, file, resolvingContext(context, config));
  if (!parsed.spec) return { issues: parsed.issues };
  const resolution = resolveApp(parsed.spec, config);
  if (!('app' in resolution)) throw new Error(`${file}: resolution failed after its check passed`);
  return {
    resolved: { spec: parsed.spec, app: resolution.app, ...(config ? { config: { file: config.file, use: resolution.use } } : {}) },
    // Warnings (an env reference Kubernetes leaves as written) go with the app.
    issues: parsed.issues,
  };
}

/** The spec check's context with the organisation config's part: what neither app.yaml nor the config gives is a problem. */
export function resolvingContext(context: SpecCheckContext, config?: ResolveContext): SpecCheckContext {
  return { ...context, resolve: (spec) => resolveApp(spec, config).problems };
}
