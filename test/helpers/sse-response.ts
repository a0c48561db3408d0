/**
 * Streaming test doubles for the SDK's `fetch`: scripted `text/event-stream` bodies that behave
 * like a real fetch body (they error when the request's AbortSignal fires and record `cancel()`),
 * a backpressure probe that records every time the SDK asks for more bytes, a fake `fetch` that
 * captures requests, and hand-written DeepSeek-shaped chunk fixtures.
 *
 * Nothing here talks to the network; every key is fake.
 */
import { DeepSeek } from '../../src/index';
import type { ChatCompletionChunk, TextCompletionChunk, Usage } from '../../src/index';

export const testApiKey = 'sk-test-stream-0000';
const encoder = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// SSE framing
// ---------------------------------------------------------------------------------------------

/** One `data:` event: objects are serialized as JSON, strings are sent as they are. */
export function sseData(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
}

/** DeepSeek's terminator. */
export const DONE = 'data: [DONE]\n\n';
/** The comment DeepSeek sends while a request is queued. */
export const KEEP_ALIVE = ': keep-alive\n\n';

/** A whole SSE body: one event per chunk, then `data: [DONE]` unless `done` is false. */
export function sseText(chunks: readonly unknown[], options: { done?: boolean } = {}): string {
  return chunks.map(sseData).join('') + (options.done === false ? '' : DONE);
}

// ---------------------------------------------------------------------------------------------
// Scripted bodies
// ---------------------------------------------------------------------------------------------

/** One step of a scripted body. Strings and byte arrays are enqueued as one network chunk each. */
export type Step =
  | string
  | Uint8Array
  /** Waits this many ms (real timers). */
  | { delay: number }
  /** Sends `: keep-alive` comments every `every` ms for `for` ms. */
  | { keepAlive: { every: number; for: number } }
  /** Errors the body (a connection reset) once the reader has taken every chunk enqueued before it. */
  | { error: unknown }
  /** Never sends anything again and never closes (until aborted or cancelled). */
  | { hang: true };

/** What happened to a scripted body. */
export interface BodyRecord {
  /** Network chunks handed to the reader. */
  enqueued: number;
  /** `cancel()` ran (the SDK cancelled the body). */
  cancelled: boolean;
  cancelReason: unknown;
  /** The request's AbortSignal fired while the body was open, and the body errored with its reason. */
  abortedBySignal: boolean;
  /** The body closed normally at the end of the script. */
  closed: boolean;
}

/**
 * A push-based body that plays `steps` (with real-timer delays) and, like a real fetch body,
 * errors with the signal's reason when the request is aborted. At the end of the script the body
 * closes, unless the last step was `{ hang: true }`.
 */
export function scriptedBody(steps: readonly Step[], signal?: AbortSignal | null): { body: ReadableStream<Uint8Array>; record: BodyRecord } {
  const record: BodyRecord = { enqueued: 0, cancelled: false, cancelReason: undefined, abortedBySignal: false, closed: false };
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const stop = (): void => {
    stopped = true;
    wake?.();
  };
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  const onAbort = (): void => {
    if (stopped) return;
    stop();
    record.abortedBySignal = true;
    try {
      controllerRef?.error(signal?.reason);
    } catch {
      // already closed
    }
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      void (async () => {
        for (const step of steps) {
          if (stopped) return;
          if (typeof step === 'string' || step instanceof Uint8Array) {
            controller.enqueue(typeof step === 'string' ? encoder.encode(step) : step);
            record.enqueued++;
          } else if ('delay' in step) {
            await sleep(step.delay);
          } else if ('keepAlive' in step) {
            const end = Date.now() + step.keepAlive.for;
            while (!stopped && Date.now() < end) {
              controller.enqueue(encoder.encode(KEEP_ALIVE));
              record.enqueued++;
              await sleep(step.keepAlive.every);
            }
          } else if ('error' in step) {
            // A reset after everything sent so far was read, so the test knows what "arrived".
            while (!stopped && (controller.desiredSize ?? 0) < 1) await sleep(1);
            if (stopped) return;
            stop();
            signal?.removeEventListener('abort', onAbort);
            controller.error(step.error);
            return;
          } else {
            return; // hang: stay open until aborted or cancelled
          }
        }
        if (stopped) return;
        stopped = true;
        signal?.removeEventListener('abort', onAbort);
        record.closed = true;
        controller.close();
      })();
    },
    cancel(reason) {
      record.cancelled = true;
      record.cancelReason = reason;
      signal?.removeEventListener('abort', onAbort);
      stop();
    },
  });
  return { body, record };
}

/** What a {@link backpressureBody} saw. */
export interface BackpressureRecord {
  /** Times the reader asked for a network chunk (one `pull()` per `read()` with highWaterMark 0). */
  pulls: number;
  /** Times the reader asked for more after the last scripted chunk (the SDK should never do this). */
  pullsAfterEnd: number;
  cancelled: boolean;
  abortedBySignal: boolean;
}

/**
 * A pull-based body with `highWaterMark: 0`: it hands out one network chunk per read, so the
 * number of pulls is exactly the number of reads the SDK made. After the last chunk it never
 * closes; a further pull is recorded and then either hangs (`after: 'hang'`, a server that keeps
 * the connection open) or throws (`after: 'throw'`).
 */
export function backpressureBody(
  chunks: readonly string[],
  options: { after?: 'hang' | 'throw'; signal?: AbortSignal | null } = {},
): { body: ReadableStream<Uint8Array>; record: BackpressureRecord } {
  const record: BackpressureRecord = { pulls: 0, pullsAfterEnd: 0, cancelled: false, abortedBySignal: false };
  let next = 0;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  const signal = options.signal;
  const onAbort = (): void => {
    record.abortedBySignal = true;
    try {
      controllerRef?.error(signal?.reason);
    } catch {
      // already closed
    }
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        signal?.addEventListener('abort', onAbort, { once: true });
      },
      pull(controller) {
        record.pulls++;
        if (next < chunks.length) {
          controller.enqueue(encoder.encode(chunks[next++]!));
          return;
        }
        record.pullsAfterEnd++;
        if (options.after === 'throw') throw new Error('the SDK read past the end of the scripted body');
        return new Promise<void>(() => undefined); // the server never closes
      },
      cancel() {
        record.cancelled = true;
        signal?.removeEventListener('abort', onAbort);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, record };
}

/** Wraps a body in a 200 `text/event-stream` response, as DeepSeek sends it. */
export function sseResponse(body: ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}): Response {
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', ...headers } });
}

// ---------------------------------------------------------------------------------------------
// Fake fetch and client
// ---------------------------------------------------------------------------------------------

/** One request the fake fetch received. */
export interface CapturedRequest {
  url: string;
  method: string;
  headers: Headers;
  /** The JSON request body, parsed. */
  body: unknown;
  /** The request's AbortSignal (the SDK aborts it on cancel, break and idle timeouts). */
  signal: AbortSignal;
}

export type Responder = (request: CapturedRequest, attempt: number) => Response | Promise<Response>;

/** A `fetch` that records every request and answers with `responder`. */
export function fakeFetch(responder: Responder): {
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  requests: CapturedRequest[];
} {
  const requests: CapturedRequest[] = [];
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const request: CapturedRequest = {
      url: input,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : init.body,
      signal: init.signal!,
    };
    requests.push(request);
    return responder(request, requests.length - 1);
  };
  return { fetch, requests };
}

/** A client whose `fetch` plays `steps` as an SSE body, recording the body's fate. */
export function scriptedClient(steps: readonly Step[], options: { idleTimeout?: number; timeout?: number; maxRetries?: number } = {}) {
  const records: BodyRecord[] = [];
  const { fetch, requests } = fakeFetch((request) => {
    const { body, record } = scriptedBody(steps, request.signal);
    records.push(record);
    return sseResponse(body);
  });
  const client = new DeepSeek({
    apiKey: testApiKey,
    baseURL: 'http://127.0.0.1:1',
    fetch,
    maxRetries: options.maxRetries ?? 0,
    ...(options.idleTimeout === undefined ? {} : { idleTimeout: options.idleTimeout }),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  });
  /** `records[i]` is what happened to the body of `requests[i]`. */
  return { client, requests, records };
}

/** Iterates `stream`, collecting every chunk, and returns them with the error the iteration threw (if any). */
export async function collect<T>(stream: AsyncIterable<T>): Promise<{ chunks: T[]; error: unknown }> {
  const chunks: T[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    return { chunks, error };
  }
  return { chunks, error: undefined };
}

export const userMessages = [{ role: 'user' as const, content: 'hi' }];

// ---------------------------------------------------------------------------------------------
// DeepSeek-shaped fixtures (hand-written, following the recorded shapes)
// ---------------------------------------------------------------------------------------------

const chunkEnvelope = {
  id: '7d3f5a52-6c1e-4c3b-9a55-2f0e6a7b8c01',
  object: 'chat.completion.chunk' as const,
  created: 1790000000,
  model: 'deepseek-v4-flash',
  system_fingerprint: 'fp_test_prod0000',
};

type ChunkChoice = ChatCompletionChunk['choices'][number];

/** A chat chunk with one choice (index 0 unless given) and `usage: null`, as DeepSeek streams them. */
export function chatChunk(choice: Partial<ChunkChoice> & Pick<ChunkChoice, 'delta'>, extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk {
  return {
    ...chunkEnvelope,
    choices: [{ index: 0, logprobs: null, finish_reason: null, ...choice }],
    usage: null,
    ...extra,
  };
}

export const thinkingUsage: Usage = {
  prompt_tokens: 12,
  completion_tokens: 40,
  total_tokens: 52,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 25 },
  prompt_cache_hit_tokens: 0,
  prompt_cache_miss_tokens: 12,
};

export const reasoningFragments = ['The user ', 'greets me', '; a short, ', 'friendly ', 'reply fits.'];
export const contentFragments = ['Hello', '! How ', 'can I ', 'help?'];

/** A thinking-mode stream: role chunk, reasoning fragments, answer fragments, final chunk with usage. */
export function thinkingChunks(): ChatCompletionChunk[] {
  return [
    chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
    ...reasoningFragments.map((text) => chatChunk({ delta: { content: null, reasoning_content: text } })),
    ...contentFragments.map((text) => chatChunk({ delta: { content: text, reasoning_content: null } })),
    chatChunk({ delta: { content: '', reasoning_content: null }, finish_reason: 'stop' }, { usage: thinkingUsage }),
  ];
}

export const toolUsage: Usage = {
  prompt_tokens: 339,
  completion_tokens: 83,
  total_tokens: 422,
  prompt_tokens_details: { cached_tokens: 320 },
  completion_tokens_details: { reasoning_tokens: 39 },
  prompt_cache_hit_tokens: 320,
  prompt_cache_miss_tokens: 19,
};

export const toolReasoningFragments = ['The user wants ', 'the weather and ', 'the time in Paris; ', 'call both tools.'];

/** A thinking-mode turn that calls two tools in parallel, each streamed in fragments. */
export function parallelToolChunks(): ChatCompletionChunk[] {
  return [
    chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
    ...toolReasoningFragments.map((text) => chatChunk({ delta: { content: null, reasoning_content: text } })),
    chatChunk({ delta: { tool_calls: [{ index: 0, id: 'call_00_WeatherAAAAAAAAAAAAAAAA', type: 'function', function: { name: 'get_weather', arguments: '' } }] } }),
    chatChunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }),
    chatChunk({ delta: { tool_calls: [{ index: 0, function: { arguments: ' "Par' } }] } }),
    chatChunk({ delta: { tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] } }),
    chatChunk({ delta: { tool_calls: [{ index: 1, id: 'call_01_ClockBBBBBBBBBBBBBBBBBB', type: 'function', function: { name: 'get_time', arguments: '' } }] } }),
    chatChunk({ delta: { tool_calls: [{ index: 1, function: { arguments: '{"tz":' } }] } }),
    chatChunk({ delta: { tool_calls: [{ index: 1, function: { arguments: ' "Europe/Paris"}' } }] } }),
    chatChunk({ delta: { content: '', reasoning_content: null }, finish_reason: 'tool_calls' }, { usage: toolUsage }),
  ];
}

const textEnvelope = {
  id: 'b2a1c3d4-0000-4000-8000-00000000f1f1',
  object: 'text_completion',
  created: 1790000001,
  model: 'deepseek-v4-flash',
};

export const fimFragments = ['    if a <', ' 2:\n', '        return', ' a\n'];

/** A FIM stream: text fragments, then a final chunk with finish_reason and usage. */
export function fimChunks(): TextCompletionChunk[] {
  return [
    ...fimFragments.map((text): TextCompletionChunk => ({ ...textEnvelope, choices: [{ index: 0, text, logprobs: null, finish_reason: null }] })),
    {
      ...textEnvelope,
      choices: [{ index: 0, text: '', logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 20, completion_tokens: 11, total_tokens: 31, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 20 },
    },
  ];
}

/** Sleeps with a real timer. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
