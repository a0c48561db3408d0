/**
 * The results as the text table `bench/run.ts` prints: per scenario, each client's median
 * [min..max] and spread, both ratio estimators against the baseline, the secondary metric; the
 * deepseek-fetch rows against the scenario's further baselines (met / missed); then the targets
 * and what the run says about its own noise.
 */
import type { ClientRow, Comparison, Results, SectionResult } from './report';
import { noisySpread } from './stats';
import { comparisonLimit, type TargetResult } from './targets';

/** Compact figures: 3 significant digits, k/M for large counts. */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A figure in its unit: bytes exactly (a budget is compared to the byte), the rest compact. */
function formatValue(value: number, unit: string): string {
  return unit === 'B' ? value.toFixed(0) : formatNumber(value);
}

const formatRatio = (ratio: number | undefined): string => (ratio === undefined || Number.isNaN(ratio) ? '' : `${ratio.toFixed(2)}x`);
const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** IQR / median as a percentage, flagged `!` above the noise threshold; `—` where undefined. */
function formatSpread(spread: number): string {
  if (Number.isNaN(spread)) return '—';
  return `${percent(spread)}${spread > noisySpread ? '!' : ' '}`;
}

const figureWidth = 26;
const spreadWidth = 7;
const ratioWidth = 8;

function ratioCells(fields: { ratio?: number; q1Ratio?: number }): string {
  return `${formatRatio(fields.ratio).padStart(ratioWidth)}${formatRatio(fields.q1Ratio).padStart(ratioWidth)}`;
}

function rowLine(result: SectionResult, row: ClientRow, nameWidth: number): string {
  const { primary } = row;
  const format = (value: number): string => formatValue(value, result.primary.unit);
  const figure = `${format(primary.median)} [${format(primary.min)}..${format(primary.max)}]`;
  const delta = row.delta === undefined ? '' : `  ${row.delta >= 0 ? '+' : ''}${formatNumber(row.delta)} ${result.primary.unit}`;
  const secondary = row.secondary ? `   ${formatValue(row.secondary.median, result.secondary!.unit)}` : '';
  return `  ${row.client.padEnd(nameWidth)}${figure.padEnd(figureWidth)}${formatSpread(primary.spread).padStart(spreadWidth)}${ratioCells(row)}${delta}${secondary}`.trimEnd();
}

function comparisonLines(result: SectionResult, nameWidth: number): string[] {
  const lines: string[] = [];
  for (const against of [...new Set(result.comparisons.map((comparison) => comparison.against))]) {
    const limit = comparisonLimit(result.id, against);
    lines.push(`  deepseek-fetch vs ${against} in this run${limit === undefined ? '' : ` (target ≤ ${formatRatio(limit)} on both estimators)`}:`);
    for (const comparison of result.comparisons.filter((candidate: Comparison) => candidate.against === against)) {
      const met = limit === undefined ? '' : comparison.ratio! <= limit && comparison.q1Ratio! <= limit ? '   met' : '   MISSED';
      lines.push(`  ${comparison.client.padEnd(nameWidth)}${''.padEnd(figureWidth + spreadWidth)}${ratioCells(comparison)}${met}`);
    }
  }
  return lines;
}

function sectionLines(result: SectionResult, nameWidth: number): string[] {
  const { primary, secondary } = result;
  const against = result.baseline ? `ratios vs ${result.baseline}` : 'no ratio';
  const lines = [
    `${result.id}: ${result.title}`,
    `  ${primary.label} in ${primary.unit}, lower is better; ${against}${secondary ? `; ${secondary.label} in ${secondary.unit}` : ''}`,
    `  ${'client'.padEnd(nameWidth)}${'median [min..max]'.padEnd(figureWidth)}${'spread'.padStart(spreadWidth)}${(result.baseline ? 'paired' : '').padStart(ratioWidth)}${(result.baseline ? 'Q1' : '').padStart(ratioWidth)}${result.delta ? '  added (paired)' : ''}${secondary ? `   ${secondary.label}` : ''}`.trimEnd(),
  ];
  for (const row of result.rows) lines.push(rowLine(result, row, nameWidth));
  lines.push(...comparisonLines(result, nameWidth));
  for (const note of result.notes) lines.push(`  note: ${note}`);
  return lines;
}

function targetLine(target: TargetResult, nameWidth: number): string {
  const format = (value: number): string => (target.unit === 'x' ? formatRatio(value) : `${formatValue(value, target.unit)} ${target.unit}`);
  const limit = format(target.limit);
  const value = target.q1Value === undefined ? format(target.value) : `${formatRatio(target.value)} paired, ${formatRatio(target.q1Value)} Q1`;
  const bound = `${target.strict ? '<' : '≤'} ${limit}${target.q1Value === undefined ? '' : ' on both'}`;
  return `  ${target.pass ? 'ok  ' : 'MISS'}  ${target.client.padEnd(nameWidth)}${target.target}: ${value} (target ${bound})`;
}

function noiseLines(results: Results): string[] {
  const { meta, noise } = results;
  const lines = ['', 'Noise:'];
  const busy = Math.max(meta.loadAverage.start[0], meta.loadAverage.end[0]) > meta.cores / 2;
  lines.push(
    `  load average (1 min) ${meta.loadAverage.start[0].toFixed(2)} at start, ${meta.loadAverage.end[0].toFixed(2)} at end, on ${meta.cores} cores` +
      (busy ? `: above ${meta.cores / 2}, other work competed with the bench` : ''),
  );
  if (noise.noisyRows.length === 0) lines.push(`  every row's runs within ${percent(noise.threshold)} (IQR / median)`);
  else {
    lines.push(`  ${noise.noisyRows.length} row(s) with spread above ${percent(noise.threshold)} (marked !):`);
    for (const id of [...new Set(noise.noisyRows.map((row) => row.section))]) {
      lines.push(`    ${id}: ${noise.noisyRows.filter((row) => row.section === id).map((row) => `${row.client} ${percent(row.spread)}`).join(', ')}`);
    }
  }
  if (meta.quick) lines.push(`  --quick: ${meta.plan.runs} runs per client, so quartiles and spreads are rough; a smoke run checks output, not speed`);
  else if (busy || noise.noisyRows.length > 0) lines.push('  repeat the run before trusting a ratio near its target (bench/README.md, "Reading a run")');
  return lines;
}

export function formatTable(results: Results): string {
  const { meta } = results;
  const lines = [
    `deepseek-fetch benchmark${meta.quick ? ' (--quick)' : ''}: Node ${meta.node} (V8 ${meta.v8}), ${meta.platform}, ${meta.cpu}`,
    `load average ${meta.load.map((load) => load.toFixed(2)).join(' → ')} (start → end); deepseek-fetch rows: ${meta.sdk.join(', ') || 'none'}`,
    'figures: median [min..max] over runs; spread: interquartile range / median of the runs (! above ' + percent(results.noise.threshold) + ')',
    'ratios vs the baseline (>1x = costlier): paired = median of per-run ratios; Q1 = lower quartile / baseline\'s lower quartile',
  ];
  const names = [...meta.clients, ...results.sections.flatMap((result) => result.rows.map((row) => row.client))];
  const nameWidth = Math.max(...names.map((client) => client.length)) + 2;
  for (const result of results.sections) lines.push('', ...sectionLines(result, nameWidth));
  if (results.targets.length > 0) {
    lines.push('', 'Targets (deepseek-fetch; a ratio target holds when both estimators are within it):');
    for (const target of results.targets) lines.push(targetLine(target, nameWidth));
  }
  lines.push(...noiseLines(results));
  if (results.failures.length > 0) {
    lines.push('', 'FAILED verifications:');
    for (const failure of results.failures) lines.push(`  ${failure.client} in ${failure.scenario}: ${failure.message}`);
  }
  return lines.join('\n');
}
