/**
 * Turns samples into the results document (`bench/results/<date>-node-<version>.json`), the
 * table printed to stdout, and the verdict on the SDK's targets. The JSON keeps every raw
 * sample, so figures can be recomputed or charted later (`bench/chart.ts`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { sdkDistName, sdkSourceName } from './clients';
import type { Plan } from './plan';
import type { Failure, Samples } from './rounds';
import type { Metric, Scenario } from './scenarios';
import { pairedDelta, pairedRatio, summarize, type Summary } from './stats';

export interface ClientRow {
  client: string;
  primary: Summary;
  secondary?: Summary;
  /** Median of paired ratios against the scenario's baseline (>1 = costlier). */
  ratio?: number;
  /** Median of paired differences against the baseline, in the primary unit. */
  delta?: number;
  samples: Record<string, number[]>;
}

export interface SectionResult {
  id: string;
  title: string;
  primary: Metric;
  secondary?: Metric;
  baseline?: string;
  delta: boolean;
  rows: ClientRow[];
  notes: string[];
}

export interface TargetResult {
  client: string;
  target: string;
  value: number;
  limit: number;
  unit: string;
  pass: boolean;
}

export interface Results {
  meta: {
    date: string;
    node: string;
    v8: string;
    platform: string;
    cpu: string;
    /** 1-minute load average when the bench started and ended: other work on the machine skews results. */
    load: [number, number];
    quick: boolean;
    plan: Plan;
    clients: string[];
    /** Which deepseek-fetch builds ran (src through tsx, dist as built). */
    sdk: string[];
  };
  sections: SectionResult[];
  targets: TargetResult[];
  failures: Failure[];
}

export function section(scenario: Scenario, plan: Plan, samples: Samples, clientOrder: string[], notes: string[] = []): SectionResult {
  const { primary, secondary, baseline } = scenario;
  const base = baseline ? samples[baseline]?.[primary.key] : undefined;
  const rows: ClientRow[] = [];
  for (const client of clientOrder) {
    const values = samples[client];
    const primaryValues = values?.[primary.key];
    if (!values || !primaryValues?.length) continue;
    const secondaryValues = secondary ? values[secondary.key] : undefined;
    rows.push({
      client,
      primary: summarize(primaryValues),
      ...(secondaryValues?.length ? { secondary: summarize(secondaryValues) } : {}),
      ...(base?.length ? { ratio: pairedRatio(primaryValues, base) } : {}),
      ...(base?.length && scenario.delta ? { delta: pairedDelta(primaryValues, base) } : {}),
      samples: values,
    });
  }
  return {
    id: scenario.id,
    title: scenario.title(plan),
    primary,
    ...(secondary ? { secondary } : {}),
    ...(baseline ? { baseline } : {}),
    delta: scenario.delta ?? false,
    rows,
    notes,
  };
}

/** The issue's targets for the SDK, checked for every deepseek-fetch build that ran. */
const targets: { section: string; target: string; measure: 'ratio' | 'delta' | 'value'; limit: number; unit: string; strict?: boolean }[] = [
  { section: 'stream-bulk', target: 'streaming cost vs floor, bulk writes', measure: 'ratio', limit: 1.15, unit: 'x' },
  { section: 'stream-split', target: 'streaming cost vs floor, random splits', measure: 'ratio', limit: 1.25, unit: 'x' },
  { section: 'json-seq', target: 'JSON request cost vs floor, sequential', measure: 'ratio', limit: 1.1, unit: 'x' },
  { section: 'json-c16', target: 'JSON request cost vs floor, 16 concurrent', measure: 'ratio', limit: 1.1, unit: 'x' },
  { section: 'first-token', target: 'added first-token latency vs floor', measure: 'delta', limit: 50, unit: 'µs' },
  { section: 'memory-heap', target: 'heap retained per chunk', measure: 'value', limit: 32, unit: 'B/chunk', strict: true },
  { section: 'cold-import', target: "cold import vs openai's", measure: 'ratio', limit: 0.2, unit: 'x' },
  { section: 'bundle', target: 'browser bundle, gzip', measure: 'value', limit: 6144, unit: 'B' },
];

export function evaluateTargets(sections: SectionResult[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const client of [sdkSourceName, sdkDistName]) {
    for (const { section: id, target, measure, limit, unit, strict } of targets) {
      const row = sections.find((candidate) => candidate.id === id)?.rows.find((candidate) => candidate.client === client);
      const value = measure === 'value' ? row?.primary.median : row?.[measure];
      if (value === undefined || Number.isNaN(value)) continue;
      results.push({ client, target, value, limit, unit, pass: strict ? value < limit : value <= limit });
    }
  }
  return results;
}

export function buildResults(plan: Plan, clients: string[], sections: SectionResult[], failures: Failure[], loadAtStart: number): Results {
  return {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      v8: process.versions.v8,
      platform: `${process.platform} ${process.arch}`,
      cpu: `${cpus()[0]?.model.trim() ?? 'unknown'} × ${cpus().length}`,
      load: [loadAtStart, loadavg()[0]!],
      quick: plan.quick,
      plan,
      clients,
      sdk: clients.filter((client) => client === sdkSourceName || client === sdkDistName),
    },
    sections,
    targets: evaluateTargets(sections),
    failures,
  };
}

/** Compact figures: 3 significant digits, k/M for large counts. */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}x`;

export function formatTable(results: Results): string {
  const lines: string[] = [];
  const { meta } = results;
  lines.push(`deepseek-fetch benchmark${meta.quick ? ' (--quick)' : ''}: Node ${meta.node} (V8 ${meta.v8}), ${meta.platform}, ${meta.cpu}`);
  lines.push(`load average ${meta.load.map((load) => load.toFixed(2)).join(' → ')} (start → end); deepseek-fetch builds: ${meta.sdk.join(', ') || 'none'}`);
  lines.push('figures: median [min..max] over runs; ratio: median of paired per-run ratios against the baseline (>1x = costlier)');
  const nameWidth = Math.max(...meta.clients.map((client) => client.length)) + 2;
  for (const result of results.sections) {
    lines.push('');
    const against = result.baseline ? `ratio vs ${result.baseline}` : 'no ratio';
    lines.push(`${result.id}: ${result.title}`);
    lines.push(`  ${result.primary.label} in ${result.primary.unit} (lower is better); ${against}${result.secondary ? `; ${result.secondary.label} in ${result.secondary.unit}` : ''}`);
    for (const row of result.rows) {
      const figure = `${formatNumber(row.primary.median)} [${formatNumber(row.primary.min)}..${formatNumber(row.primary.max)}]`;
      const ratio = row.ratio === undefined ? '' : formatRatio(row.ratio);
      const delta = row.delta === undefined ? '' : `${row.delta >= 0 ? '+' : ''}${formatNumber(row.delta)} ${result.primary.unit}`;
      const secondary = row.secondary ? `${formatNumber(row.secondary.median)} ${result.secondary!.unit}` : '';
      lines.push(`  ${row.client.padEnd(nameWidth)}${figure.padEnd(28)}${ratio.padStart(8)}  ${delta.padEnd(delta ? 14 : 0)}${secondary}`.trimEnd());
    }
    for (const note of result.notes) lines.push(`  note: ${note}`);
  }
  if (results.targets.length > 0) {
    lines.push('', 'Targets (deepseek-fetch):');
    for (const target of results.targets) {
      const value = target.unit === 'x' ? formatRatio(target.value) : `${formatNumber(target.value)} ${target.unit}`;
      const limit = target.unit === 'x' ? formatRatio(target.limit) : `${formatNumber(target.limit)} ${target.unit}`;
      lines.push(`  ${target.pass ? 'ok  ' : 'MISS'}  ${target.client.padEnd(nameWidth)}${target.target}: ${value} (target ${target.unit === 'B/chunk' ? '<' : '≤'} ${limit})`);
    }
  }
  if (results.failures.length > 0) {
    lines.push('', 'FAILED verifications:');
    for (const failure of results.failures) lines.push(`  ${failure.client} in ${failure.scenario}: ${failure.message}`);
  }
  return lines.join('\n');
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
