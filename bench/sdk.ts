/**
 * Where the benchmark takes deepseek-fetch from: the built package (`dist/`, what users
 * install) when `npm run build` has produced it, else the TypeScript source. Every part of the
 * bench (clients, cold import, bundle size, bundle budget) asks here, and the report says
 * which one ran.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const sourceEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** `dist/index.js` (or `.mjs`, depending on the bundler's settings), if built. */
export function distEntry(): string | undefined {
  for (const name of ['index.js', 'index.mjs']) {
    const path = fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** The entry users would get: dist when built, else src. */
export function preferredEntry(): { kind: 'dist' | 'src'; path: string } {
  const dist = distEntry();
  return dist ? { kind: 'dist', path: dist } : { kind: 'src', path: sourceEntry };
}
