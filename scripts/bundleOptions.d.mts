// For scripts/build-validators.ts, which is TypeScript. No metafile or write: each build sets its own, and esbuild types its result by them.
import type { BuildOptions, Plugin } from 'esbuild';

export declare function cliBundleOptions(buildId?: string): Omit<BuildOptions, 'metafile' | 'write'> & { plugins: Plugin[] };
export declare const runtimeBundleOptions: Omit<BuildOptions, 'metafile' | 'write'>;
