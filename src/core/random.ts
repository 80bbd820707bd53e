/**
 * Seeded random numbers and sample quantiles for the simulations (forecast ranges)
 * and the suggestions (rotting days). A seed gives the same stream on every
 * platform, so a spreadsheet that recalculates a range shows the same P10/P50/P90
 * until its inputs change. The generator is mulberry32: 32-bit state, plain integer
 * arithmetic (Apps Script, Office and Node agree bit for bit), good enough for
 * Monte Carlo at these sizes; it is not for secrets.
 */

/** A stream of uniform numbers in [0, 1). */
export type RandomStream = () => number;

/** A seeded uniform generator; any finite seed works (it is folded to 32 bits). */
export function seededRandom(seed: number): RandomStream {
  let state = randomState(seed);
  return () => {
    state = nextRandomState(state);
    return randomDraw(state);
  };
}

/*
 * The generator in three steps, for a hot loop that keeps the state in a local
 * variable instead of calling a closure (about a fifth faster in forecastRange's
 * simulation): `state = nextRandomState(state); u = randomDraw(state)` gives, from
 * randomState(seed), the very stream seededRandom(seed) gives.
 */

/** The generator's first state for a seed. */
export function randomState(seed: number): number {
  return (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
}

/** The state after one draw. */
export function nextRandomState(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

/** The uniform number in [0, 1) that a state gives. */
export function randomDraw(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * The q-quantile (0..1) of values already sorted ascending, with linear interpolation
 * between neighbours: the same as PERCENTILE / PERCENTILE.INC in Sheets and Excel, so
 * a user can check a figure in the sheet. Null for no values.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const position = Math.min(Math.max(q, 0), 1) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** The q-quantile of unsorted values (see quantileSorted); the input is not changed. */
export function quantile(values: readonly number[], q: number): number | null {
  return quantileSorted(Float64Array.from(values).sort(), q);
}
