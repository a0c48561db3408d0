/**
 * Browser bundle size of a minimal "stream one chat completion" entry per client
 * (`bench/bundle/<client>.ts`): esbuild, bundled, minified, `--platform=browser`, ESM, legal
 * comments dropped (they are not code), then gzip level 9 with zlib, the figure a CDN would serve.
 *
 * deepseek-fetch's entries are the files in `bench/bundle/deepseek-fetch/`, each with its
 * ceiling in `bench/bundle/ceilings.ts`: the table's class rows bundle `class.ts` (`new
 * DeepSeek()`), its core rows `core.ts` (`DeepSeekCore` + `createChatCompletion`); the budget
 * (`bundle-budget.ts`) checks every entry, and what each bundle contains (`bundle-contents.ts`).
 */
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { bundleEntries } from './bundle/ceilings';
import { bundledInputs, mappedSources, type Contents, type SourceMap } from './bundle-contents';
import { floorName, sdkRow, type SdkBuild } from './clients';
import { benchFile } from './processes';
import { addSample, type Samples } from './rounds';
import { distEntry, repoRoot, sourceEntry } from './sdk';

export interface Bundle {
  minifiedBytes: number;
  gzipBytes: number;
  /** Input modules (repo-relative) that put bytes into the bundle: src modules, or dist files. */
  inputs: Contents;
  /** Original modules the bundle's code maps back to through the inputs' source maps (see bundle-contents.ts). */
  sources: Contents;
}

/** Resolves the `deepseek-fetch` import of the entry to the build under test. */
function sdkAt(path: string): Plugin {
  return {
    name: 'deepseek-fetch-entry',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^deepseek-fetch$/ }, () => ({ path }));
    },
  };
}

/** Where esbuild would write (nothing is written): the source map's paths are relative to it. */
const outdir = `${repoRoot}bench/.work/bundle`;

/** Bundles `bench/bundle/<entry>.ts`, with `deepseek-fetch` resolved to `sdkPath` when given. */
export async function bundle(entry: string, sdkPath?: string): Promise<Bundle> {
  const result = await build({
    entryPoints: [benchFile(`bundle/${entry}.ts`)],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    legalComments: 'none',
    // 'external': the map is a separate output and the code gets no sourceMappingURL comment,
    // so the measured bytes are the same as without a map.
    sourcemap: 'external',
    metafile: true,
    absWorkingDir: repoRoot,
    outdir,
    write: false,
    logLevel: 'error',
    plugins: sdkPath ? [sdkAt(sdkPath)] : [],
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'))!.contents;
  const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.js.map'))!.text) as SourceMap;
  return {
    minifiedBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    inputs: bundledInputs(result.metafile),
    sources: mappedSources(map, outdir, repoRoot),
  };
}

const sdkEntryDir = 'deepseek-fetch';

/** The entry files in `bench/bundle/deepseek-fetch/`, by name (`core`, `class`, …). */
export function sdkEntryFiles(): string[] {
  return readdirSync(benchFile(`bundle/${sdkEntryDir}`))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.slice(0, -3))
    .sort();
}

/** A deepseek-fetch entry bundled from `src/` or `dist/` (which must be built). */
export function sdkBundle(entry: string, build: SdkBuild): Promise<Bundle> {
  const sdkPath = build === 'dist' ? distEntry() : sourceEntry;
  if (!sdkPath) throw new Error('dist/ is not built: run npm run build');
  return bundle(`${sdkEntryDir}/${entry}`, sdkPath);
}

export async function measureBundles(clients: string[]): Promise<{ samples: Samples; notes: string[] }> {
  const samples: Samples = {};
  for (const client of clients) {
    const sdk = sdkRow(client);
    const { minifiedBytes, gzipBytes } = sdk ? await sdkBundle(sdk.api, sdk.build) : await bundle(client === floorName ? 'floor' : client);
    addSample(samples, client, { gzipBytes, minifiedBytes });
  }
  const others = Object.keys(bundleEntries).filter((entry) => entry !== 'class' && entry !== 'core');
  const notes = [
    `deepseek-fetch class rows: bench/bundle/${sdkEntryDir}/class.ts (new DeepSeek()); core rows: core.ts (DeepSeekCore + createChatCompletion)`,
    ...(others.length > 0 ? [`deepseek-fetch's other entries (${others.join(', ')}): npm run bench:budget`] : []),
  ];
  return { samples, notes };
}
