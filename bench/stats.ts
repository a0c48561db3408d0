/**
 * Summaries of repeated measurements. Clients run interleaved, so run i of a client and run i
 * of its baseline happened side by side: ratios and differences are taken per pair and then
 * summarized, which cancels slow drifts of the machine (thermal, other tenants) that would
 * otherwise leak into a ratio of two medians.
 */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** Median of per-run ratios `value[i] / baseline[i]` (>1 = costlier than the baseline). */
export function pairedRatio(values: readonly number[], baseline: readonly number[]): number {
  const count = Math.min(values.length, baseline.length);
  const ratios: number[] = [];
  for (let i = 0; i < count; i++) if (baseline[i]! > 0) ratios.push(values[i]! / baseline[i]!);
  return median(ratios);
}

/** Median of per-run differences `value[i] - baseline[i]`. */
export function pairedDelta(values: readonly number[], baseline: readonly number[]): number {
  const count = Math.min(values.length, baseline.length);
  return median(Array.from({ length: count }, (_, i) => values[i]! - baseline[i]!));
}
