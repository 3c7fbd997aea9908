import { readFile } from 'node:fs/promises';

/**
 * An esbuild plugin for the bundle of yaml the CLI and the bench load (dist/runtime/yaml.cjs), which parses YAML in bulk.
 *
 * yaml's Node build reads process.env.LOG_TOKENS for every token it parses and
 * process.env.LOG_STREAM for every document: its own debugging switches. Each read
 * of process.env is a call into the C++ environment, and together they took a fifth
 * of parsing time over a large gitops repo (docs/performance.md). The bundle reads
 * them as unset, and nothing else in yaml changes. Where a yaml release no longer
 * has these reads, the replacement finds nothing and the plugin changes nothing.
 */
export const yamlWithoutDebugSwitches = {
  name: 'yaml-without-debug-switches',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](?:parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/\bnode_process\.env\.LOG_(?:TOKENS|STREAM)\b/g, 'undefined'),
      loader: 'js',
    }));
  },
};
