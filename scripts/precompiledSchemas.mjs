/**
 * An esbuild plugin: src/appSpec/schemaValidator.ts compiles the app spec schema with ajv on first
 * use; in a bundle it becomes the schema's precompiled standalone code (CommonJS, from
 * scripts/build-validators.ts), so the bundle carries neither the compiler nor the compile time.
 */
const STANDALONE = 'scaffold-precompiled:app-spec';

export function precompiledAppSpec(standaloneCode) {
  return {
    name: 'precompiled-app-spec',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]appSpec[\\/]schemaValidator\.ts$/ }, () => ({
        contents: `import validate from '${STANDALONE}';\nexport function appSpecValidator() { return validate; }\n`,
        loader: 'js',
      }));
      build.onResolve({ filter: new RegExp(`^${STANDALONE}$`) }, () => ({ path: STANDALONE, namespace: 'precompiled' }));
      build.onLoad({ filter: /.*/, namespace: 'precompiled' }, () => ({
        contents: standaloneCode,
        loader: 'js',
        resolveDir: build.initialOptions.absWorkingDir,
      }));
    },
  };
}
