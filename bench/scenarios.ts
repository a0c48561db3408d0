/**
 * What is measured. Each section of the report is a scenario: its metric (a cost, lower is
 * better), the baseline its ratio is taken against, and, for the scenarios that run inside
 * one process with all clients interleaved, the code of one measured run. Every run verifies
 * what the client returned and throws `VerificationError` on the first difference.
 */
import { apiKey, deadlineName, type BenchClient, type Chunk, type ResponseEvent, type SdkApi } from './clients';
import {
  chatAnswer,
  chatMessages,
  chunksHeader,
  expectedDeltas,
  fimPrompt,
  fimSuffix,
  fimText,
  model,
  paceHeader,
  patternHeader,
  sentAtField,
  type WritePattern,
} from './fixtures';
import type { Plan } from './plan';
import { expectedResponseDeltas, responseOverheadEvents } from './responses-fixtures';

export interface Metric {
  key: string;
  label: string;
  unit: string;
}

/** Where a scenario's samples come from. */
export type Runner = 'worker' | 'memory' | 'cold-import' | 'bundle';

export interface Scenario {
  id: string;
  title(plan: Plan): string;
  /** The cost compared across clients (lower is better). */
  primary: Metric;
  /** Shown next to it, e.g. the throughput matching a CPU cost. */
  secondary?: Metric;
  /** The client the ratio is taken against; `undefined` for no ratio (values near zero). */
  baseline: string | undefined;
  /** Show `value - baseline` too: for latency the added microseconds are the figure of merit. */
  delta?: boolean;
  runner: Runner;
  /** One measured, verified run (worker scenarios only). */
  run?(client: BenchClient, plan: Plan): Promise<Record<string, number>>;
  /** An unmeasured look at the scenario's conditions, reported as a note (worker scenarios only). */
  probe?(baseURL: string, plan: Plan): Promise<string>;
  /** Reference clients this scenario adds after the floor when the floor runs (e.g. `floor + deadline`). */
  references?: string[];
  /**
   * Which deepseek-fetch rows run (default: class and core). The request scenarios and cold
   * import run the class only: the class's JSON calls are the core's functions one method call
   * away, and both import the same module, so core rows would double the time for no figure.
   */
  sdkApis?: SdkApi[];
  /**
   * Further baselines for the deepseek-fetch rows: each row's cost against these clients of the
   * same run, on both estimators (e.g. eventsource-parser for the streaming target).
   */
  compareWith?: string[];
}

export class VerificationError extends Error {
  override name = 'VerificationError';
}

function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new VerificationError(message());
}

const chatParams = { model, messages: chatMessages };
const fimParams = { model, prompt: fimPrompt, suffix: fimSuffix, max_tokens: 128 };

const expectedCache = new Map<number, string[]>();
function expectedFor(chunks: number): string[] {
  let expected = expectedCache.get(chunks);
  if (!expected) expectedCache.set(chunks, (expected = expectedDeltas(chunks)));
  return expected;
}

/**
 * Checks one chunk against the fixture: the same few comparisons for every client, cheap
 * next to parsing. `index` is the chunk's position in the stream.
 */
export function verifyChunk(chunk: Chunk, index: number, expected: readonly string[]): void {
  const choice = chunk.choices[0];
  check(index < expected.length, () => `more than the ${expected.length} chunks sent`);
  check(choice !== undefined && choice.delta.content === expected[index], () =>
    `chunk ${index}: content ${JSON.stringify(choice?.delta.content)}, expected ${JSON.stringify(expected[index])}`);
  if (index === 0) check(choice.delta.role === 'assistant', () => 'chunk 0 has no role: assistant');
  if (index === expected.length - 1) {
    check(choice.finish_reason === 'stop', () => `last chunk: finish_reason ${String(choice.finish_reason)}`);
    check(chunk.usage?.completion_tokens === expected.length - 2, () => 'last chunk: usage missing or wrong');
  } else {
    check(choice.finish_reason === null, () => `chunk ${index}: finish_reason ${String(choice.finish_reason)} before the end`);
  }
}

export function verifyCount(count: number, expected: readonly string[]): void {
  check(count === expected.length, () => `${count} chunks yielded, ${expected.length} sent`);
}

type StreamHeaders = Record<string, string>;

function streamHeaders(pattern: WritePattern, chunks: number, paceMicros?: number): StreamHeaders {
  return { [patternHeader]: pattern, [chunksHeader]: String(chunks), ...(paceMicros ? { [paceHeader]: String(paceMicros) } : {}) };
}

/** Streams `chunks` chunks and verifies every one. */
async function consumeStream(client: BenchClient, headers: StreamHeaders, chunks: number): Promise<void> {
  const expected = expectedFor(chunks);
  const stream = await client.streamChat(chatParams, headers);
  let index = 0;
  for await (const chunk of stream) verifyChunk(chunk, index++, expected);
  verifyCount(index, expected);
}

/**
 * Process CPU time and wall time of `work`. CPU is `process.cpuUsage()` (getrusage of the
 * whole client process), user + system, in µs: the main thread plus V8's background GC and
 * compiler threads, i.e. all the CPU the client costs; the emulator runs in another process.
 * Wall time (µs) also counts waiting for the emulator and for the scheduler.
 */
async function measure(work: () => Promise<void>): Promise<{ cpuMicros: number; wallMicros: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work();
  const wallMicros = Number(process.hrtime.bigint() - start) / 1e3;
  const used = process.cpuUsage(cpu);
  return { cpuMicros: used.user + used.system, wallMicros };
}

const processCpu = 'process CPU (user+sys)';

/**
 * What reads the parsers actually get: the stream read once by a bare `fetch` reader (the
 * fastest possible consumer; slower clients get fewer, larger reads unless the stream is paced).
 */
async function deliveredReads(baseURL: string, headers: StreamHeaders): Promise<string> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ ...chatParams, stream: true }),
  });
  const reader = response.body!.getReader();
  let reads = 0;
  let bytes = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    reads++;
    bytes += read.value.length;
  }
  return `a bare fetch reader got ${reads} reads of ${(bytes / reads).toFixed(0)} B on average (${bytes} B)`;
}

interface StreamOptions {
  /** Microseconds between the emulator's writes (one event each), for a paced stream. */
  paceMicros?: number;
  compareWith?: string[];
}

function streamScenario(id: string, describe: string, pattern: WritePattern, chunksOf: (plan: Plan) => number, options: StreamOptions = {}): Scenario {
  const { paceMicros, compareWith } = options;
  const headersFor = (plan: Plan): StreamHeaders => streamHeaders(pattern, chunksOf(plan), paceMicros);
  return {
    id,
    title: (plan) => `stream ${chunksOf(plan)} chunks, ${describe}`,
    primary: { key: 'cpuPerChunk', label: processCpu, unit: 'µs/chunk' },
    // Wall time per chunk is 1e6 / throughput; for a paced stream it is mostly the emulator's pace.
    secondary: { key: 'wallPerChunk', label: 'wall', unit: 'µs/chunk' },
    baseline: 'floor',
    runner: 'worker',
    ...(compareWith ? { compareWith } : {}),
    async run(client, plan) {
      const chunks = chunksOf(plan);
      const headers = headersFor(plan);
      const { cpuMicros, wallMicros } = await measure(() => consumeStream(client, headers, chunks));
      return { cpuPerChunk: cpuMicros / chunks, wallPerChunk: wallMicros / chunks, chunksPerSecond: (chunks * 1e6) / wallMicros };
    },
    probe: (baseURL, plan) => deliveredReads(baseURL, headersFor(plan)),
  };
}

const responseParams = { model, input: chatMessages[1]!.content };

const expectedResponseCache = new Map<number, string[]>();
function expectedResponseFor(deltas: number): string[] {
  let expected = expectedResponseCache.get(deltas);
  if (!expected) expectedResponseCache.set(deltas, (expected = expectedResponseDeltas(deltas)));
  return expected;
}

/**
 * Checks one Responses event against the fixture: its `sequence_number`, the text of each
 * delta, and the terminal `response.completed` (status and usage). `index` is the event's
 * position in the stream; the deltas are events 4 .. 4 + deltas - 1.
 */
export function verifyResponseEvent(event: ResponseEvent, index: number, expected: readonly string[]): void {
  const total = expected.length + responseOverheadEvents;
  check(index < total, () => `more than the ${total} events sent`);
  check(event.sequence_number === index, () => `event ${index}: sequence_number ${String(event.sequence_number)}`);
  const delta = index - 4;
  if (delta >= 0 && delta < expected.length) {
    check(event.type === 'response.output_text.delta' && event.delta === expected[delta], () =>
      `event ${index}: ${event.type} ${JSON.stringify(event.delta)}, expected the delta ${JSON.stringify(expected[delta])}`);
  } else if (index === total - 1) {
    check(event.type === 'response.completed' && event.response?.status === 'completed', () => `last event: ${event.type}, status ${String(event.response?.status)}`);
    check(event.response.usage?.output_tokens === expected.length, () => 'last event: usage missing or wrong');
  }
}

/** Streams a Responses answer of `deltas` deltas and verifies every event. */
async function consumeResponseStream(client: BenchClient, headers: StreamHeaders, deltas: number): Promise<void> {
  const expected = expectedResponseFor(deltas);
  const stream = await client.streamResponse(responseParams, headers);
  let index = 0;
  for await (const event of stream) verifyResponseEvent(event, index++, expected);
  check(index === deltas + responseOverheadEvents, () => `${index} events yielded, ${deltas + responseOverheadEvents} sent`);
}

/**
 * `POST /responses` streamed: `deltas` text deltas plus the 8 events around them, whole events
 * in ~16 KiB writes, the cost per event. deepseek-fetch reads them through `ResponseStream`
 * (which also checks each event and folds the deltas for `finalResponse()`); the floor and
 * eventsource-parser parse each event's JSON and stop at the terminal one.
 */
function responsesStreamScenario(id: string, deltasOf: (plan: Plan) => number): Scenario {
  const headersFor = (plan: Plan): StreamHeaders => streamHeaders('bulk', deltasOf(plan));
  return {
    id,
    title: (plan) => `Responses stream: ${deltasOf(plan)} text deltas + ${responseOverheadEvents} events, named events, bulk writes (~16 KiB HTTP chunks)`,
    primary: { key: 'cpuPerEvent', label: processCpu, unit: 'µs/event' },
    secondary: { key: 'wallPerEvent', label: 'wall', unit: 'µs/event' },
    baseline: 'floor',
    runner: 'worker',
    compareWith: parserFloor,
    async run(client, plan) {
      const deltas = deltasOf(plan);
      const events = deltas + responseOverheadEvents;
      const { cpuMicros, wallMicros } = await measure(() => consumeResponseStream(client, headersFor(plan), deltas));
      return { cpuPerEvent: cpuMicros / events, wallPerEvent: wallMicros / events, eventsPerSecond: (events * 1e6) / wallMicros };
    },
  };
}

async function chatOnce(client: BenchClient): Promise<void> {
  const completion = await client.chat(chatParams);
  const choice = completion.choices[0];
  check(choice?.message.content === chatAnswer && choice.finish_reason === 'stop', () =>
    `chat completion: content ${JSON.stringify(choice?.message.content?.slice(0, 40))}…, finish_reason ${String(choice?.finish_reason)}`);
}

async function fimOnce(client: BenchClient): Promise<void> {
  const completion = await client.fim(fimParams);
  const choice = completion.choices[0];
  check(choice?.text === fimText && choice.finish_reason === 'stop', () => `FIM completion: text ${JSON.stringify(choice?.text)}`);
}

function requestScenario(id: string, title: (plan: Plan) => string, once: (client: BenchClient) => Promise<void>, concurrent: boolean): Scenario {
  return {
    id,
    title,
    primary: { key: 'cpuPerRequest', label: processCpu, unit: 'µs/request' },
    secondary: { key: 'wallPerRequest', label: 'wall', unit: 'µs/request' },
    baseline: 'floor',
    runner: 'worker',
    references: [deadlineName],
    sdkApis: ['class'],
    async run(client, plan) {
      const total = plan.jsonRequests;
      const loops = concurrent ? plan.concurrency : 1;
      const { cpuMicros, wallMicros } = await measure(async () => {
        await Promise.all(
          Array.from({ length: loops }, async () => {
            for (let i = 0; i < total / loops; i++) await once(client);
          }),
        );
      });
      return { cpuPerRequest: cpuMicros / total, wallPerRequest: wallMicros / total, requestsPerSecond: (total * 1e6) / wallMicros };
    },
  };
}

const pacedEventMicros = 300;

/** Chunks of a first-token stream: role, stamped token, a few more, final. */
const latencyChunks = 12;

/** The streaming target of issue #14 is set against fetch + eventsource-parser in the same run. */
const parserFloor = ['eventsource-parser'];

export const scenarios: Scenario[] = [
  streamScenario('stream-bulk', 'bulk writes (whole events, ~16 KiB HTTP chunks)', 'bulk', (plan) => plan.streamChunks, { compareWith: parserFloor }),
  streamScenario('stream-split', 'random 1-64 B writes + keep-alive comments', 'split', (plan) => plan.streamChunks, { compareWith: parserFloor }),
  // Paced: one write per interval, so each is read alone, as tokens arrive from a real model.
  // The interval must exceed the slowest client's cost per read, or its reads merge again.
  streamScenario('stream-paced', `one event per write, paced ${pacedEventMicros} µs apart (aiming at one read per event)`, 'event', (plan) => plan.pacedChunks, { paceMicros: pacedEventMicros }),
  responsesStreamScenario('responses-stream', (plan) => plan.streamChunks),
  requestScenario('json-seq', (plan) => `chat JSON, ${plan.jsonRequests} sequential requests`, chatOnce, false),
  requestScenario('json-c16', (plan) => `chat JSON, ${plan.jsonRequests} requests, ${plan.concurrency} concurrent`, chatOnce, true),
  requestScenario('fim', (plan) => `FIM JSON (/beta/completions), ${plan.jsonRequests} sequential requests`, fimOnce, false),
  {
    id: 'first-token',
    title: (plan) => `first token: server write → client yield (median of ${plan.latencyRequests} streams per run)`,
    primary: { key: 'latency', label: 'latency', unit: 'µs' },
    baseline: 'floor',
    delta: true,
    runner: 'worker',
    async run(client, plan) {
      const expected = expectedFor(latencyChunks);
      const latencies: number[] = [];
      for (let i = 0; i < plan.latencyRequests; i++) {
        const stream = await client.streamChat(chatParams, streamHeaders('first-token', latencyChunks));
        let index = 0;
        for await (const chunk of stream) {
          if (index === 1) {
            // Read the clock before anything else: this is the moment consumer code holds the token.
            const now = process.hrtime.bigint();
            const sent = chunk[sentAtField];
            check(typeof sent === 'string', () => `chunk 1 lacks ${sentAtField}`);
            latencies.push(Number(now - BigInt(sent)) / 1000);
          }
          verifyChunk(chunk, index++, expected);
        }
        verifyCount(index, expected);
      }
      latencies.sort((a, b) => a - b);
      return { latency: latencies[latencies.length >> 1]! };
    },
  },
  {
    id: 'memory-rss',
    title: (plan) => `memory: peak RSS growth while consuming ${plan.memoryChunks} chunks (fresh process per run)`,
    primary: { key: 'rssGrowth', label: 'peak RSS growth', unit: 'MB' },
    secondary: { key: 'maxRss', label: 'process max RSS', unit: 'MB' },
    baseline: 'floor',
    runner: 'memory',
  },
  {
    id: 'memory-heap',
    title: (plan) => `memory: heap retained after GC, chunk ${plan.memorySampleAt[0]} → ${plan.memorySampleAt[1]}`,
    primary: { key: 'heapPerChunk', label: 'retained', unit: 'B/chunk' },
    baseline: undefined, // the floor retains ~0 B/chunk, so a ratio would be noise; the target is absolute
    runner: 'memory',
  },
  {
    id: 'cold-import',
    title: (plan) => `cold import: await import() in a fresh node process (${plan.coldImportRuns} processes per client)`,
    primary: { key: 'importMs', label: 'import', unit: 'ms' },
    baseline: 'openai', // the floor imports nothing; the target is a fraction of openai's
    runner: 'cold-import',
    sdkApis: ['class'],
  },
  {
    id: 'bundle',
    title: () => 'browser bundle: "stream one chat completion" entry, esbuild --minify --platform=browser (deepseek-fetch: bench/bundle/deepseek-fetch/<class|core>.ts)',
    primary: { key: 'gzipBytes', label: 'gzip -9', unit: 'B' },
    secondary: { key: 'minifiedBytes', label: 'minified', unit: 'B' },
    baseline: 'floor',
    runner: 'bundle',
  },
];

export function scenarioById(id: string): Scenario {
  const scenario = scenarios.find((candidate) => candidate.id === id);
  if (!scenario) throw new Error(`unknown scenario ${JSON.stringify(id)}; known: ${scenarios.map((s) => s.id).join(', ')}`);
  return scenario;
}
