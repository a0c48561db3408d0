import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import { bundledInputs, inputsWithoutMaps, mappedSources, modulesUnder, type SourceMap } from '../../bench/bundle-contents';

// A tiny package laid out like the SDK: src/index.ts re-exports a chat module and two newer
// surfaces: src/responses/ (functions only) and src/files/, whose module has a top-level
// statement a bundler must keep when the module is merged into a single dist file.
const root = mkdtempSync(join(tmpdir(), 'bench-bundle-contents-'));
const write = (path: string, text: string): void => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
write('package.json', JSON.stringify({ name: 'pkg', type: 'module', sideEffects: false }));
write('src/chat.ts', 'export function chat(prompt: string): string { return `chat:${prompt}`; }\n');
write('src/files/index.ts', 'export const registry: string[] = [];\nregistry.push("files");\nexport function upload(name: string): string { return `upload:${name}`; }\n');
write('src/responses/index.ts', 'export function respond(input: string): string { return `respond:${input}`; }\n');
write('src/index.ts', "export { chat } from './chat';\nexport { upload } from './files/index';\nexport { respond } from './responses/index';\n");
write('app/chat-only.ts', "import { chat } from 'pkg';\nexport const answer = chat('hi');\n");
write('app/with-files.ts', "import { chat, upload } from 'pkg';\nexport const answer = chat('hi') + upload('a.txt');\n");

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The package's single-file build with its source map, as tsdown writes dist/. */
async function buildDist(sourcemap: boolean): Promise<string> {
  const outfile = join(root, sourcemap ? 'dist/index.js' : 'dist-nomap/index.js');
  await build({ entryPoints: [join(root, 'src/index.ts')], outfile, bundle: true, format: 'esm', sourcemap: sourcemap ? 'linked' : false, logLevel: 'error' });
  return outfile;
}

/** Bundles an app entry like bench/bundle.ts does, with `pkg` resolved to `target`. */
async function bundleApp(entry: string, target: string) {
  const outdir = join(root, 'out');
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    sourcemap: 'external',
    metafile: true,
    absWorkingDir: root,
    outdir,
    write: false,
    logLevel: 'error',
    plugins: [{ name: 'pkg', setup: (b) => void b.onResolve({ filter: /^pkg$/ }, () => ({ path: target })) }],
  });
  const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map'))!.text) as SourceMap;
  return { inputs: bundledInputs(result.metafile), sources: mappedSources(map, outdir, root) };
}

describe('bench bundle contents', () => {
  test('bundling sources, a re-exported module the app does not use puts no bytes in and is not counted', async () => {
    const chatOnly = await bundleApp('app/chat-only.ts', join(root, 'src/index.ts'));
    expect(modulesUnder(chatOnly.inputs, ['src/files'])).toEqual([]);
    expect(chatOnly.inputs.get('src/chat.ts')).toBeGreaterThan(0);
    expect(chatOnly.inputs.has('src/index.ts')).toBe(false);
  });

  test('bundling sources, a module of an excluded surface the app imports is found by its path', async () => {
    const withFiles = await bundleApp('app/with-files.ts', join(root, 'src/index.ts'));
    expect(modulesUnder(withFiles.inputs, ['src/files', 'src/responses'])).toEqual(['src/files/index.ts']);
  });

  test('bundling a single-file dist, source maps tell which original modules its kept code came from', async () => {
    const dist = await buildDist(true);
    const chatOnly = await bundleApp('app/chat-only.ts', dist);
    expect([...chatOnly.inputs.keys()].filter((path) => path.startsWith('dist/'))).toEqual(['dist/index.js']);
    expect(chatOnly.sources.get('src/chat.ts')).toBeGreaterThan(0);
    // The dist map lists every module merged into the file; only those with code left in the
    // app's bundle count: the responses functions were dropped.
    expect(modulesUnder(chatOnly.sources, ['src/responses'])).toEqual([]);
    // One file holds both modules; the top-level push of the files module survives tree-shaking
    // there (sideEffects: false cannot drop part of a file), and the map shows it.
    expect(modulesUnder(chatOnly.sources, ['src/files'])).toEqual(['src/files/index.ts']);
    expect(inputsWithoutMaps(chatOnly.inputs, 'dist/', root)).toEqual([]);
  });

  test('bundling a dist without source maps is reported as unknowable rather than clean', async () => {
    const dist = await buildDist(false);
    const chatOnly = await bundleApp('app/chat-only.ts', dist);
    expect(inputsWithoutMaps(chatOnly.inputs, 'dist-nomap/', root)).toEqual(['dist-nomap/index.js']);
    expect(modulesUnder(chatOnly.sources, ['src/files'])).toEqual([]);
  });
});
