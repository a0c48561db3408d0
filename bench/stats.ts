/**
 * Summaries of repeated measurements, and the two estimators of a client's cost relative to a
 * baseline that the report shows side by side:
 *
 * - **paired**: the median of per-run ratios `value[i] / baseline[i]`. Clients run interleaved,
 *   so run i of a client and run i of its baseline happened side by side; a ratio per pair
 *   cancels slow drifts of the machine (thermal, other tenants) that would otherwise leak into
 *   a ratio of two medians.
 * - **lower quartiles**: `Q1(values) / Q1(baseline)`. Interference on a shared machine only
 *   ever adds cost, so the cheaper runs of each client are the ones closest to the cost of its
 *   code; the lower quartile reads them without resting on the single luckiest run (the min).
 *
 * Quartiles interpolate linearly between order statistics (the default of R and numpy), so
 * they are defined for any number of runs; with the 3 runs of `--quick` they are rough.
 */

export interface Summary {
  median: number;
  /** Lower and upper quartiles. */
  q1: number;
  q3: number;
  min: number;
  max: number;
  n: number;
  /**
   * Interquartile range relative to the median, `(q3 - q1) / median`: how far apart a
   * client's runs were (0.1 = the middle half of the runs spans 10 % of the median). `NaN`
   * when the median is not positive (e.g. heap growth near zero), where a relative spread
   * means nothing.
   */
  spread: number;
}

/**
 * Relative spread above which a row is flagged as noisy: its middle half of runs spans more
 * than 15 % of its median, so a ratio against it can move by about that much from one run to
 * the next (see the bench README, "Reading a run").
 */
export const noisySpread = 0.15;

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The `p`-quantile (0 ≤ p ≤ 1) of already sorted values, interpolated linearly. */
function quantileOfSorted(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const position = (values.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return values[below]! + (values[above]! - values[below]!) * (position - below);
}

export function quantile(values: readonly number[], p: number): number {
  return quantileOfSorted(sorted(values), p);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function summarize(values: readonly number[]): Summary {
  const ordered = sorted(values);
  const median = quantileOfSorted(ordered, 0.5);
  const q1 = quantileOfSorted(ordered, 0.25);
  const q3 = quantileOfSorted(ordered, 0.75);
  return {
    median,
    q1,
    q3,
    min: ordered[0] ?? Number.NaN,
    max: ordered[ordered.length - 1] ?? Number.NaN,
    n: ordered.length,
    spread: median > 0 ? (q3 - q1) / median : Number.NaN,
  };
}

/** Per-run ratios `value[i] / baseline[i]` (>1 = costlier than the baseline), runs without a baseline value skipped. */
export function pairedRatios(values: readonly number[], baseline: readonly number[]): number[] {
  const count = Math.min(values.length, baseline.length);
  const ratios: number[] = [];
  for (let i = 0; i < count; i++) if (baseline[i]! > 0) ratios.push(values[i]! / baseline[i]!);
  return ratios;
}

/** Median of per-run ratios `value[i] / baseline[i]` (>1 = costlier than the baseline). */
export function pairedRatio(values: readonly number[], baseline: readonly number[]): number {
  return median(pairedRatios(values, baseline));
}

/** Ratio of lower quartiles `Q1(values) / Q1(baseline)` (>1 = costlier than the baseline). */
export function lowerQuartileRatio(values: readonly number[], baseline: readonly number[]): number {
  const base = quantile(baseline, 0.25);
  return base > 0 ? quantile(values, 0.25) / base : Number.NaN;
}

/** Median of per-run differences `value[i] - baseline[i]`. */
export function pairedDelta(values: readonly number[], baseline: readonly number[]): number {
  const count = Math.min(values.length, baseline.length);
  return median(Array.from({ length: count }, (_, i) => values[i]! - baseline[i]!));
}

/** Both estimators of a client's cost against a baseline, plus how much the per-run ratios moved. */
export interface RatioEstimate {
  /** Median of paired per-run ratios. */
  paired: number;
  /** Ratio of lower quartiles. */
  q1: number;
  /** Lower and upper quartiles of the per-run ratios: the middle half of what single runs said. */
  pairedIqr: [number, number];
}

export function estimateRatio(values: readonly number[], baseline: readonly number[]): RatioEstimate {
  const ratios = sorted(pairedRatios(values, baseline));
  return {
    paired: quantileOfSorted(ratios, 0.5),
    q1: lowerQuartileRatio(values, baseline),
    pairedIqr: [quantileOfSorted(ratios, 0.25), quantileOfSorted(ratios, 0.75)],
  };
}
