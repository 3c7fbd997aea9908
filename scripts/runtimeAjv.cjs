// dist/runtime/ajv.cjs (scripts/runtimeModules.mjs): ajv as an installed scaffold loads it, and for the
// validators kept in the user's cache (src/io/validatorCache.ts) its standalone code generator and the
// run-time helpers that code requires by name, all from this one copy of ajv's internals (the generator
// checks its code fragments with instanceof against the compiler's own classes).
const ajv = require('ajv');

const helpers = {
  'ajv/dist/runtime/equal': require('ajv/dist/runtime/equal'),
  'ajv/dist/runtime/ucs2length': require('ajv/dist/runtime/ucs2length'),
  'ajv/dist/runtime/uri': require('ajv/dist/runtime/uri'),
  'ajv/dist/runtime/validation_error': require('ajv/dist/runtime/validation_error'),
};

module.exports = ajv;
module.exports.scaffoldStandalone = {
  standalone: require('ajv/dist/standalone').default,
  helper: (id) => helpers[id],
};
