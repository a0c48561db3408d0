/**
 * The only module that calls `fetch` and the only one that holds the API key: auth, a deadline
 * per attempt, retries, bounded error-body reads and error classification. Paths and bodies are
 * typed from the generated spec (`PathsWith`, `JsonRequestBody`), so a wrong path or field is a
 * compile error here as it is in the openapi-fetch client of `deepseek-fetch/openapi`.
 *
 * Why this module calls `fetch` itself rather than through that openapi-fetch client: for four
 * fixed operations with no parameters its request building is `baseURL + path` and
 * `JSON.stringify`, yet it builds two undici `Headers` per call. Measured with `npm run bench`
 * when the client stopped going through it: sequential JSON requests went from 1.28x (Node 20)
 * and 1.39x (Node 24) of the floor's CPU to about 1.1x, and the browser bundle of a streamed
 * chat call from 12.3 to 10.3 KB gzip. The typed openapi-fetch client ships as its own entry
 * point instead.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  DeepSeekError,
  errorCode,
  StreamError,
  undiciTimeoutHint,
} from './errors';
import type { LeveledLogger } from './log';
import type { JsonRequestBody, JsonResponseBody, PathsWith } from './openapi';
import { redactHeaders, redactSecrets } from './redact';
import { isRetryable, retryDelayMs, type AttemptFailure } from './retry';
import { maxTimerMs } from './runtime';

/** The subset of `fetch` the SDK needs; pass your own to use a proxy, undici agent or mock. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Settings the transport is built with (already validated by the client). */
export interface TransportConfig {
  apiKey: string;
  /** Base URL without trailing slash, e.g. `https://api.deepseek.com`. */
  baseURL: string;
  timeout: number;
  maxRetries: number;
  fetch: FetchLike;
  /** Extra `RequestInit` fields for every request (e.g. an undici `dispatcher`). */
  fetchOptions: Record<string, unknown> | undefined;
  defaultHeaders: Record<string, string>;
  logger: LeveledLogger;
}

/**
 * Per-request options, accepted as the second argument of every client method.
 */
export interface RequestOptions {
  /** Aborts the request (or the stream); the call then rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Deadline in ms for one attempt: connect, headers and, for JSON, the whole body. */
  timeout?: number | undefined;
  /** Streams only: longest wait in ms for the next data event (keep-alive comments do not count). */
  idleTimeout?: number | undefined;
  /** Retries after the first attempt for this request. */
  maxRetries?: number | undefined;
  /** Extra headers for this request; `null` removes a default header. */
  headers?: Record<string, string | null | undefined> | undefined;
}

/** A successful JSON call. */
export interface JsonResult<T> {
  data: T;
  response: Response;
}

/** A successful streaming call: headers received, body not read yet. */
export interface StreamResult {
  response: Response;
  body: ReadableStream<Uint8Array>;
  /** Aborts the HTTP request (used on `break`, `abort()` and the idle watchdog). */
  abort(reason?: unknown): void;
  /** Fires when the request is aborted for any reason. */
  signal: AbortSignal;
  /** The caller's signal, if any: when it fired, the stream ends with `APIUserAbortError`. */
  userSignal: AbortSignal | undefined;
  /** Detaches from the caller's signal; call once the stream is over. */
  release(): void;
  /** Masks the API key (and key-shaped strings) in text taken from the stream. */
  redact(text: string): string;
}

/** Where a call goes and how its 2xx body is handled. */
interface Call {
  mode: 'json' | 'stream';
  options: RequestOptions;
  /** The attempt deadline in ms, resolved and checked once per call. */
  timeout?: number;
  /** The request headers, the key included: built once per call, never exposed. */
  headers: Record<string, string>;
  data?: unknown;
  stream?: StreamResult;
}

/** What every attempt of one call sends. Headers stay a plain object: undici's `Headers` is slower to build and to copy. */
interface PlainRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body: string | undefined;
}

const noop = (): void => undefined;

/** Error bodies are read up to this many bytes; the rest is discarded. */
const errorBodyLimit = 64 * 1024;

class AttemptError extends Error {
  constructor(
    readonly failure: AttemptFailure | undefined,
    readonly error: Error,
  ) {
    super(error.message);
  }
}

export class Transport {
  readonly #apiKey: string;
  readonly #config: Omit<TransportConfig, 'apiKey'>;
  readonly #baseURL: string;
  readonly #betaBaseURL: string;
  readonly #defaultHeaders: Record<string, string>;

  constructor(config: TransportConfig) {
    const { apiKey, ...rest } = config;
    this.#apiKey = apiKey;
    this.#config = rest;
    this.#baseURL = config.baseURL;
    this.#betaBaseURL = `${config.baseURL}/beta`;
    this.#defaultHeaders = lowerCaseKeys(config.defaultHeaders);
  }

  /** POST with a JSON response. */
  async post<P extends PathsWith<'post'>>(
    path: P,
    body: JsonRequestBody<P>,
    options: RequestOptions = {},
    beta = false,
  ): Promise<JsonResult<JsonResponseBody<P, 'post'>>> {
    const call: Call = { mode: 'json', options, headers: this.#headers('application/json', options.headers, true) };
    const response = await this.#attempts(this.#request('POST', path, beta, body), call);
    return { data: call.data as JsonResponseBody<P, 'post'>, response };
  }

  /** POST whose `200` is a `text/event-stream`; resolves once headers arrive. */
  async postStream<P extends PathsWith<'post'>>(
    path: P,
    body: JsonRequestBody<P>,
    options: RequestOptions = {},
    beta = false,
  ): Promise<StreamResult> {
    // Errors are JSON even on streaming calls; listing both lets mocks pick the error body.
    const call: Call = { mode: 'stream', options, headers: this.#headers('text/event-stream, application/json', options.headers, true) };
    await this.#attempts(this.#request('POST', path, beta, body), call);
    return call.stream!;
  }

  /** GET with a JSON response. */
  async get<P extends PathsWith<'get'>>(path: P, options: RequestOptions = {}): Promise<JsonResult<JsonResponseBody<P, 'get'>>> {
    const call: Call = { mode: 'json', options, headers: this.#headers('application/json', options.headers, false) };
    const response = await this.#attempts(this.#request('GET', path, false), call);
    return { data: call.data as JsonResponseBody<P, 'get'>, response };
  }

  /** The URL and body every attempt of a call sends; the body is serialized once, so retries re-send it byte for byte. */
  #request(method: PlainRequest['method'], path: string, beta: boolean, body?: unknown): PlainRequest {
    let json: string | undefined;
    try {
      json = body === undefined ? undefined : JSON.stringify(body);
    } catch (error) {
      // A cycle or a BigInt: fail before anything is sent, naming the problem, not the body.
      throw new DeepSeekError(`The request body cannot be sent as JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`, { cause: error });
    }
    return { url: `${beta ? this.#betaBaseURL : this.#baseURL}${path}`, method, body: json };
  }

  /**
   * The headers of one call, lowest precedence first: content type, `defaultHeaders`, accept,
   * per-request `headers` (`null` removes one), then the key. A null-prototype object, so a
   * header named `__proto__` is just a header; a fresh one per call, since a custom `fetch`
   * may add to it.
   */
  #headers(accept: string, extra: RequestOptions['headers'], hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = Object.create(null) as Record<string, string>;
    if (hasBody) headers['content-type'] = 'application/json';
    Object.assign(headers, this.#defaultHeaders);
    headers.accept = accept;
    if (extra) {
      for (const [name, value] of Object.entries(extra)) {
        if (value === null) delete headers[name.toLowerCase()];
        else if (value !== undefined) headers[name.toLowerCase()] = value;
      }
    }
    headers.authorization = `Bearer ${this.#apiKey}`;
    return headers;
  }

  /** Runs attempts until one succeeds, the error is final, or retries run out. */
  async #attempts(request: PlainRequest, call: Call): Promise<Response> {
    const { signal } = call.options;
    // Per-request options are checked like the client's, before anything is sent.
    const maxRetries = nonNegativeInteger('maxRetries', call.options.maxRetries ?? this.#config.maxRetries);
    call.timeout = nonNegative('timeout', call.options.timeout ?? this.#config.timeout);
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    for (let retry = 0; ; retry++) {
      try {
        return await this.#attempt(request, call);
      } catch (thrown) {
        if (!(thrown instanceof AttemptError)) throw thrown;
        const { failure, error } = thrown;
        if (!failure || retry >= maxRetries || !isRetryable(failure)) throw error;
        const headers = failure.kind === 'status' || failure.kind === 'empty-body' ? failure.headers : undefined;
        const delay = retryDelayMs(retry, headers, Date.now(), Math.random());
        this.#config.logger.info(`retrying ${request.method} ${request.url} in ${Math.round(delay)} ms (retry ${retry + 1} of ${maxRetries}): ${error.message}`);
        await sleep(delay, signal);
      }
    }
  }

  /** One HTTP exchange under its own deadline. Throws `AttemptError` or a final error. */
  async #attempt(request: PlainRequest, call: Call): Promise<Response> {
    const { logger } = this.#config;
    const userSignal = call.options.signal;
    const timeout = call.timeout!;
    const controller = new AbortController();
    let detach = noop;
    if (userSignal) {
      const onUserAbort = (): void => controller.abort(userSignal.reason);
      userSignal.addEventListener('abort', onUserAbort, { once: true });
      detach = () => userSignal.removeEventListener('abort', onUserAbort);
    }
    let timedOut = false;
    const timer =
      timeout < maxTimerMs
        ? setTimeout(() => {
            timedOut = true;
            controller.abort(new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`));
          }, timeout)
        : undefined;
    let handedOver = false;
    try {
      if (logger.debugEnabled) logger.debug(`${request.method} ${request.url}`, { headers: redactHeaders(call.headers) });
      const response = await this.#config.fetch(request.url, {
        ...this.#config.fetchOptions,
        method: request.method,
        headers: call.headers,
        body: request.body,
        signal: controller.signal,
        redirect: 'manual', // workerd rejects 'error'; a 3xx is turned into an error below
      });
      if (logger.debugEnabled) logger.debug(`${request.method} ${request.url} → ${response.status}`);

      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        throw new AttemptError(undefined, APIError.from({
          status: response.status,
          headers: response.headers,
          fallbackMessage: `redirect${location ? ` to ${location}` : ''} not followed: the SDK never follows redirects, so the API key cannot leak to another host`,
        }));
      }
      if (!response.ok) {
        const body = sniffBody(redactSecrets(await readBounded(response, errorBodyLimit), this.#apiKey));
        const error = APIError.from({ status: response.status, headers: response.headers, body, fallbackMessage: fallbackFor(body, response) });
        throw new AttemptError({ kind: 'status', status: response.status, headers: response.headers }, error);
      }
      if (call.mode === 'stream') {
        const contentType = response.headers.get('content-type');
        if (contentType !== null && !contentType.includes('event-stream')) {
          const body = sniffBody(redactSecrets(await readBounded(response, errorBodyLimit), this.#apiKey));
          const expected = `expected a text/event-stream response but got ${contentType}`;
          // The server's message is used only when the body is an API error; any other body
          // (a completion, an HTML page, stream text) stays out of the message.
          const carriesError = typeof body === 'object' && body !== null && 'error' in body;
          throw new AttemptError(
            undefined,
            carriesError
              ? APIError.from({ status: response.status, headers: response.headers, body, fallbackMessage: expected })
              : new APIError(`${response.status} ${expected}`, { status: response.status, headers: response.headers, body }),
          );
        }
        if (!response.body) {
          throw new AttemptError(undefined, new StreamError('incomplete', 'The response has no readable body; this runtime\'s fetch may not support streaming.'));
        }
        handedOver = true;
        call.stream = {
          response,
          body: response.body,
          abort: (reason) => controller.abort(reason),
          signal: controller.signal,
          userSignal,
          release: detach,
          redact: (text) => redactSecrets(text, this.#apiKey),
        };
        return response;
      }
      // JSON: the deadline covers the body too. Blank keep-alive lines before the JSON are fine.
      const text = await response.text();
      if (text.trim() === '') {
        const error = APIError.from({
          status: response.status,
          headers: response.headers,
          fallbackMessage: 'the response body was empty (DeepSeek answers with empty bodies when overloaded)',
        });
        throw new AttemptError({ kind: 'empty-body', headers: response.headers }, error);
      }
      try {
        call.data = JSON.parse(text);
      } catch {
        // The message states the problem and quotes none of the body; the text stays in `body`.
        throw new AttemptError(undefined, new APIError(`${response.status} the response body is not valid JSON`, {
          status: response.status,
          headers: response.headers,
          body: truncate(redactSecrets(text, this.#apiKey), errorBodyLimit),
        }));
      }
      return response;
    } catch (error) {
      if (userSignal?.aborted) throw new APIUserAbortError(undefined, { cause: userSignal.reason });
      if (error instanceof AttemptError) throw error;
      if (timedOut) throw new AttemptError({ kind: 'timeout' }, new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`));
      throw classifyFetchFailure(error);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (!handedOver) detach();
    }
  }
}

/** Maps a rejected `fetch` to a connection or timeout failure, keeping the original as `cause`. */
function classifyFetchFailure(error: unknown): AttemptError {
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AttemptError({ kind: 'timeout' }, new APIConnectionTimeoutError(`Connection timed out (${code}). ${undiciTimeoutHint}`, { cause: error }));
  }
  return new AttemptError({ kind: 'connection' }, new APIConnectionError('Connection error.', { cause: error }));
}

/** Reads at most `limit` bytes of the body as text and cancels the rest. */
async function readBounded(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < limit) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      const room = limit - bytes;
      const part = value.byteLength > room ? value.subarray(0, room) : value;
      bytes += part.byteLength;
      text += decoder.decode(part, { stream: true });
    }
    await reader.cancel().catch(() => undefined);
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
  }
}

/** An error body as JSON when it parses as JSON, whatever the Content-Type says; else its text. */
function sniffBody(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // not JSON after all (an HTML page, a truncated body): keep the text
    }
  }
  return truncate(trimmed, 2048);
}

/** The message for an error body that carries none. */
function fallbackFor(body: unknown, response: Response): string {
  if (typeof body === 'string' && body.startsWith('<')) {
    return `${response.statusText || 'error'}: the server sent an HTML page instead of an API error (a proxy or gateway in between?)`;
  }
  if (body === '') return `${response.statusText || 'error'} (empty body)`;
  return response.statusText || 'error';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Waits `ms`, or rejects with `APIUserAbortError` as soon as `signal` fires. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError(undefined, { cause: signal.reason }));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIUserAbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A copy of `headers` with lower-case names (HTTP header names are case-insensitive). */
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** Checks a duration option (ms, `Infinity` for none). */
export function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new DeepSeekError(`${name} must be a non-negative number of milliseconds (Infinity for none), got ${String(value)}.`);
  }
  return value;
}

/** Checks a count option such as `maxRetries`. */
export function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new DeepSeekError(`${name} must be a non-negative integer, got ${String(value)}.`);
  return value;
}
