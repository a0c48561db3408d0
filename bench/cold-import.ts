/**
 * Cold import: how long `await import(<package>)` takes in a fresh `node` process (module
 * cache empty, OS file cache warm), timed inside the process so Node's own start-up is left
 * out. Plain node, no tsx: deepseek-fetch is imported from `dist/` when built; otherwise its
 * source is bundled first with esbuild the way a library build would (dependencies external),
 * into `bench/.work/`, and the report says so.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { floorName, sdkRow } from './clients';
import type { Plan } from './plan';
import { addSample, rotated, type Samples } from './rounds';
import { distEntry, repoRoot, sourceEntry } from './sdk';

const run = promisify(execFile);

/** Builds src the way a library build would, for a plain-node import (only when dist is missing). */
async function bundledSource(): Promise<string> {
  const outdir = `${repoRoot}bench/.work/cold-import`;
  mkdirSync(outdir, { recursive: true });
  const outfile = `${outdir}/deepseek-fetch.mjs`;
  await build({ entryPoints: [sourceEntry], outfile, bundle: true, format: 'esm', platform: 'node', packages: 'external', target: 'node20', logLevel: 'error' });
  return outfile;
}

/** The module URL each client's cold import loads; the floor imports nothing, so it has none. */
async function importTargets(clients: string[]): Promise<{ client: string; url: string; note?: string }[]> {
  const targets: { client: string; url: string; note?: string }[] = [];
  for (const client of clients) {
    if (client === floorName) continue;
    if (client === 'openai') targets.push({ client, url: import.meta.resolve('openai') });
    else if (client === 'eventsource-parser') targets.push({ client, url: import.meta.resolve('eventsource-parser') });
    else if (sdkRow(client)?.build === 'dist') targets.push({ client, url: pathToFileURL(distEntry()!).href });
    else if (sdkRow(client)?.build === 'src') {
      // With dist built, the dist row is the one users get; src would only repeat it through esbuild.
      if (distEntry()) continue;
      targets.push({ client, url: pathToFileURL(await bundledSource()).href, note: 'src bundled by esbuild (dist/ not built)' });
    }
  }
  return targets;
}

/** Milliseconds `import(url)` took in a fresh process of the current node binary. */
async function importOnce(url: string): Promise<number> {
  const code = `const t = process.hrtime.bigint(); await import(${JSON.stringify(url)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot });
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`cold import of ${url} printed ${JSON.stringify(stdout)}`);
  return ms;
}

export async function measureColdImports(plan: Plan, clients: string[]): Promise<{ samples: Samples; notes: string[] }> {
  const targets = await importTargets(clients);
  const samples: Samples = {};
  for (let round = 0; round < plan.coldImportRuns; round++) {
    for (const { client, url } of rotated(targets, round)) addSample(samples, client, { importMs: await importOnce(url) });
  }
  return { samples, notes: targets.flatMap(({ client, note }) => (note ? [`${client}: ${note}`] : [])) };
}
