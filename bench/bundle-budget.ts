/**
 * CI gate on deepseek-fetch's browser bundles (`npm run bench:budget`): every entry in
 * `bench/bundle/deepseek-fetch/` is bundled (esbuild, minified, browser, ESM, gzip -9) and
 * must stay under its ceiling in `bench/bundle/ceilings.ts`, and must not contain the modules
 * its line there excludes (the chat entries: the newer surfaces). Exits 1 on any failure:
 *
 * - a bundle over its ceiling (sizes from `dist/` when built, as users get it, else `src/`);
 * - an excluded module in the bundle of `src/` (by module path, from esbuild's metafile) or of
 *   `dist/` (by source map: tsdown merges modules into shared files, see bundle-contents.ts);
 * - an entry file without a ceiling, a ceiling without an entry file, or a dist build without
 *   source maps (the dist check could not run).
 *
 *   tsx bench/bundle-budget.ts [--surfaces=src/files,src/responses]
 *
 * `--surfaces` replaces the excluded prefixes of every entry that has some, e.g.
 * `--surfaces=src/sse` to watch the check catch a module that is there.
 */
import { parseArgs } from 'node:util';
import { sdkBundle, sdkEntryFiles, type Bundle } from './bundle';
import { bundleEntries, type BundleEntry } from './bundle/ceilings';
import { inputsWithoutMaps, modulesUnder, type Contents } from './bundle-contents';
import { distEntry, repoRoot } from './sdk';

const { values: options } = parseArgs({ options: { surfaces: { type: 'string' } } });
const surfacesOverride = options.surfaces?.split(',').filter(Boolean);

const problems: string[] = [];
const files = sdkEntryFiles();
for (const name of files) if (!bundleEntries[name]) problems.push(`bench/bundle/deepseek-fetch/${name}.ts has no ceiling: add a line for ${JSON.stringify(name)} to bench/bundle/ceilings.ts`);
for (const name of Object.keys(bundleEntries)) if (!files.includes(name)) problems.push(`bench/bundle/ceilings.ts has a ceiling for ${JSON.stringify(name)} but there is no bench/bundle/deepseek-fetch/${name}.ts`);
const entries = Object.entries(bundleEntries).filter(([name]) => files.includes(name));

const dist = distEntry() !== undefined;
const sizedBuild = dist ? 'dist' : 'src';
const kilobytes = (bytes: number): string => `${(bytes / 1000).toFixed(2)} KB`;
const lines: string[] = [];
const table: string[][] = [['entry', 'gzip', 'ceiling', 'minified', 'result', 'what']];

interface Measured {
  name: string;
  entry: BundleEntry;
  src: Bundle;
  dist?: Bundle;
}
const measured: Measured[] = [];
for (const [name, entry] of entries) {
  const src = await sdkBundle(name, 'src');
  measured.push({ name, entry, src, ...(dist ? { dist: await sdkBundle(name, 'dist') } : {}) });
}

for (const { name, entry, src, dist: built } of measured) {
  const sized = built ?? src;
  const within = sized.gzipBytes <= entry.gzipCeiling;
  if (!within) problems.push(`${name}: ${sized.gzipBytes} B gzip is over its ceiling of ${entry.gzipCeiling} B`);
  table.push([name, `${sized.gzipBytes} B`, `${entry.gzipCeiling} B`, `${sized.minifiedBytes} B`, within ? 'ok' : 'OVER', entry.what]);
}
const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
lines.push(`deepseek-fetch bundles from ${sizedBuild}/ (esbuild --bundle --minify --platform=browser --format=esm, gzip -9); ceilings in bench/bundle/ceilings.ts`);
for (const row of table) lines.push(`  ${row.map((cell, column) => (column === row.length - 1 ? cell : column >= 1 && column <= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('   ')}`.trimEnd());

/** Entry names padded to one width in the tree-shaking lines. */
const nameWidth = Math.max(...entries.map(([name]) => name.length)) + 2;

/** One line of the tree-shaking check: which excluded modules a bundle holds, if any. */
function shakeLine(name: string, how: string, contents: Contents, excluded: readonly string[], unit: string): void {
  const found = modulesUnder(contents, excluded);
  const srcModules = [...contents.keys()].filter((path) => path.startsWith('src/')).length;
  if (found.length === 0) {
    lines.push(`  ok    ${name.padEnd(nameWidth)}${how}: none among its ${srcModules} src modules`);
    return;
  }
  const detail = found.map((path) => `${path} (${contents.get(path)} ${unit})`).join(', ');
  lines.push(`  LEAK  ${name.padEnd(nameWidth)}${how}: ${detail}`);
  problems.push(`${name} (${how}) contains ${found.join(', ')}`);
}

const checked = measured.filter(({ entry }) => entry.mustExclude !== undefined);
if (checked.length > 0) {
  lines.push('', 'tree-shaking: modules each entry must not contain (src bundled: by module path; dist bundled: by its source maps)');
  for (const { name, entry, src, dist: built } of checked) {
    const excluded = surfacesOverride ?? entry.mustExclude!;
    lines.push(`  ${name}: must exclude ${excluded.join(', ')}`);
    shakeLine(name, 'src, by module', src.inputs, excluded, 'B');
    if (!built) {
      lines.push(`  --    ${name.padEnd(nameWidth)}dist, by source map: skipped, dist/ is not built (npm run build)`);
      continue;
    }
    const unmapped = inputsWithoutMaps(built.inputs, 'dist/', repoRoot);
    if (unmapped.length > 0) {
      lines.push(`  ??    ${name.padEnd(nameWidth)}dist, by source map: cannot tell, no source map for ${unmapped.join(', ')}`);
      problems.push(`${name}: dist/ has no source maps (${unmapped.join(', ')}), so what its bundle contains is unknown; build with sourcemap: true`);
      continue;
    }
    const chunks = [...built.inputs.keys()].filter((path) => path.startsWith('dist/')).join(', ');
    shakeLine(name, `dist, by source map of ${chunks}`, built.sources, excluded, 'segments');
  }
}

console.log(lines.join('\n'));
if (problems.length > 0) {
  console.log(`\n✘ bench:budget failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`\n✔ ${measured.length} entries within their ceilings${checked.length > 0 ? ', excluded modules absent from src and dist bundles' : ''} (${measured.map(({ name, src, dist: built }) => `${name} ${kilobytes((built ?? src).gzipBytes)}`).join(', ')})`);
}
