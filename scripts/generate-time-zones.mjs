// Writes data/time-zones.json: every IANA time zone name, zones and backward links alike, as
// Go's time.LoadLocation finds them (and so the API server, for a CronJob's spec.timeZone),
// from the npm package tzdata (a devDependency; nothing reads it at run time). Node's Intl is
// no substitute: it lists CLDR's canonical names only and accepts any letter case.
// `npm run time-zones` regenerates the file; a test checks it is what this script writes.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The file's text, from the installed tzdata package. */
export function timeZonesJson() {
  const { version } = require('tzdata/package.json');
  const data = require('tzdata');
  const zones = Object.keys(data.zones).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify({ source: `npm tzdata ${version} (IANA ${data.version})`, zones }, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../data/time-zones.json', import.meta.url));
  writeFileSync(out, timeZonesJson());
  console.log(`wrote ${out}`);
}
