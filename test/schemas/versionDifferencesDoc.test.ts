/**
 * docs/schemas.md lists the version differences the oracle tests committed;
 * this keeps the list in step with them. UPDATE_VERSION_DIFFERENCES=1 (the
 * same switch that rewrites the committed lists) rewrites the section.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, DOC_FILE, END, versionDifferencesSection } from './versionDifferencesDoc.ts';

describe('docs/schemas.md', () => {
  it('lists exactly the committed version differences', () => {
    if (process.env['UPDATE_VERSION_DIFFERENCES'] === '1') rewrite();
    const doc = readFileSync(DOC_FILE, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `${DOC_FILE} needs the marker ${BEGIN}`).toBeGreaterThanOrEqual(0);
    expect(end, `${DOC_FILE} needs the marker ${END}`).toBeGreaterThan(start);
    expect(doc.slice(start, end + END.length)).toBe(versionDifferencesSection());
  });
});

function rewrite(): void {
  const doc = readFileSync(DOC_FILE, 'utf8');
  writeFileSync(DOC_FILE, `${doc.slice(0, doc.indexOf(BEGIN))}${versionDifferencesSection()}${doc.slice(doc.indexOf(END) + END.length)}`);
}
