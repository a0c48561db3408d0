/**
 * Renders the ratios of a results file as an SVG bar chart, for the README:
 *
 *   tsx bench/chart.ts [bench/results/<name>.json]
 *
 * writes bench/results/<name>.svg and bench/results/latest.svg (`bench/run.ts` does this after
 * a full run). Without an argument it charts the newest full run (else the newest of any kind). Bars start at the
 * baseline (1x) on a log scale, so "half the cost" and "twice the cost" look equally far. A bar
 * is the median of paired per-run ratios, the black tick on it the ratio of lower quartiles
 * (the two estimators, see stats.ts); dashed marks are the SDK's targets against the baseline.
 */
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultsDir, type Results } from './report';

const palette: Record<string, string> = {
  floor: '#8c8c8c',
  'floor + deadline': '#c4c4c4',
  openai: '#10a37f',
  'eventsource-parser': '#e3a008',
  'deepseek-fetch (src)': '#4d6bfe',
  'deepseek-fetch (dist)': '#1e3a8a',
  'deepseek-fetch class (src)': '#4d6bfe',
  'deepseek-fetch core (src)': '#7dd3fc',
  'deepseek-fetch class (dist)': '#1e3a8a',
  'deepseek-fetch core (dist)': '#0e7490',
};
const fallbackColors = ['#b45309', '#7c3aed', '#db2777'];

/** Ratio targets drawn on the chart (the absolute ones are in the table next to it). */
const ratioTargets: Record<string, number> = { 'stream-bulk': 1.15, 'stream-split': 1.25, 'json-seq': 1.1, 'json-c16': 1.1, 'cold-import': 0.2 };

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function renderChart(results: Results): string {
  const groups = results.sections
    .filter((section) => section.baseline !== undefined)
    .map((section) => ({ section, rows: section.rows.filter((row) => row.client !== section.baseline && row.ratio !== undefined) }))
    .filter((group) => group.rows.length > 0);
  const ratios = groups.flatMap((group) => group.rows.flatMap((row) => [row.ratio!, ...(row.q1Ratio ? [row.q1Ratio] : [])]));
  // Results written before the lower-quartile estimator have no ticks to explain.
  const hasQ1 = groups.some((group) => group.rows.some((row) => row.q1Ratio !== undefined));
  const lo = 10 ** Math.floor(Math.log10(Math.min(0.5, ...ratios) * 0.9));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(2, ...ratios) * 1.1));

  const width = 960;
  const left = 200;
  const right = 70;
  const rowHeight = 17;
  const groupHeader = 22;
  const groupGap = 10;
  const top = 78;
  const labelRoom = 44; // width of a "12.34x" label
  const plotWidth = width - left - right;
  const x = (ratio: number): number => left + ((Math.log10(ratio) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotWidth;
  const height = top + groups.reduce((sum, group) => sum + groupHeader + group.rows.length * rowHeight + groupGap, 0) + 30;

  // The run's clients plus reference rows some scenarios add (e.g. floor + deadline).
  const clients = [...new Set([...results.meta.clients, ...results.sections.flatMap((section) => section.rows.map((row) => row.client))])];
  const color = (client: string): string => palette[client] ?? fallbackColors[clients.indexOf(client) % fallbackColors.length]!;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  const { meta } = results;
  out.push(`<text x="16" y="24" font-size="16" font-weight="600">deepseek-fetch benchmark: cost relative to the baseline (log scale; &lt;1x cheaper, &gt;1x costlier)</text>`);
  out.push(`<text x="16" y="44" fill="#555">${escape(`Node ${meta.node} · ${meta.platform} · ${meta.cpu} · ${meta.date.slice(0, 10)}${meta.quick ? ' · QUICK RUN (smoke sizes)' : ''}${hasQ1 ? ' · bar: median of paired ratios, tick: ratio of lower quartiles' : ''}`)}</text>`);

  // Legend.
  let legendX = 16;
  for (const client of clients) {
    out.push(`<rect x="${legendX}" y="54" width="10" height="10" fill="${color(client)}"/><text x="${legendX + 14}" y="63">${escape(client)}</text>`);
    legendX += 24 + client.length * 6.6;
  }

  // Grid: decades and their 2x / 5x.
  const ticks: number[] = [];
  for (let decade = lo; decade < hi * 1.0001; decade *= 10) for (const step of [1, 2, 5]) if (decade * step <= hi * 1.0001) ticks.push(decade * step);
  const plotBottom = height - 30;
  for (const tick of ticks) {
    const tx = x(tick).toFixed(1);
    out.push(`<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${plotBottom}" stroke="${tick === 1 ? '#333' : '#e5e5e5'}" stroke-width="${tick === 1 ? 1.5 : 1}"/>`);
    out.push(`<text x="${tx}" y="${plotBottom + 16}" text-anchor="middle" fill="#555">${tick < 1 ? tick.toPrecision(1) : tick}x</text>`);
  }

  let y = top;
  for (const { section, rows } of groups) {
    out.push(`<text x="16" y="${y + 14}" font-weight="600">${escape(`${section.id}`)}<tspan font-weight="400" fill="#555">${escape(` · vs ${section.baseline} · ${section.title}`)}</tspan></text>`);
    y += groupHeader;
    for (const row of rows) {
      const ratio = row.ratio!;
      const x0 = x(1);
      const x1 = x(ratio);
      const barY = y + 2;
      out.push(`<text x="${left - 8}" y="${y + 12}" text-anchor="end">${escape(row.client)}</text>`);
      out.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${barY}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${rowHeight - 4}" fill="${color(row.client)}"/>`);
      // The label goes past the bar's end, or inside it (in white) when the margin has no room.
      const outward = ratio >= 1 ? 1 : -1;
      const inside = ratio >= 1 ? x1 + labelRoom > width : x1 - labelRoom < left;
      const labelX = x1 + (inside ? -outward : outward) * 4;
      const anchor = (outward > 0) !== inside ? 'start' : 'end';
      out.push(`<text x="${labelX.toFixed(1)}" y="${y + 12}" text-anchor="${anchor}"${inside ? ' fill="#fff"' : ''}>${ratio.toFixed(2)}x</text>`);
      if (row.q1Ratio !== undefined && Number.isFinite(row.q1Ratio)) {
        const qx = x(row.q1Ratio).toFixed(1);
        out.push(`<line x1="${qx}" y1="${barY - 1}" x2="${qx}" y2="${barY + rowHeight - 3}" stroke="#000" stroke-width="2"><title>ratio of lower quartiles ${row.q1Ratio.toFixed(2)}x</title></line>`);
      }
      const target = ratioTargets[section.id];
      if (target !== undefined && row.client.startsWith('deepseek-fetch')) {
        const tx = x(target).toFixed(1);
        out.push(`<line x1="${tx}" y1="${barY - 1}" x2="${tx}" y2="${barY + rowHeight - 3}" stroke="#d00" stroke-width="1.5" stroke-dasharray="3,2"><title>target ${target}x</title></line>`);
      }
      y += rowHeight;
    }
    y += groupGap;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The newest full run, else the newest run of any kind. */
function newestResults(): string {
  const dir = fileURLToPath(resultsDir);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ path: `${dir}${name}`, full: !/-(quick|partial)/.test(name), mtime: statSync(`${dir}${name}`).mtimeMs }))
    .sort((a, b) => Number(b.full) - Number(a.full) || b.mtime - a.mtime);
  if (files.length === 0) throw new Error(`no results in ${dir}: run the bench first (tsx bench/run.ts)`);
  return files[0]!.path;
}

const input = process.argv[2] ?? newestResults();
const results = JSON.parse(readFileSync(input, 'utf8')) as Results;
const output = new URL(`${basename(input, '.json')}.svg`, resultsDir);
writeFileSync(output, renderChart(results));
copyFileSync(output, new URL('latest.svg', resultsDir));
console.log(`chart: ${fileURLToPath(output)} (and latest.svg)`);
