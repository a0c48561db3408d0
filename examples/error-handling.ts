/**
 * Which error is which, and what to do about each. Every scenario below provokes one failure
 * and hands it to `explain()`, the branching you would put in your own code.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/error-handling.ts
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  DeepSeek,
  InsufficientBalanceError,
  RateLimitError,
  StreamError,
  type FetchLike,
} from 'deepseek-fetch';

/** What to tell the user (or the logs). Subclasses first: instanceof also matches the bases. */
function explain(error: unknown): string {
  if (error instanceof InsufficientBalanceError) {
    return `out of balance: top up, retrying will not help (status ${error.status}, trace ${error.traceId})`;
  }
  if (error instanceof RateLimitError) {
    // Already retried maxRetries times (default 2) with backoff before it reached you.
    return `too many concurrent requests: lower your concurrency (status ${error.status}, trace ${error.traceId})`;
  }
  if (error instanceof AuthenticationError) {
    return `check DEEPSEEK_API_KEY (status ${error.status}, trace ${error.traceId})`;
  }
  if (error instanceof BadRequestError) {
    // The server's message says what is wrong: unknown model, context too long, missing reasoning_content...
    return `fix the request: ${error.message} (trace ${error.traceId})`;
  }
  if (error instanceof APIError) {
    // Other statuses (422, 5xx), or an error inside a 200 stream (status undefined).
    return `API error ${error.status ?? 'in stream'}: ${error.message} (trace ${error.traceId})`;
  }
  if (error instanceof APIConnectionTimeoutError) {
    // Not retried: the server may still be generating (and billing) the first answer.
    return `timed out: ${error.message}`;
  }
  if (error instanceof APIConnectionError) return `network problem: ${error.message}`;
  if (error instanceof StreamError) {
    // Every chunk that arrived before the failure was delivered; the answer is incomplete.
    return `the stream broke (${error.kind}): ${error.message}`;
  }
  throw error; // not an API failure: a bug, let it crash
}

// Test hook, not needed in your code: CI runs this against a Prism mock of the API, which
// cannot run out of balance or reject a key, but answers with any documented error status
// when asked with a `Prefer: code=NNN` header. Against the real API the header is not sent.
const mock = Boolean(process.env.DEEPSEEK_EXAMPLES_MOCK);
const simulate = (status: number) => (mock ? { headers: { prefer: `code=${status}` } } : {});

const client = new DeepSeek();
const messages = [{ role: 'user' as const, content: 'Hello!' }];

const scenarios: [name: string, expected: abstract new (...args: never[]) => Error, run: () => Promise<unknown>][] = [
  ['out of balance', InsufficientBalanceError, () => client.chat.completions.create({ model: 'deepseek-flash', messages }, simulate(402))],
  [
    'rate limited',
    RateLimitError,
    // maxRetries: 0 only to keep the demo fast; by default a 429 is retried twice first.
    () => client.chat.completions.create({ model: 'deepseek-flash', messages }, { maxRetries: 0, ...simulate(429) }),
  ],
  [
    'wrong API key',
    AuthenticationError,
    () => new DeepSeek({ apiKey: 'sk-wrong' }).chat.completions.create({ model: 'deepseek-flash', messages }, simulate(401)),
  ],
  ['unknown model', BadRequestError, () => client.chat.completions.create({ model: 'no-such-model', messages }, simulate(400))],
  ['1 ms deadline', APIConnectionTimeoutError, () => client.chat.completions.create({ model: 'deepseek-flash', messages }, { timeout: 1 })],
  [
    'stream cut short by a proxy',
    StreamError,
    async () => {
      const stream = await new DeepSeek({ fetch: cutStreams }).chat.completions.create({ model: 'deepseek-flash', messages, stream: true });
      let chunks = 0;
      try {
        for await (const _chunk of stream) chunks++;
      } finally {
        // Chunks that arrived before the failure are delivered first: a partial answer can be shown.
        console.log(`  (${chunks} chunk(s) received before the failure)`);
      }
      return stream;
    },
  ],
];

let unexpected = 0;
for (const [name, expected, run] of scenarios) {
  // 402 and 429 cannot be provoked on demand against the real API.
  if (!mock && (expected === InsufficientBalanceError || expected === RateLimitError)) {
    console.log(`${name}: skipped (only with the mock)`);
    continue;
  }
  try {
    await run();
    console.log(`${name}: no error`);
    unexpected++;
  } catch (error) {
    console.log(`${name}: ${error instanceof Error ? error.name : typeof error} -> ${explain(error)}`);
    if (!(error instanceof expected)) unexpected++;
  }
}
if (unexpected > 0) {
  console.error(`${unexpected} scenario(s) did not fail as expected`);
  process.exitCode = 1;
}

/**
 * A `fetch` that passes through only the first event of a streamed body, as a flaky proxy or a
 * dropped connection would: the stream then ends without `data: [DONE]`.
 */
async function cutStreams(...args: Parameters<FetchLike>): Promise<Response> {
  const response = await fetch(...args);
  if (!response.body || !response.headers.get('content-type')?.includes('event-stream')) return response;
  const reader = response.body.getReader();
  let cut = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done || cut) {
        await reader.cancel();
        return controller.close();
      }
      const end = indexOfBlankLine(value);
      cut = end >= 0;
      controller.enqueue(cut ? value.subarray(0, end + 2) : value);
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

function indexOfBlankLine(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 10 && bytes[i + 1] === 10) return i;
  return -1;
}
