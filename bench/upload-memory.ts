/**
 * The `upload-rss` section: how much memory an upload of a large image costs, as peak RSS growth
 * over the file's size, for the three ways to give deepseek-fetch a file: a Blob from a path
 * (`toFile(path)`, file-backed), bytes already in memory, and a stream read from disk. A fresh
 * process per input and run (peak RSS is a per-process high-water mark), with the input made
 * before the baseline, so the figure is what the upload itself adds. The receiving server runs
 * here, in the parent, and checks every upload arrived whole (size and SHA-256).
 */
import { createHash, randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from './plan';
import { runChild } from './processes';
import type { SectionResult } from './report';
import { addSample, rotated, shout, type Failure, type Samples } from './rounds';
import { preferredEntry } from './sdk';
import { summarize } from './stats';
import type { UploadInput, UploadJob, UploadReport } from './upload-memory-probe';

export const uploadScenarioId = 'upload-rss';

/** Row names: short enough for the table's name column. */
const inputs: Record<UploadInput, string> = {
  path: 'from a path (toFile)',
  bytes: 'from bytes in memory',
  stream: 'from a disk stream',
};

export async function measureUploadMemory(plan: Plan): Promise<{ section: SectionResult; failures: Failure[] }> {
  // 64 MiB in --quick runs too: one upload per input takes well under a second, and a smaller
  // file would make fixed costs look like a ratio.
  const sizeMiB = 64;
  const runs = plan.quick ? 1 : 3;
  const bytes = Buffer.alloc(sizeMiB * 1024 * 1024);
  randomFillSync(bytes);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // a PNG signature: the SDK sniffs it
  const digest = sha256(bytes);
  const dir = mkdtempSync(join(tmpdir(), 'deepseek-fetch-upload-bench-'));
  const path = join(dir, 'large.png');
  writeFileSync(path, bytes);
  const sink = await startSink();
  const { kind, path: sdkPath } = preferredEntry();
  const samples: Samples = {};
  const failures: Failure[] = [];
  try {
    for (let round = 0; round < runs; round++) {
      for (const input of rotated(Object.keys(inputs) as UploadInput[], round)) {
        const client = inputs[input];
        if (failures.some((failure) => failure.client === client)) continue;
        const job: UploadJob = { input, path, baseURL: sink.url, sdkPath, bytes: bytes.byteLength };
        const report = await runChild<UploadReport>('upload-memory-probe.ts', job, ['--expose-gc']);
        const received = sink.received.pop();
        const problem = !report.ok ? report.message : received?.digest !== digest ? `the server received ${received ? `${received.bytes} bytes with another SHA-256` : 'no file'}` : undefined;
        if (problem) {
          const failure = { scenario: uploadScenarioId, client, message: problem };
          failures.push(failure);
          shout(failure);
          continue;
        }
        if (!report.ok) continue;
        addSample(samples, client, { overSize: report.rssGrowth / bytes.byteLength, rssGrowth: report.rssGrowth / 2 ** 20, retainedAfterGc: report.retained / 2 ** 20, maxRss: report.maxRss / 2 ** 20, seconds: report.seconds });
      }
    }
  } finally {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const section: SectionResult = {
    id: uploadScenarioId,
    title: `deepseek-fetch (${kind}): peak RSS growth while uploading a ${sizeMiB} MiB image, over its size (fresh process per input and run)`,
    primary: { key: 'overSize', label: 'peak RSS growth / file size', unit: 'x' },
    secondary: { key: 'rssGrowth', label: 'peak RSS growth', unit: 'MB' },
    delta: false,
    rows: Object.entries(samples).map(([client, values]) => ({ client, primary: summarize(values.overSize!), secondary: summarize(values.rssGrowth!), samples: values })),
    comparisons: [],
    notes: [
      'the input exists before the baseline (bytes: the Uint8Array itself), so the figure is what the upload adds; 2x would mean the file was held twice',
      `heap + external memory still held after the upload and a GC, in MB (the peak is read buffers not yet collected, not a copy kept): ${Object.entries(samples)
        .map(([client, values]) => `${client} ${summarize(values.retainedAfterGc!).median.toFixed(1)}`)
        .join(', ')}`,
      'every upload is checked on arrival: size and SHA-256 of the file part',
    ],
  };
  return { section, failures };
}

interface Sink {
  url: string;
  received: { bytes: number; digest: string }[];
  close(): Promise<void>;
}

/** A server that reads each upload, finds the file part, and answers like DeepSeek. */
async function startSink(): Promise<Sink> {
  const received: Sink['received'] = [];
  const server = createServer((req, res) => void receive(req, res, received).catch(() => res.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function receive(req: IncomingMessage, res: ServerResponse, received: Sink['received']): Promise<void> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const body = Buffer.concat(parts);
  const boundary = /boundary=(.+)$/.exec(req.headers['content-type'] ?? '')?.[1] ?? '';
  const fileHead = body.indexOf('name="file"');
  const start = body.indexOf('\r\n\r\n', fileHead) + 4;
  const end = body.indexOf(`\r\n--${boundary}--`, start);
  const file = fileHead >= 0 && end > start ? body.subarray(start, end) : Buffer.alloc(0);
  if (file.byteLength > 1024) received.push({ bytes: file.byteLength, digest: sha256(file) });
  const answer = JSON.stringify({ id: 'file-api-bench', object: 'file', bytes: file.byteLength, created_at: 1_795_672_000, filename: 'large.png', purpose: 'user_data' });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
  res.end(answer);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
