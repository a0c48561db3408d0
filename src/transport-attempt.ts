/**
 * One HTTP exchange of the transport and what its outcome means: sent under its own deadline,
 * then classified as a success (JSON parsed, or a stream handed over), a failure the retry
 * policy judges (`AttemptError` with an `AttemptFailure`), or a final error.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, errorCode, StreamError, undiciTimeoutHint } from './errors';
import type { LeveledLogger } from './log';
import { redactHeaders, redactSecrets } from './redact';
import type { AttemptFailure } from './retry';
import { maxTimerMs } from './runtime';
import { errorBodyLimit, fallbackFor, readBounded, sniffBody, truncate } from './transport-body';
import type { FetchLike, PlainRequest, RequestOptions } from './transport-request';

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

/** What an attempt needs from the transport: built once per client, so a call allocates none of it. */
export interface AttemptContext {
  readonly apiKey: string;
  readonly fetch: FetchLike;
  /** Extra `RequestInit` fields for every request (e.g. an undici `dispatcher`). */
  readonly fetchOptions: Record<string, unknown> | undefined;
  readonly logger: LeveledLogger;
}

/** Where a call goes and how its 2xx body is handled. */
export interface Call {
  mode: 'json' | 'stream';
  options: RequestOptions;
  /** The attempt deadline in ms, resolved and checked once per call. */
  timeout?: number;
  /** The request headers, the key included: built once per call, never exposed. */
  headers: Record<string, string>;
  data?: unknown;
  stream?: StreamResult;
}

/**
 * A failed attempt: the error to throw, and what the retry policy needs to judge it
 * (`undefined`: never retried). Not an `Error`: it never leaves the transport, and so costs no
 * stack trace.
 */
export class AttemptError {
  constructor(
    readonly failure: AttemptFailure | undefined,
    readonly error: Error,
  ) {}
}

const noop = (): void => undefined;

/** One HTTP exchange under its own deadline. Throws `AttemptError` or a final error. */
export async function attempt(context: AttemptContext, request: PlainRequest, call: Call): Promise<Response> {
  const { logger, apiKey } = context;
  const userSignal = call.options.signal;
  const timeout = call.timeout!;
  const controller = new AbortController();
  let detach = noop;
  if (userSignal) {
    const onUserAbort = (): void => controller.abort(userSignal.reason);
    userSignal.addEventListener('abort', onUserAbort, { once: true });
    detach = () => userSignal.removeEventListener('abort', onUserAbort);
  }
  let timedOut: APIConnectionTimeoutError | undefined;
  const timer =
    timeout < maxTimerMs
      ? setTimeout(() => controller.abort((timedOut = new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`))), timeout)
      : undefined;
  let handedOver = false;
  try {
    if (logger.debugEnabled) logger.debug(`${request.method} ${request.url}`, { headers: redactHeaders(call.headers) });
    const response = await context.fetch(request.url, {
      ...context.fetchOptions,
      method: request.method,
      headers: call.headers,
      body: request.body,
      signal: controller.signal,
      redirect: 'manual', // workerd rejects 'error'; a 3xx is turned into an error below
      // An upload's body is made per attempt (with `duplex`, not in TypeScript's RequestInit yet).
      ...request.upload?.init(),
    } as RequestInit);
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
      const body = sniffBody(redactSecrets(await readBounded(response, errorBodyLimit), apiKey));
      const error = APIError.from({ status: response.status, headers: response.headers, body, fallbackMessage: fallbackFor(body, response) });
      throw new AttemptError({ kind: 'status', status: response.status, headers: response.headers }, error);
    }
    if (call.mode === 'stream') {
      const contentType = response.headers.get('content-type');
      if (contentType !== null && !contentType.includes('event-stream')) {
        const body = sniffBody(redactSecrets(await readBounded(response, errorBodyLimit), apiKey));
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
        redact: (text) => redactSecrets(text, apiKey),
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
        body: truncate(redactSecrets(text, apiKey), errorBodyLimit),
      }));
    }
    return response;
  } catch (error) {
    if (userSignal?.aborted) throw new APIUserAbortError(undefined, { cause: userSignal.reason });
    if (error instanceof AttemptError) throw error;
    if (timedOut) throw new AttemptError({ kind: 'timeout' }, timedOut);
    throw classifyFetchFailure(error);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (!handedOver) detach();
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
