/**
 * An esbuild plugin: src/appSpec/schemaValidator.ts and src/orgConfig/schemaValidator.ts compile
 * their schemas (app.yaml's, .scaffold.yaml's) with ajv on first use; in a bundle each becomes the
 * schema's precompiled standalone code (CommonJS, from scripts/build-validators.ts), so the bundle
 * carries neither the compiler nor the compile time.
 *
 * `validators`: [{ module: RegExp of the source module, exportName, code }].
 */
const NAMESPACE = 'scaffold-precompiled';

export function precompiledSchemas(validators) {
  return {
    name: 'precompiled-schemas',
    setup(build) {
      validators.forEach(({ module, exportName, code }, i) => {
        const id = `${NAMESPACE}:${i}`;
        build.onLoad({ filter: module }, () => ({
          contents: `import validate from '${id}';\nexport function ${exportName}() { return validate; }\n`,
          loader: 'js',
        }));
        build.onResolve({ filter: new RegExp(`^${id}$`) }, () => ({ path: id, namespace: NAMESPACE }));
        build.onLoad({ filter: new RegExp(`^${id}$`), namespace: NAMESPACE }, () => ({
          contents: code,
          loader: 'js',
          resolveDir: build.initialOptions.absWorkingDir,
        }));
      });
    },
  };
}
