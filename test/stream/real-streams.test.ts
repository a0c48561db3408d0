/**
 * Proof on real traffic: every stream recorded from the live API (../shared/deepseek-real/*.sse,
 * kept outside the repo) is served by a real `node:http` server, cut at random byte boundaries
 * with `: keep-alive` comment blocks injected at random event boundaries (and before the first
 * event), sometimes with small pauses between writes. The SDK must yield exactly the recorded
 * chunks, and `finalCompletion()` must equal an accumulation written here from first principles
 * (it shares no code with src/accumulate.ts), whether the stream was iterated fully, not at all,
 * or half-way. The PRNG is seeded, so a failure names the seed that reproduces it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChatCompletion, ChatCompletionChunk } from '../../src/index';
import { chatRequest, clientFor, startFaultServer, type FaultServer } from '../helpers/fault-server';
import { sseDataPayloads } from '../helpers/sse-text';

const realDir = process.env.DEEPSEEK_REAL_DIR ?? resolve(import.meta.dirname, '../../../shared/deepseek-real');
const present = existsSync(realDir);
if (!present) console.log(`real-streams: ${realDir} is absent, so the real-stream replay is skipped`);
const files = present ? readdirSync(realDir).filter((file) => file.endsWith('.sse')).sort() : [];

const seeds = [1, 2, 3, 4, 5];
const KEEP_ALIVE = Buffer.from(': keep-alive\n\n');

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed cuts the same file the same way on every run.

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WritePlan {
  /** The pieces written one `write()` each; joined, they are the file plus keep-alive blocks. */
  pieces: Buffer[];
  /** Milliseconds to wait before each piece (0: just yield to the event loop). */
  pauses: number[];
  keepAlives: number;
}

/**
 * How one seed serves one file. The seed picks the largest piece size (16 bytes … 64 KiB), how
 * often keep-alive blocks are injected at event boundaries, and whether to pause between writes.
 */
function planFor(bytes: Buffer, seed: number): WritePlan {
  const random = prng(seed * 7919 + bytes.length);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const maxPiece = [16, 16, 64, 1024, 16 * 1024, 64 * 1024][seed % 6]!;
  const keepAliveRate = [0.1, 0.5, 0.25, 0.9, 0.05][seed % 5]!;
  const pausing = seed % 2 === 1;

  // Event boundaries: right after each blank line ("\n\n"; the recordings use LF only).
  const boundaries = [0];
  for (let i = 1; i < bytes.length; i++) if (bytes[i] === 0x0a && bytes[i - 1] === 0x0a) boundaries.push(i + 1);
  const parts: Buffer[] = [];
  let keepAlives = 0;
  const injectAt = (count: number): void => {
    for (let k = 0; k < count; k++) parts.push(KEEP_ALIVE);
    keepAlives += count;
  };
  injectAt(seed % 2 === 0 ? int(1, 3) : 0); // some seeds open with keep-alives, as a queued request does
  for (let b = 0; b < boundaries.length - 1; b++) {
    if (b > 0 && random() < keepAliveRate) injectAt(int(1, 3));
    parts.push(bytes.subarray(boundaries[b], boundaries[b + 1]));
  }
  if (boundaries.at(-1)! < bytes.length) parts.push(bytes.subarray(boundaries.at(-1)));
  const wire = Buffer.concat(parts);

  const pieces: Buffer[] = [];
  for (let offset = 0; offset < wire.length; ) {
    const size = Math.min(int(1, maxPiece), wire.length - offset);
    pieces.push(wire.subarray(offset, offset + size));
    offset += size;
  }
  // A few dozen short pauses at most, wherever the dice say.
  const pauseRate = pausing ? Math.min(0.2, 40 / pieces.length) : 0;
  const pauses = pieces.map(() => (random() < pauseRate ? int(1, 4) : 0));
  return { pieces, pauses, keepAlives };
}

async function serveReplay(plan: WritePlan): Promise<FaultServer> {
  return startFaultServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    for (let i = 0; i < plan.pieces.length; i++) {
      if (plan.pauses[i]! > 0) await sleep(plan.pauses[i]);
      else await new Promise((next) => setImmediate(next)); // a separate write, not one coalesced burst
      if (res.destroyed) return;
      res.write(plan.pieces[i]);
    }
    res.end();
  });
}

// ---------------------------------------------------------------------------------------------
// The expected completion, from first principles and the shape `finalCompletion()` documents:
// content and reasoning concatenated per choice; tool calls merged by index, id/type/name from the
// first fragment that has them, arguments appended; logprobs arrays joined; finish_reason and
// usage from the chunk that carries them (the final one); id/created/model from the first chunk
// that has them, system_fingerprint from the last. Fields never seen are left out (content: null).

// `any`: this walks raw JSON from the recordings, deliberately without the SDK's types.
function expectedCompletion(chunks: any[]): ChatCompletion {
  const choices = new Map<number, any>();
  const out: any = { id: undefined, object: 'chat.completion', created: undefined, model: undefined };
  for (const chunk of chunks) {
    out.id ??= chunk.id;
    out.created ??= chunk.created;
    out.model ??= chunk.model;
    if (typeof chunk.system_fingerprint === 'string') out.system_fingerprint = chunk.system_fingerprint;
    if (chunk.usage) out.usage = chunk.usage;
    for (const choice of chunk.choices) {
      if (!choices.has(choice.index)) {
        choices.set(choice.index, { index: choice.index, content: [], reasoning: [], calls: new Map(), lpContent: [], lpReasoning: [], finish: null });
      }
      const state = choices.get(choice.index);
      const delta = choice.delta ?? {};
      if (typeof delta.content === 'string') state.content.push(delta.content);
      if (typeof delta.reasoning_content === 'string') state.reasoning.push(delta.reasoning_content);
      for (const call of delta.tool_calls ?? []) {
        if (!state.calls.has(call.index)) state.calls.set(call.index, { index: call.index, id: '', type: 'function', name: '', args: [] });
        const merged = state.calls.get(call.index);
        if (merged.id === '' && call.id) merged.id = call.id;
        if (merged.name === '' && call.function?.name) merged.name = call.function.name;
        if (typeof call.function?.arguments === 'string') merged.args.push(call.function.arguments);
      }
      if (Array.isArray(choice.logprobs?.content)) state.lpContent.push(choice.logprobs.content);
      if (Array.isArray(choice.logprobs?.reasoning_content)) state.lpReasoning.push(choice.logprobs.reasoning_content);
      if (choice.finish_reason) state.finish = choice.finish_reason;
    }
  }
  out.choices = [...choices.values()]
    .sort((a, b) => a.index - b.index)
    .map((state) => {
      const message: any = { role: 'assistant', content: state.content.length > 0 ? state.content.join('') : null };
      if (state.reasoning.length > 0) message.reasoning_content = state.reasoning.join('');
      if (state.calls.size > 0) {
        message.tool_calls = [...state.calls.values()]
          .sort((a, b) => a.index - b.index)
          .map((call) => ({ index: call.index, id: call.id, type: call.type, function: { name: call.name, arguments: call.args.join('') } }));
      }
      let logprobs: any = null;
      if (state.lpContent.length > 0 || state.lpReasoning.length > 0) {
        logprobs = { content: state.lpContent.length > 0 ? state.lpContent.flat() : null };
        if (state.lpReasoning.length > 0) logprobs.reasoning_content = state.lpReasoning.flat();
      }
      return { index: state.index, message, logprobs, finish_reason: state.finish };
    });
  return out as ChatCompletion;
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(!present)('real DeepSeek streams, cut at random byte boundaries with keep-alives injected', () => {
  test('there are recorded streams to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(files)('%s', (file) => {
    const bytes = present ? readFileSync(join(realDir, file)) : Buffer.alloc(0);
    const payloads = sseDataPayloads(bytes.toString('utf8'));
    const doneAt = payloads.indexOf('[DONE]');
    const recorded = payloads.slice(0, doneAt).map((payload) => JSON.parse(payload) as ChatCompletionChunk);
    const expected = expectedCompletion(recorded);

    const servers: FaultServer[] = [];
    const plans = new Map<number, WritePlan>();
    const serverFor = async (seed: number): Promise<FaultServer> => {
      const server = await serveReplay(plans.get(seed)!);
      servers.push(server);
      return server;
    };
    beforeAll(() => {
      for (const seed of seeds) plans.set(seed, planFor(bytes, seed));
    });
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.close()));
    });

    test('the recording ends with data: [DONE] and its accumulation is a finished completion', () => {
      expect(doneAt).toBe(payloads.length - 1);
      expect(recorded.length).toBeGreaterThan(0);
      expect(expected.choices.every((choice) => choice.finish_reason !== null)).toBe(true);
      expect(expected.usage).toBeDefined();
      // Across the seeds the file is really cut, and keep-alives really are injected.
      expect(Math.max(...seeds.map((seed) => plans.get(seed)!.pieces.length))).toBeGreaterThan(recorded.length);
      expect(seeds.filter((seed) => plans.get(seed)!.keepAlives > 0).length).toBeGreaterThanOrEqual(3);
    });

    test.each(seeds)('seed %i: the yielded chunks are the recorded events, and finalCompletion() is their accumulation', async (seed) => {
      const plan = plans.get(seed)!;
      const server = await serverFor(seed);
      const client = clientFor(server, { idleTimeout: 10_000 });

      const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(chunks).toStrictEqual(recorded);
      expect(await stream.finalCompletion()).toStrictEqual(expected);
      // What was served is the recording plus the injected keep-alive blocks, nothing else.
      expect(Buffer.concat(plan.pieces).equals(bytes)).toBe(plan.keepAlives === 0);
      expect(Buffer.concat(plan.pieces).length).toBe(bytes.length + plan.keepAlives * KEEP_ALIVE.length);
      expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ stream: true });
    }, 30_000);

    test.each(seeds.slice(0, 2))('seed %i: finalCompletion() without iterating gives the same completion', async (seed) => {
      const server = await serverFor(seed);
      const stream = await clientFor(server, { idleTimeout: 10_000 }).chat.completions.create({ ...chatRequest, stream: true });

      expect(await stream.finalCompletion()).toStrictEqual(expected);
    }, 30_000);

    test.each(seeds.slice(2, 4))('seed %i: finalCompletion() after iterating half the chunks gives the same completion', async (seed) => {
      const server = await serverFor(seed);
      const stream = await clientFor(server, { idleTimeout: 10_000 }).chat.completions.create({ ...chatRequest, stream: true });

      const iterator = stream[Symbol.asyncIterator]();
      const firstHalf: ChatCompletionChunk[] = [];
      for (let i = 0; i < Math.ceil(recorded.length / 2); i++) {
        const next = await iterator.next();
        expect(next.done).toBe(false);
        firstHalf.push(next.value as ChatCompletionChunk);
      }

      expect(firstHalf).toStrictEqual(recorded.slice(0, firstHalf.length));
      expect(await stream.finalCompletion()).toStrictEqual(expected);
    }, 30_000);
  });
});
