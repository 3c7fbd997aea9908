/**
 * How many cases each property tries, and from which seed.
 *
 * CI runs a fixed seed and the bounded counts written in each test, so a run is
 * reproducible and the whole folder stays under a minute. Locally, explore further:
 *
 *   SCAFFOLD_PROPERTY_RUNS=5000 npx vitest run test/properties
 *   SCAFFOLD_PROPERTY_SEED=123 npx vitest run test/properties
 *
 * SCAFFOLD_PROPERTY_RUNS multiplies every count by (runs / 200), so a property that
 * tries 200 cases in CI tries that many, and one that spawns processes (bounded lower
 * because each costs ~0.3 s) grows in proportion. A failure prints fast-check's seed
 * and path, which replay it exactly.
 */
const DEFAULT_SCALE_BASE = 200;

const requestedRuns = Number(process.env.SCAFFOLD_PROPERTY_RUNS ?? '');
const scale = Number.isFinite(requestedRuns) && requestedRuns > 0 ? requestedRuns / DEFAULT_SCALE_BASE : 1;

export const SEED = Number(process.env.SCAFFOLD_PROPERTY_SEED ?? '') || 20261126;

/** fast-check options for a property that tries `ciRuns` cases in CI. */
export function runs(ciRuns: number): { numRuns: number; seed: number } {
  return { numRuns: Math.max(1, Math.round(ciRuns * scale)), seed: SEED };
}

/** A test's time limit, grown with the number of runs requested. */
export function timeLimit(ciMs: number): number {
  return Math.round(ciMs * Math.max(1, scale));
}
