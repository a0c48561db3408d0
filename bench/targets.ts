/**
 * The SDK's targets, checked for every deepseek-fetch row that ran. A ratio target holds only
 * when both estimators are within it (the median of paired per-run ratios and the ratio of
 * lower quartiles, see stats.ts): one estimator alone can pass on a lucky run, and two that
 * disagree are the sign of a noisy run, to be repeated rather than believed.
 */
import { bundleEntries } from './bundle/ceilings';
import { sdkRows, type SdkRow } from './clients';
import type { SectionResult } from './report';

export interface TargetResult {
  client: string;
  section: string;
  target: string;
  /** The ratio's baseline, for ratio targets. */
  against?: string;
  /** Paired-median ratio, added latency (delta) or absolute value. */
  value: number;
  /** Ratio targets: the ratio of lower quartiles, which must hold too. */
  q1Value?: number;
  limit: number;
  unit: string;
  /** `<` rather than `≤`. */
  strict: boolean;
  pass: boolean;
}

interface TargetSpec {
  section: string;
  target: string;
  measure: 'ratio' | 'delta' | 'value';
  /** Ratio targets: the client the ratio is taken against (default: the section's baseline). */
  against?: string;
  /** The limit, or how to find it for a row (e.g. its bundle entry's ceiling); `undefined` skips the row. */
  limit: number | ((row: SdkRow) => number | undefined);
  unit: string;
  strict?: boolean;
}

const specs: TargetSpec[] = [
  // Issue #14: per-chunk cost of `for await` on the class and the core within 1.10x of
  // fetch + eventsource-parser measured in the same run.
  { section: 'stream-bulk', target: 'streaming vs eventsource-parser, bulk writes', measure: 'ratio', against: 'eventsource-parser', limit: 1.1, unit: 'x' },
  { section: 'stream-split', target: 'streaming vs eventsource-parser, random splits', measure: 'ratio', against: 'eventsource-parser', limit: 1.1, unit: 'x' },
  // Issue #14: the Responses event stream must be near the parser floor too.
  { section: 'responses-stream', target: 'Responses stream vs eventsource-parser, bulk writes', measure: 'ratio', against: 'eventsource-parser', limit: 1.1, unit: 'x' },
  { section: 'stream-bulk', target: 'streaming vs floor, bulk writes', measure: 'ratio', limit: 1.15, unit: 'x' },
  { section: 'stream-split', target: 'streaming vs floor, random splits', measure: 'ratio', limit: 1.25, unit: 'x' },
  { section: 'json-seq', target: 'JSON request vs floor, sequential', measure: 'ratio', limit: 1.1, unit: 'x' },
  { section: 'json-c16', target: 'JSON request vs floor, 16 concurrent', measure: 'ratio', limit: 1.1, unit: 'x' },
  { section: 'first-token', target: 'added first-token latency vs floor', measure: 'delta', limit: 50, unit: 'µs' },
  { section: 'memory-heap', target: 'heap retained per chunk', measure: 'value', limit: 32, unit: 'B/chunk', strict: true },
  { section: 'cold-import', target: "cold import vs openai's", measure: 'ratio', limit: 0.2, unit: 'x' },
  // Issue #14 replaced issue #5's 6 KB target with ceilings, one per entry (bench/bundle/ceilings.ts).
  { section: 'bundle', target: 'browser bundle, gzip, within its ceiling', measure: 'value', limit: (row) => bundleEntries[row.api]?.gzipCeiling, unit: 'B' },
];

/** The ratio targets of a section against another client than its baseline (e.g. eventsource-parser), for the table. */
export function comparisonLimit(section: string, against: string): number | undefined {
  const limit = specs.find((spec) => spec.section === section && spec.measure === 'ratio' && spec.against === against)?.limit;
  return typeof limit === 'number' ? limit : undefined;
}

export function evaluateTargets(sections: SectionResult[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const sdk of sdkRows) {
    for (const spec of specs) {
      const section = sections.find((candidate) => candidate.id === spec.section);
      const row = section?.rows.find((candidate) => candidate.client === sdk.name);
      const limit = typeof spec.limit === 'number' ? spec.limit : spec.limit(sdk);
      if (!section || !row || limit === undefined) continue;
      const strict = spec.strict ?? false;
      const within = (value: number): boolean => (strict ? value < limit : value <= limit);
      const base = { client: sdk.name, section: spec.section, target: spec.target, limit, unit: spec.unit, strict };
      if (spec.measure === 'ratio') {
        const against = spec.against ?? section.baseline;
        const estimate = against === section.baseline ? row : section.comparisons.find((c) => c.client === sdk.name && c.against === against);
        if (!against || estimate?.ratio === undefined || estimate.q1Ratio === undefined || Number.isNaN(estimate.ratio)) continue;
        results.push({ ...base, against, value: estimate.ratio, q1Value: estimate.q1Ratio, pass: within(estimate.ratio) && within(estimate.q1Ratio) });
      } else {
        const value = spec.measure === 'delta' ? row.delta : row.primary.median;
        if (value === undefined || Number.isNaN(value)) continue;
        results.push({ ...base, value, pass: within(value) });
      }
    }
  }
  return results;
}
