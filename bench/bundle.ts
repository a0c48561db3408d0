/**
 * Browser bundle size of a minimal "stream one chat completion" entry per client
 * (`bench/bundle/*.ts`): esbuild, bundled, minified, `--platform=browser`, ESM, legal comments
 * dropped (they are not code), then gzip level 9 with zlib, the figure a CDN would serve.
 *
 * deepseek-fetch has two entries: the functional core (`DeepSeekCore` + `createChatCompletion`,
 * what a size-conscious caller writes, and the figure in the table) and the `DeepSeek` class
 * (every resource, accumulation and `tee()` come along), reported in a note.
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

/** The two ways to stream a chat completion with deepseek-fetch, as bundle entries. */
export const sdkEntries = {
  core: { file: 'deepseek-fetch-core', label: 'functional core (DeepSeekCore + createChatCompletion)' },
  class: { file: 'deepseek-fetch', label: 'the DeepSeek class' },
  upload: { file: 'deepseek-fetch-upload', label: 'an image upload (DeepSeekCore + uploadFile)' },
} as const;

/** A deepseek-fetch bundle: dist when built, else src (what `bundle-budget.ts` checks). */
export function sdkBundleSize(kind: 'dist' | 'src', entry: keyof typeof sdkEntries = 'core'): Promise<BundleSize> {
  return bundleSize(sdkEntries[entry].file, kind === 'dist' ? distEntry()! : sourceEntry);
}

export async function measureBundles(clients: string[]): Promise<{ samples: Samples; notes: string[] }> {
  const samples: Samples = {};
  const notes: string[] = [];
  for (const client of clients) {
    const sdk = client === sdkSourceName ? 'src' : client === sdkDistName ? 'dist' : undefined;
    const size = sdk ? await sdkBundleSize(sdk) : await bundleSize(client === floorName ? 'floor' : client);
    addSample(samples, client, { ...size });
    if (sdk) {
      const whole = await sdkBundleSize(sdk, 'class');
      notes.push(`${client}: the figure is the ${sdkEntries.core.label}; with ${sdkEntries.class.label} the same call bundles to ${whole.gzipBytes} B gzip (${whole.minifiedBytes} B minified)`);
      const upload = await sdkBundleSize(sdk, 'upload');
      notes.push(`${client}: ${sdkEntries.upload.label} bundles to ${upload.gzipBytes} B gzip (${upload.minifiedBytes} B minified)`);
    }
  }
  return { samples, notes };
}
