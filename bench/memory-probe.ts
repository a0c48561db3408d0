/**
 * One memory measurement in a fresh process (forked by `memory.ts` with `--expose-gc`): peak
 * RSS is a per-process high-water mark, so clients cannot share a process here.
 *
 * The client consumes one long stream, verifying every chunk without keeping any. After a
 * forced GC at two points of the stream, while the stream is still open, the growth of
 * `heapUsed` divided by the chunks in between is what the client retains per chunk (e.g. an
 * accumulated copy of the answer). RSS is sampled every 1000 chunks for the peak.
 */
import { chatMessages, chunksHeader, expectedDeltas, model, patternHeader } from './fixtures';
import { createClients } from './clients';
import { verifyChunk, verifyCount } from './scenarios';

export interface MemoryJob {
  client: string;
  baseURL: string;
  chunks: number;
  sampleAt: [number, number];
  warmupChunks: number;
}

export type MemoryReport = { ok: true; heapPerChunk: number; rssGrowth: number; maxRss: number } | { ok: false; message: string };

const job = JSON.parse(process.argv[2]!) as MemoryJob;
const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

async function consume(chunks: number, onChunk?: (consumed: number) => void): Promise<void> {
  const [client] = await clients;
  const expected = expectedDeltas(chunks);
  const stream = await client!.streamChat({ model, messages: chatMessages }, { [patternHeader]: 'bulk', [chunksHeader]: String(chunks) });
  let index = 0;
  for await (const chunk of stream) {
    verifyChunk(chunk, index++, expected);
    onChunk?.(index);
  }
  verifyCount(index, expected);
}

const clients = createClients(job.baseURL, [job.client]);

async function probe(): Promise<MemoryReport> {
  if (!gc) throw new Error('run with --expose-gc');
  const fullGC = (): number => {
    gc();
    gc(); // a second pass collects what the first one's finalizers released
    return process.memoryUsage().heapUsed;
  };
  await consume(job.warmupChunks); // loads lazily imported code and opens the connection
  fullGC();
  const rssBase = process.memoryUsage.rss();
  let rssPeak = rssBase;
  const heap: number[] = [];
  await consume(job.chunks, (consumed) => {
    if (consumed % 1000 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    if (consumed === job.sampleAt[0] || consumed === job.sampleAt[1]) heap.push(fullGC());
  });
  return {
    ok: true,
    heapPerChunk: (heap[1]! - heap[0]!) / (job.sampleAt[1] - job.sampleAt[0]),
    rssGrowth: (rssPeak - rssBase) / MB,
    maxRss: (process.resourceUsage().maxRSS * 1024) / MB,
  };
}

const report = await probe().catch((error: unknown): MemoryReport => ({ ok: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
process.send!(report, () => process.exit(0));
