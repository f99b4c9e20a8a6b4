// Small statistics helpers for the bench: order statistics with linear interpolation
// (numpy's default), so p95 of 20 samples sits between the 19th and 20th value.

/**
 * @param {readonly number[]} values
 * @param {number} p percentile, 0..100
 * @returns {number}
 */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = /** @type {number} */ (sorted[low]);
  const b = /** @type {number} */ (sorted[high]);
  return a + (b - a) * (rank - low);
}

/** @param {readonly number[]} values */
export const median = (values) => percentile(values, 50);

/**
 * @typedef {object} Summary
 * @property {number} median
 * @property {number} p95
 * @property {number} min
 * @property {number} max
 * @property {number} n
 * @property {number[]} samples rounded to 0.1
 */

/** @param {readonly number[]} samples @returns {Summary} */
export function summarize(samples) {
  return {
    median: round(median(samples)),
    p95: round(percentile(samples, 95)),
    min: round(Math.min(...samples)),
    max: round(Math.max(...samples)),
    n: samples.length,
    samples: samples.map((s) => round(s)),
  };
}

/** @param {number} value @param {number} [digits] */
export function round(value, digits = 1) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** kit ÷ baseline, rounded to 3 digits; NaN when the baseline is 0 or missing. @param {number} kit @param {number} baseline */
export function ratio(kit, baseline) {
  return baseline > 0 && Number.isFinite(kit) ? round(kit / baseline, 3) : Number.NaN;
}
