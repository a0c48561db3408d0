/**
 * deepseek-fetch's bundle entries and their ceilings, in one place. An entry is a file
 * `bench/bundle/deepseek-fetch/<name>.ts` (a small app: what a user imports and calls) plus its
 * line below. `npm run bench:budget` (in CI) bundles every such file with esbuild for the
 * browser, minified, gzip -9, and fails when a bundle is over its ceiling, when it contains a
 * module it must not, or when a file has no line here (or a line no file).
 *
 * Adding an entry is two lines' worth: write `bench/bundle/deepseek-fetch/files.ts`, then add
 *
 *   files: { what: 'upload a file, then list files, through Files', gzipCeiling: 6000, mustExclude: surfacesOtherThan('src/files') },
 *
 * and its row in the bench README's table. Set a ceiling a little above the measured size, so
 * growth fails CI; lower it whenever a change makes the bundle smaller.
 */

export interface BundleEntry {
  /** What the entry does, as the budget prints it. */
  what: string;
  /** Most gzip -9 bytes the minified bundle may have; over it, CI fails. */
  gzipCeiling: number;
  /**
   * Modules this bundle must not contain, as repo-relative path prefixes: a module counts when
   * its path starts with one (`src/files` covers src/files.ts, src/files/** and src/files-*.ts).
   */
  mustExclude?: readonly string[];
}

/**
 * The surfaces newer than chat, FIM, models and balance: each lives in its own modules, which
 * a chat-only bundle must not carry (issue #14: pay for what you import). Adjust the prefixes
 * if a surface lands under another name.
 */
export const newerSurfaces: readonly string[] = ['src/files', 'src/responses', 'src/toolkit'];

/** The newer surfaces except `own`: what an entry of one surface must not drag in from the others. */
export function surfacesOtherThan(own: string): string[] {
  return newerSurfaces.filter((surface) => surface !== own);
}

export const bundleEntries: Record<string, BundleEntry> = {
  core: { what: 'streamed chat call through DeepSeekCore + createChatCompletion', gzipCeiling: 8500, mustExclude: newerSurfaces },
  class: { what: 'streamed chat call through new DeepSeek()', gzipCeiling: 10500, mustExclude: newerSurfaces },
  files: { what: 'image upload (uploadFile) through DeepSeekCore', gzipCeiling: 8800, mustExclude: surfacesOtherThan('src/files') },
  toolkit: { what: 'streamed tool loop (runTools + tool) through DeepSeekCore', gzipCeiling: 15600, mustExclude: surfacesOtherThan('src/toolkit') },
  responses: { what: 'streamed createResponse call through DeepSeekCore, final text', gzipCeiling: 10950, mustExclude: surfacesOtherThan('src/responses') },
};
