/**
 * One upload in a fresh process (forked by `upload-memory.ts` with `--expose-gc`): the input is
 * made first (for `bytes`, the whole file read into memory), then a small warm-up upload loads
 * the code and opens the connection, then a GC and the RSS baseline; during the measured upload
 * RSS is sampled every 2 ms for its peak; after the upload and a GC, the heap plus external memory
 * still held is compared with the baseline's.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export type UploadInput = 'path' | 'bytes' | 'stream';

export interface UploadJob {
  input: UploadInput;
  /** The image on disk. */
  path: string;
  baseURL: string;
  /** The deepseek-fetch entry to import (dist or src). */
  sdkPath: string;
  bytes: number;
}

export type UploadReport = { ok: true; rssGrowth: number; retained: number; maxRss: number; seconds: number } | { ok: false; message: string };

type SDK = typeof import('../src/index');

const job = JSON.parse(process.argv[2]!) as UploadJob;
const gc = (globalThis as { gc?: () => void }).gc;

async function probe(): Promise<UploadReport> {
  if (!gc) throw new Error('run with --expose-gc');
  const sdk = (await import(pathToFileURL(job.sdkPath).href)) as SDK;
  const client = new sdk.DeepSeek({ apiKey: 'sk-bench-upload-0000', baseURL: job.baseURL, maxRetries: 0, timeout: 120_000 }).with({ files: sdk.Files });
  const file =
    job.input === 'path'
      ? await sdk.toFile(job.path)
      : job.input === 'bytes'
        ? readFileSync(job.path)
        : await sdk.toFile((async function* () { for await (const chunk of createReadStream(job.path, { highWaterMark: 64 * 1024 })) yield chunk as Uint8Array; })(), 'large.png');
  await client.files.create({ file: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0), purpose: 'user_data' });
  gc();
  gc();
  const held = (): number => {
    const { heapUsed, external } = process.memoryUsage();
    return heapUsed + external;
  };
  const heldBefore = held();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  const started = performance.now();
  const stored = await client.files.create({ file, purpose: 'user_data' });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (stored.bytes !== job.bytes) return { ok: false, message: `the server stored ${stored.bytes} bytes, expected ${job.bytes}` };
  // What the process still holds once garbage is collected (RSS would not say: freed memory is
  // not necessarily returned to the OS): heap plus external memory (ArrayBuffers, Blobs). After a
  // turn of the event loop: until then the socket's finished writes still reference their chunks.
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  gc();
  return { ok: true, rssGrowth: peak - base, retained: held() - heldBefore, maxRss: process.resourceUsage().maxRSS * 1024, seconds };
}

const report = await probe().catch((error: unknown): UploadReport => ({ ok: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
process.send!(report, () => process.exit(0));
