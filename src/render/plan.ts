/** A file scaffold wants to exist, with the exact bytes it should hold. */
export interface PlannedFile {
  /** Path relative to the gitops root, with forward slashes. */
  path: string;
  content: string;
  /** How the file is read: a whole resource, a patch to one, or a kustomization. */
  role: 'resource' | 'patch' | 'kustomization';
  /**
   * An overlay's kustomization: the app's image, whose newTag, digest and newName image
   * automation may change, and the Flux marker its newTag carries (null without one).
   * The file on disk is current when it holds the same data, formatted as a tool left it.
   */
  image?: { name: string; marker: string | null };
}

/** Everything rendered for one app: the files, and the app.yaml they come from. */
export interface AppPlan {
  app: string;
  specPath: string;
  /** Folder (relative to the root) whose generated files this plan owns. */
  appDir: string;
  files: PlannedFile[];
  /**
   * Files the user owns that the generated kustomizations reference (relative to the
   * root). They must exist, and scaffold never writes or deletes them.
   */
  userFiles: UserFileRef[];
}

export interface UserFileRef {
  path: string;
  /** A resource added to its folder's kustomization, or a patch applied there. */
  role: 'resource' | 'patch';
  /** Where app.yaml lists it, as a field path: spec.environments.production.patches[0]. */
  field: string;
}
