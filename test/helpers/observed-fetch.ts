/**
 * A scripted, recording fake `fetch` for client tests (the "observed fetch" of
 * openapi-fetch's tests and openai-node's `mockFetch`): every call is recorded as
 * `(url, init)` plus a snapshot of its headers and body, and is answered from a list of
 * `Response`s or answer functions, in order. No global is touched.
 */
import type { FetchLike } from '../../src/index';

/** An obviously fake key; tests that look for leaks use their own, more distinctive one. */
export const testKey = 'sk-test-unit-0123456789abcdef';

/** One call the SDK made. */
export interface ObservedCall {
  url: string;
  init: RequestInit;
  method: string;
  /** A copy of the headers as they were at the time of the call. */
  headers: Headers;
  /** The request body, when it was a string (JSON calls always are). */
  body: string | undefined;
  signal: AbortSignal | undefined;
}

/** How one call is answered: a ready `Response` (single use) or a function of the call. */
export type Answer = Response | Error | ((call: ObservedCall, index: number) => Response | Promise<Response>);

export interface ObservedFetch extends FetchLike {
  /** Every call, in order. */
  readonly calls: ObservedCall[];
}

/**
 * A fake fetch answering call `i` with `script[i]` (an `Error` is thrown as a rejection, like a
 * failed connection), or every call with `script(call, i)`. A call past the end of the list
 * rejects with an error naming it, which the test then sees in `calls.length`.
 */
export function observedFetch(script: readonly Answer[] | ((call: ObservedCall, index: number) => Response | Promise<Response>)): ObservedFetch {
  const calls: ObservedCall[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const call: ObservedCall = {
      url,
      init,
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    const index = calls.push(call) - 1;
    if (typeof script === 'function') return script(call, index);
    const answer = script[index];
    if (answer === undefined) throw new Error(`observedFetch: unexpected call #${index + 1} to ${url} (the script has ${script.length} answers)`);
    if (answer instanceof Error) throw answer;
    if (answer instanceof Response) return answer;
    return answer(call, index);
  };
  return Object.assign(fetch, { calls });
}

/**
 * A body as a network `fetch` delivers it: a byte stream, not a string a `Response` keeps
 * around (and `util.inspect` would print).
 */
export function byteStream(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

interface ResponseInitLike {
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
}

/** A JSON response (status 200 unless given). */
export function jsonResponse(body: unknown, init: ResponseInitLike = {}): Response {
  return new Response(byteStream(JSON.stringify(body)), {
    status: init.status ?? 200,
    ...(init.statusText === undefined ? {} : { statusText: init.statusText }),
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

/** A response with a raw text body (status 200 unless given). */
export function textResponse(text: string, init: ResponseInitLike & { contentType?: string } = {}): Response {
  return new Response(byteStream(text), {
    status: init.status ?? 200,
    ...(init.statusText === undefined ? {} : { statusText: init.statusText }),
    headers: { 'content-type': init.contentType ?? 'text/plain; charset=utf-8', ...init.headers },
  });
}

/** The usual DeepSeek error body. */
export function errorBody(message: string, extra: { type?: string; code?: string; param?: string | null } = {}) {
  return { error: { message, type: extra.type ?? 'invalid_request_error', param: extra.param ?? null, code: extra.code ?? 'invalid_request_error' } };
}

/** An error status with a DeepSeek JSON error body; `retry-after-ms: 0` keeps retries instant. */
export function errorResponse(status: number, message = `status ${status}`, headers: Record<string, string> = {}): Response {
  return jsonResponse(errorBody(message), { status, headers: { 'retry-after-ms': '0', ...headers } });
}

/** A `text/event-stream` response with one `data:` event per payload, then `data: [DONE]`. */
export function sseResponse(payloads: readonly unknown[], init: ResponseInitLike & { done?: boolean } = {}): Response {
  const events = payloads.map((payload) => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`);
  if (init.done !== false) events.push('data: [DONE]\n\n');
  return new Response(byteStream(events.join('')), {
    status: init.status ?? 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', ...init.headers },
  });
}

/** The reason a real `fetch` rejects with when its signal aborts. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** An answer that never settles until the request's signal aborts, then rejects like `fetch` does. */
export function hangsUntilAborted(call: ObservedCall): Promise<Response> {
  return new Promise((_resolve, reject) => {
    const signal = call.signal;
    if (!signal) return; // never settles: the test will fail on its own timeout
    if (signal.aborted) return reject(abortReason(signal));
    signal.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
  });
}

/**
 * An answer whose headers arrive at once but whose body sends `prefix` and then stalls until
 * the request's signal aborts (a real fetch then errors the body stream with the reason).
 */
export function bodyStallsUntilAborted(prefix: string, init: ResponseInitLike = {}) {
  return (call: ObservedCall): Response => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(prefix));
        const signal = call.signal;
        if (!signal) return;
        if (signal.aborted) controller.error(abortReason(signal));
        else signal.addEventListener('abort', () => controller.error(abortReason(signal)), { once: true });
      },
    });
    return new Response(body, {
      status: init.status ?? 200,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
  };
}

/** A connection failure as Node's fetch reports it: `TypeError: fetch failed` with the socket error as cause. */
export function connectionRefused(): TypeError {
  const socketError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  return new TypeError('fetch failed', { cause: socketError });
}

/** Payloads shaped like DeepSeek's, small enough to read in a test. */
export const fixtures = {
  chatRequest: {
    model: 'deepseek-v4-flash',
    messages: [{ role: 'user' as const, content: 'Say hi.' }],
  },
  chatCompletion: {
    id: '0b1c2d3e-0000-4000-8000-000000000001',
    object: 'chat.completion' as const,
    created: 1_760_000_000,
    model: 'deepseek-v4-flash',
    system_fingerprint: 'fp_test',
    choices: [{ index: 0, message: { role: 'assistant' as const, content: 'Hi!' }, logprobs: null, finish_reason: 'stop' as const }],
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  },
  chatChunk: (content: string, finish: 'stop' | null = null) => ({
    id: '0b1c2d3e-0000-4000-8000-000000000002',
    object: 'chat.completion.chunk',
    created: 1_760_000_000,
    model: 'deepseek-v4-flash',
    choices: [{ index: 0, delta: { role: 'assistant', content }, logprobs: null, finish_reason: finish }],
  }),
  fimRequest: { model: 'deepseek-v4-flash', prompt: 'def fib(a):\n', suffix: '    return fib(a-1) + fib(a-2)', max_tokens: 16 },
  textCompletion: {
    id: '0b1c2d3e-0000-4000-8000-000000000003',
    object: 'text_completion' as const,
    created: 1_760_000_000,
    model: 'deepseek-v4-flash',
    choices: [{ index: 0, text: '    if a < 2: return a\n', logprobs: null, finish_reason: 'stop' as const }],
  },
  modelList: {
    object: 'list' as const,
    data: [
      { id: 'deepseek-v4-flash', object: 'model' as const, owned_by: 'deepseek' },
      { id: 'deepseek-v4-pro', object: 'model' as const, owned_by: 'deepseek' },
    ],
  },
  userBalance: {
    is_available: true,
    balance_infos: [{ currency: 'CNY' as const, total_balance: '47.44', granted_balance: '0.00', topped_up_balance: '47.44' }],
  },
};
