import type { ResolvedSpec } from '../orgConfig/loadApp.ts';
import type { UserFileRef } from './plan.ts';

/** The files of their own an app's spec lists, under its folder (`appDir`), in the order its kustomizations list them. */
export function userFileRefs(app: ResolvedSpec['app'], appDir: string): UserFileRef[] {
  const refs: UserFileRef[] = [];
  const own = (folder: string, role: UserFileRef['role'], field: string, names: readonly string[] = []) =>
    names.forEach((name, i) => refs.push({ path: `${appDir}/${folder}/${name}`, role, field: `${field}[${i}]` }));
  own('base', 'resource', 'spec.extraResources', app.spec.extraResources);
  own('base', 'patch', 'spec.patches', app.spec.patches);
  for (const envName of Object.keys(app.spec.environments).sort()) {
    const env = app.spec.environments[envName]!;
    own(`overlays/${envName}`, 'resource', `spec.environments.${envName}.extraResources`, env.extraResources);
    own(`overlays/${envName}`, 'patch', `spec.environments.${envName}.patches`, env.patches);
  }
  return refs;
}
