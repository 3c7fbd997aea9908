/** A file scaffold wants to exist, with the exact bytes it should hold. */
export interface PlannedFile {
  /** Path relative to the gitops root, with forward slashes. */
  path: string;
  content: string;
}

/** Everything rendered for one app: the files, and the app.yaml they come from. */
export interface AppPlan {
  app: string;
  specPath: string;
  /** Folder (relative to the root) whose generated files this plan owns. */
  appDir: string;
  files: PlannedFile[];
}
