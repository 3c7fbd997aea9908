// dist/runtime/ajv.cjs (scripts/runtimeModules.mjs): ajv as an installed scaffold loads it, and for the
// validators kept in the user's cache (src/io/validatorCache.ts) its standalone code generator, from this
// one copy of ajv's internals (the generator checks its code fragments with instanceof against the
// compiler's own classes). The helpers that code requires when it runs are dist/runtime/ajvHelpers.cjs.
const ajv = require('ajv');

module.exports = ajv;
module.exports.scaffoldStandalone = require('ajv/dist/standalone').default;
