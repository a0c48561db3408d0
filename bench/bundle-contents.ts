/**
 * Which modules a bundle contains, from what esbuild reports about it, so the budget can check
 * that a chat-only bundle carries none of the newer surfaces (pay for what you import).
 *
 * - Bundling `src/`, esbuild's metafile lists every input module with the bytes it put into the
 *   output; a module counts when it put in at least one byte (imported but tree-shaken modules
 *   are listed with 0).
 * - Bundling `dist/`, the inputs are tsdown's output files: `index.js` holds most modules
 *   merged, shared chunks hold the rest, so a chunk's name says little about what in it was
 *   kept. But dist ships source maps, and esbuild composes them into the bundle's own map:
 *   every minified segment it emits points back to the `src/` module it came from. A module
 *   counts when at least one segment of the bundle maps to it. Without dist's maps this cannot
 *   be known, and the check says so instead of passing.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { decode } from '@jridgewell/sourcemap-codec';
import type { Metafile } from 'esbuild';

/** Repo-relative module path → how much of the bundle came from it (bytes, or mapped segments). */
export type Contents = Map<string, number>;

/** The inputs that put bytes into the bundle (paths relative to esbuild's working directory). */
export function bundledInputs(metafile: Metafile): Contents {
  const contents: Contents = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0) contents.set(path, (contents.get(path) ?? 0) + bytesInOutput);
    }
  }
  return contents;
}

/** The parts of a source map this needs (version 3). */
export interface SourceMap {
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}

/**
 * The original sources the bundle's code maps back to, with the number of segments of each,
 * as paths relative to `root`. `mapDir` is the directory the map's relative `sources` are
 * resolved against (esbuild writes them relative to its output directory).
 */
export function mappedSources(map: SourceMap, mapDir: string, root: string): Contents {
  const segments = new Array<number>(map.sources.length).fill(0);
  for (const line of decode(map.mappings)) for (const segment of line) if (segment.length >= 4) segments[segment[1]!]!++;
  const contents: Contents = new Map();
  map.sources.forEach((source, index) => {
    if (segments[index]! === 0) return;
    const path = relative(root, resolve(mapDir, map.sourceRoot ?? '', source)).split('\\').join('/');
    contents.set(path, (contents.get(path) ?? 0) + segments[index]!);
  });
  return contents;
}

/** Bundled inputs under `dir` (e.g. `dist/`) that have no source map next to them: their modules cannot be told apart. */
export function inputsWithoutMaps(inputs: Contents, dir: string, root: string): string[] {
  return [...inputs.keys()].filter((path) => path.startsWith(dir) && !existsSync(resolve(root, `${path}.map`)));
}

/** The modules of `contents` whose path starts with one of `prefixes`, sorted. */
export function modulesUnder(contents: Contents, prefixes: readonly string[]): string[] {
  return [...contents.keys()].filter((path) => prefixes.some((prefix) => path.startsWith(prefix))).sort();
}
