/**
 * The official SARIF 2.1.0 JSON schema, as Microsoft's SARIF SDK ships it in
 * the @microsoft/jest-sarif package, compiled once (it is draft-04: ajv-draft-04).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { default: Ajv } = require('ajv-draft-04') as typeof import('ajv-draft-04');

const SARIF_SCHEMA = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

/** A validator of SARIF logs; its `errors` say what is wrong with the last one refused. */
export function compileSarifSchema() {
  // The schema's language pattern is no valid regular expression under the u flag, which ajv sets by default.
  // Formats (uri, date-time) are not checked: ajv-draft-04 has none built in, and would log each one it skips.
  return new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(SARIF_SCHEMA);
}
