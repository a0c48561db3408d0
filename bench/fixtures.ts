/**
 * The benchmark's data: what the emulator sends and what every client must hand back.
 * Shared by the emulator (which renders it to bytes) and the scenarios (which verify
 * against it), so both sides agree without the expected values ever crossing a socket.
 * Everything is a pure function of its arguments: no randomness that is not seeded.
 */

/** The write patterns the emulator can produce for a stream (see `bench/emulator.ts`). */
export type WritePattern = 'event' | 'bulk' | 'split' | 'first-token';

/** Request headers that select what the emulator streams; every client can set headers. */
export const patternHeader = 'x-bench-pattern';
export const chunksHeader = 'x-bench-chunks';
/** Optional: send each HTTP chunk this many µs after the previous one, so each is read alone. */
export const paceHeader = 'x-bench-pace-us';

/** In first-token streams: how long the emulator waits (ms) before the timestamped token. */
export const firstTokenDelayMs = 3;
/** In first-token streams: the field of the timestamped chunk holding `process.hrtime.bigint()`. */
export const sentAtField = 'bench_sent_ns';

export const model = 'deepseek-v4-flash';
const completionId = '08251562-c8b9-4091-a783-b646c38ee0db';
const fingerprint = 'fp_5c1d0e8f3a_prod0820_fp8_kvcache';
const created = 1795671665;

/**
 * Token-sized deltas like DeepSeek's: mostly short English pieces, some Chinese (3-byte
 * UTF-8, so random splits cut characters), an emoji (4 bytes), and characters that JSON
 * escapes (newlines, quotes, backslash), so parsers cannot take shortcuts.
 */
const vocabulary = [
  ' the', ' model', ' answer', ' is', ',', ' a', ' stream', ' of', ' tokens', '.', ' We', ' can',
  ' compute', ' it', ' step', ' by', ' step', ':', ' first', ' then', ' and', ' result', ' 42',
  ' value', ' function', '(', ')', ' =>', ' {', ' }', ';', '\n', '\n\n', ' "', 'quote', '"',
  '你好', '模型', '，', '。', '流式', '输出', ' 🚀', '\\', '\t', ' über', ' naïve', ' ok',
];

/** A small integer hash (Thomas Wang / splitmix-style), so token i does not depend on tokens before it. */
function hash32(value: number): number {
  let x = value | 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Seeded PRNG (mulberry32) for the emulator's random splits: same seed, same bytes, every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The content delta of chunk `index` in a stream of `chunks` chunks ('' for the first and last). */
export function deltaAt(index: number, chunks: number): string {
  if (index === 0 || index === chunks - 1) return '';
  return vocabulary[hash32(index) % vocabulary.length]!;
}

/**
 * The expected content delta of every chunk of a stream, in order. Clients are verified
 * chunk by chunk against this array (stronger than comparing the concatenation, and it
 * keeps the memory scenario free of a growing string on the consumer's side).
 */
export function expectedDeltas(chunks: number): string[] {
  if (!Number.isInteger(chunks) || chunks < 3) throw new RangeError('a stream needs at least 3 chunks (role, content, final)');
  return Array.from({ length: chunks }, (_, index) => deltaAt(index, chunks));
}

/** Usage DeepSeek reports on the final chunk: one completion token per content chunk. */
export function streamUsage(chunks: number) {
  const completion = chunks - 2;
  return {
    prompt_tokens: 14,
    completion_tokens: completion,
    total_tokens: 14 + completion,
    prompt_tokens_details: { cached_tokens: 0 },
    prompt_cache_hit_tokens: 0,
    prompt_cache_miss_tokens: 14,
  };
}

/**
 * The `chat.completion.chunk` object of chunk `index`, shaped like DeepSeek's: the first has
 * `delta: {role: 'assistant', content: ''}`, the last has `finish_reason: 'stop'` and `usage`.
 */
export function chunkAt(index: number, chunks: number, extra?: Record<string, string>): Record<string, unknown> {
  const last = index === chunks - 1;
  const delta = index === 0 ? { role: 'assistant', content: '' } : { content: deltaAt(index, chunks) };
  return {
    id: completionId,
    object: 'chat.completion.chunk',
    created,
    model,
    system_fingerprint: fingerprint,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: last ? 'stop' : null }],
    usage: last ? streamUsage(chunks) : null,
    ...extra,
  };
}

/** The answer of the small (non-streamed) chat completion: about 600 bytes, a typical short reply. */
export const chatAnswer =
  'Server-sent events are a one-way channel: the server keeps the HTTP response open and writes ' +
  '"data:" lines, each event ending with a blank line. DeepSeek streams every token as one ' +
  'chat.completion.chunk, sends ": keep-alive" comments while the request is queued, and ends ' +
  'with "data: [DONE]".\n\nTo read it, decode UTF-8 incrementally (a character may be split ' +
  'between two network reads), split on blank lines, parse each data payload as JSON and stop ' +
  'at [DONE]. 流式输出 works the same way. 🚀';

/** The non-streamed `chat.completion` body. */
export function chatCompletion(): Record<string, unknown> {
  return {
    id: 'c2444bc7-38b7-4398-8812-aac4fadb4063',
    object: 'chat.completion',
    created,
    model,
    system_fingerprint: fingerprint,
    choices: [{ index: 0, message: { role: 'assistant', content: chatAnswer }, logprobs: null, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: 14,
      completion_tokens: 131,
      total_tokens: 145,
      prompt_tokens_details: { cached_tokens: 0 },
      prompt_cache_hit_tokens: 0,
      prompt_cache_miss_tokens: 14,
    },
  };
}

/** The FIM request's prompt and suffix, and the middle the emulator answers with. */
export const fimPrompt = 'def fib(a):\n';
export const fimSuffix = '    return fib(a-1) + fib(a-2)';
export const fimText = '    if a <= 1:\n        return a\n';

/** The `text_completion` body of `POST /beta/completions`. */
export function fimCompletion(): Record<string, unknown> {
  return {
    id: '5b0f3c1e-7a2d-4c8e-9f1b-2d3e4f5a6b7c',
    object: 'text_completion',
    created,
    model,
    system_fingerprint: fingerprint,
    choices: [{ index: 0, text: fimText, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 21, completion_tokens: 12, total_tokens: 33, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 21 },
  };
}

/** What every client sends for a chat request (streamed or not). */
export const chatMessages = [
  { role: 'system' as const, content: 'You are a helpful assistant.' },
  { role: 'user' as const, content: 'Explain server-sent events in one paragraph.' },
];
