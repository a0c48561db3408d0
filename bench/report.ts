/**
 * Turns samples into the results document (`bench/results/<date>-node-<version>.json`): per
 * scenario and client the summary of the runs (median, quartiles, min..max, spread), both
 * ratio estimators against the baseline (and against the scenario's further baselines for the
 * deepseek-fetch rows), the targets' verdicts and the machine's load. The JSON keeps every raw
 * sample, so figures can be recomputed or charted later (`bench/chart.ts`); `table.ts` prints it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { sdkRow } from './clients';
import type { Plan } from './plan';
import type { Failure, Samples } from './rounds';
import type { Metric, Scenario } from './scenarios';
import { estimateRatio, noisySpread, pairedDelta, summarize, type Summary } from './stats';
import { evaluateTargets, type TargetResult } from './targets';

/** A client's cost against one baseline, on both estimators (see stats.ts). */
export interface RatioFields {
  /** Median of paired per-run ratios (>1 = costlier). */
  ratio?: number;
  /** Ratio of lower quartiles, Q1(client) / Q1(baseline). */
  q1Ratio?: number;
  /** Lower and upper quartiles of the per-run ratios. */
  ratioIqr?: [number, number];
}

export interface ClientRow extends RatioFields {
  client: string;
  /** Median, quartiles, min..max and spread (IQR / median) of the primary metric over the runs. */
  primary: Summary;
  secondary?: Summary;
  /** Median of paired differences against the baseline, in the primary unit. */
  delta?: number;
  samples: Record<string, number[]>;
}

/** A deepseek-fetch row against a further baseline of the same run (e.g. eventsource-parser). */
export interface Comparison extends RatioFields {
  client: string;
  against: string;
}

export interface SectionResult {
  id: string;
  title: string;
  primary: Metric;
  secondary?: Metric;
  baseline?: string;
  delta: boolean;
  rows: ClientRow[];
  comparisons: Comparison[];
  notes: string[];
  /** How long the scenario took, all clients and runs (the orchestrator adds it). */
  seconds?: number;
}

/** 1, 5 and 15-minute load averages (`os.loadavg()`). */
export type LoadAverage = [number, number, number];

export interface Results {
  meta: {
    date: string;
    node: string;
    v8: string;
    platform: string;
    cpu: string;
    cores: number;
    /** 1-minute load average when the bench started and ended: other work on the machine skews results. */
    load: [number, number];
    /** All three load averages at the start and at the end. */
    loadAverage: { start: LoadAverage; end: LoadAverage };
    quick: boolean;
    plan: Plan;
    clients: string[];
    /** Which deepseek-fetch rows ran (class / core, src through tsx, dist as built). */
    sdk: string[];
  };
  sections: SectionResult[];
  targets: TargetResult[];
  /** Rows whose runs spread more than `noisySpread` (IQR / median): figures to repeat before trusting. */
  noise: { threshold: number; noisyRows: { section: string; client: string; spread: number }[] };
  failures: Failure[];
}

function ratioFields(values: number[], baseline: number[] | undefined): RatioFields {
  if (!baseline?.length) return {};
  const estimate = estimateRatio(values, baseline);
  return { ratio: estimate.paired, q1Ratio: estimate.q1, ratioIqr: estimate.pairedIqr };
}

export function section(scenario: Scenario, plan: Plan, samples: Samples, clientOrder: string[], notes: string[] = []): SectionResult {
  const { primary, secondary, baseline } = scenario;
  const base = baseline ? samples[baseline]?.[primary.key] : undefined;
  const rows: ClientRow[] = [];
  const comparisons: Comparison[] = [];
  for (const client of clientOrder) {
    const values = samples[client];
    const primaryValues = values?.[primary.key];
    if (!values || !primaryValues?.length) continue;
    const secondaryValues = secondary ? values[secondary.key] : undefined;
    rows.push({
      client,
      primary: summarize(primaryValues),
      ...(secondaryValues?.length ? { secondary: summarize(secondaryValues) } : {}),
      ...ratioFields(primaryValues, base),
      ...(base?.length && scenario.delta ? { delta: pairedDelta(primaryValues, base) } : {}),
      samples: values,
    });
    if (!sdkRow(client)) continue;
    for (const against of scenario.compareWith ?? []) {
      const other = samples[against]?.[primary.key];
      if (other?.length) comparisons.push({ client, against, ...ratioFields(primaryValues, other) });
    }
  }
  return {
    id: scenario.id,
    title: scenario.title(plan),
    primary,
    ...(secondary ? { secondary } : {}),
    ...(baseline ? { baseline } : {}),
    delta: scenario.delta ?? false,
    rows,
    comparisons,
    notes,
  };
}

/**
 * Rows with a spread above the threshold, in the sections with ratios (an absolute figure near
 * zero, such as retained heap, has no meaningful relative spread).
 */
function noisyRows(sections: SectionResult[]): Results['noise']['noisyRows'] {
  return sections.filter((result) => result.baseline !== undefined).flatMap((result) =>
    result.rows.filter((row) => row.primary.spread > noisySpread).map((row) => ({ section: result.id, client: row.client, spread: row.primary.spread })),
  );
}

export function buildResults(plan: Plan, clients: string[], sections: SectionResult[], failures: Failure[], loadAtStart: LoadAverage): Results {
  const loadAtEnd = loadavg() as LoadAverage;
  return {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      v8: process.versions.v8,
      platform: `${process.platform} ${process.arch}`,
      cpu: `${cpus()[0]?.model.trim() ?? 'unknown'} × ${cpus().length}`,
      cores: cpus().length,
      load: [loadAtStart[0], loadAtEnd[0]],
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      quick: plan.quick,
      plan,
      clients,
      sdk: clients.filter((client) => sdkRow(client) !== undefined),
    },
    sections,
    targets: evaluateTargets(sections),
    noise: { threshold: noisySpread, noisyRows: noisyRows(sections) },
    failures,
  };
}

export const resultsDir = new URL('./results/', import.meta.url);

/**
 * Writes the results JSON; returns its path. Quick and partial (`--only`, `--clients`) runs get
 * their own names, so they never replace a full run.
 */
export function writeResults(results: Results, partial: boolean): string {
  mkdirSync(resultsDir, { recursive: true });
  const day = results.meta.date.slice(0, 10);
  const name = `${day}-node-${results.meta.node}${results.meta.quick ? '-quick' : ''}${partial ? '-partial' : ''}.json`;
  const url = new URL(name, resultsDir);
  writeFileSync(url, `${JSON.stringify(results, null, 2)}\n`);
  return url.pathname;
}
