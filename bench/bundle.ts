/**
 * Browser bundle size of a minimal "stream one chat completion" entry per client
 * (`bench/bundle/*.ts`): esbuild, bundled, minified, `--platform=browser`, ESM, legal comments
 * dropped (they are not code), then gzip level 9 with zlib, the figure a CDN would serve.
 */
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { floorName, sdkDistName, sdkSourceName } from './clients';
import { addSample, type Samples } from './rounds';
import { benchFile } from './processes';
import { distEntry, sourceEntry } from './sdk';

export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
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

export async function bundleSize(entry: string, sdkPath?: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [benchFile(`bundle/${entry}.ts`)],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    legalComments: 'none',
    write: false,
    logLevel: 'error',
    plugins: sdkPath ? [sdkAt(sdkPath)] : [],
  });
  const code = result.outputFiles[0]!.contents;
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** The deepseek-fetch bundle: dist when built, else src (what `bundle-budget.ts` checks). */
export function sdkBundleSize(kind: 'dist' | 'src'): Promise<BundleSize> {
  return bundleSize('deepseek-fetch', kind === 'dist' ? distEntry()! : sourceEntry);
}

export async function measureBundles(clients: string[]): Promise<Samples> {
  const samples: Samples = {};
  for (const client of clients) {
    const size =
      client === sdkSourceName ? await sdkBundleSize('src')
      : client === sdkDistName ? await sdkBundleSize('dist')
      : await bundleSize(client === floorName ? 'floor' : client);
    addSample(samples, client, { ...size });
  }
  return samples;
}
