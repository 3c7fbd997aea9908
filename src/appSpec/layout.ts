/** Where apps live in a gitops root: `apps/<name>/app.yaml`, with `base/` and `overlays/<env>/` beside it. */
export const SPEC_FILE = 'app.yaml';
export const APPS_DIR = 'apps';

/** `apps/<name>/app.yaml`, relative to the root. */
export function specPathOf(name: string): string {
  return `${APPS_DIR}/${name}/${SPEC_FILE}`;
}

/** The app folder of an app.yaml path (relative, forward slashes). */
export function appDirOf(specPath: string): string {
  const slash = specPath.lastIndexOf('/');
  return slash < 0 ? '.' : specPath.slice(0, slash);
}
