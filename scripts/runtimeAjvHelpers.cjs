// dist/runtime/ajvHelpers.cjs (scripts/runtimeModules.mjs): the run-time helpers ajv's standalone code requires by
// name, for the validators kept in the user's cache (src/io/validatorCache.ts), without ajv's compiler: a run whose
// validators all come from the cache loads this file alone, and of it only the helpers its validators name.
const helpers = {
  'ajv/dist/runtime/equal': () => require('ajv/dist/runtime/equal'),
  'ajv/dist/runtime/ucs2length': () => require('ajv/dist/runtime/ucs2length'),
  'ajv/dist/runtime/uri': () => require('ajv/dist/runtime/uri'),
  'ajv/dist/runtime/validation_error': () => require('ajv/dist/runtime/validation_error'),
};

module.exports = (id) => helpers[id]?.();
