/**
 * The only module that calls `fetch` (through `transport-attempt.ts`) and the only one that
 * holds the API key: auth, a deadline per attempt, retries, bounded error-body reads and error
 * classification. Paths and bodies of the built-in operations are typed from the generated spec
 * (`PathsWith`, `JsonRequestBody`), so a wrong path or field is a compile error here as it is in
 * the openapi-fetch client of `deepseek-fetch/openapi`; `send()` takes any method, a path that
 * already holds its parameters, and a non-JSON body, for the opt-in surfaces (files).
 *
 * Split by concept: request building (`transport-request.ts`), one attempt and the
 * classification of its outcome (`transport-attempt.ts`), bounded body reading
 * (`transport-body.ts`); this module runs the attempts of a call.
 *
 * Why the transport calls `fetch` itself rather than through that openapi-fetch client: for four
 * fixed operations with no parameters its request building is `baseURL + path` and
 * `JSON.stringify`, yet it builds two undici `Headers` per call. Measured with `npm run bench`
 * when the client stopped going through it: sequential JSON requests went from 1.28x (Node 20)
 * and 1.39x (Node 24) of the floor's CPU to about 1.1x, and the browser bundle of a streamed
 * chat call from 12.3 to 10.3 KB gzip. The typed openapi-fetch client ships as its own entry
 * point instead.
 */
import { APIUserAbortError, DeepSeekError } from './errors';
import type { JsonRequestBody, JsonResponseBody, PathsWith } from './openapi';
import { isRetryable, retryDelayMs } from './retry';
import { attempt, AttemptError, type AttemptContext, type Call, type JsonResult, type StreamResult } from './transport-attempt';
import { jsonBody, type Method, type PlainRequest, type RequestOptions, type UploadBody } from './transport-request';

export type { FetchLike, RequestOptions } from './transport-request';
export type { JsonResult, StreamResult } from './transport-attempt';

/** Settings the transport is built with (already validated by the client). */
export interface TransportConfig extends AttemptContext {
  /** Base URL without trailing slash, e.g. `https://api.deepseek.com`. */
  baseURL: string;
  timeout: number;
  maxRetries: number;
  defaultHeaders: Record<string, string>;
}

/** @internal The transport of one client: holds the key, runs every call's attempts. Reached only through `transportOf()`. */
export class Transport {
  /** Also what every attempt reads (an `AttemptContext`), so a call allocates none of it. */
  readonly #config: TransportConfig;
  /** Beta features live under `<baseURL>/beta`; built once, not per call. */
  readonly #betaBaseURL: string;
  readonly #defaultHeaders: Record<string, string>;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#betaBaseURL = config.baseURL + '/beta';
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
    const response = await this.#attempts(this.#request('POST', path, jsonBody(body), undefined, beta), call);
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
    await this.#attempts(this.#request('POST', path, jsonBody(body), undefined, beta), call);
    return call.stream!;
  }

  /**
   * Any method with a JSON response: a GET of the spec (`send('GET', '/models')`, typed from
   * the path), or, for the opt-in surfaces, any method with a `path` that already holds its path
   * and query parameters (see `pathSegment` and `withQuery`) and an optional non-JSON `upload`
   * body (its content type and length come in `options.headers`, after the caller's own).
   */
  send<P extends PathsWith<'get'>>(method: 'GET', path: P, options?: RequestOptions): Promise<JsonResult<JsonResponseBody<P, 'get'>>>;
  send<T>(method: Method, path: string, options?: RequestOptions, upload?: UploadBody): Promise<JsonResult<T>>;
  async send<T>(method: Method, path: string, options: RequestOptions = {}, upload?: UploadBody): Promise<JsonResult<T>> {
    const call: Call = { mode: 'json', options, headers: this.#headers('application/json', options.headers) };
    const response = await this.#attempts(this.#request(method, path, undefined, upload), call);
    return { data: call.data as T, response };
  }

  /** The URL and body every attempt of a call sends. */
  #request(method: Method, path: string, body: string | undefined, upload?: UploadBody, beta?: boolean): PlainRequest {
    return { url: (beta ? this.#betaBaseURL : this.#config.baseURL) + path, method, body, upload };
  }

  /**
   * The headers of one call, lowest precedence first: content type, `defaultHeaders`, accept,
   * per-request `headers` (`null` removes one), then the key. A null-prototype object, so a
   * header named `__proto__` is just a header; a fresh one per call, since a custom `fetch`
   * may add to it.
   */
  #headers(accept: string, extra: RequestOptions['headers'], hasBody?: boolean): Record<string, string> {
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
    headers.authorization = `Bearer ${this.#config.apiKey}`;
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
        return await attempt(this.#config, request, call);
      } catch (thrown) {
        if (!(thrown instanceof AttemptError)) throw thrown;
        const { failure, error } = thrown;
        const retrying = failure !== undefined && retry < maxRetries && isRetryable(failure);
        // An upload body may overrule the policy: a stream that cannot be sent twice, a limit hit mid-body.
        const overruled = request.upload?.settle(thrown, retrying);
        if (overruled) throw overruled;
        if (!retrying) throw error;
        const headers = failure.kind === 'status' || failure.kind === 'empty-body' ? failure.headers : undefined;
        const delay = retryDelayMs(retry, headers, Date.now(), Math.random());
        this.#config.logger.info(`retrying ${request.method} ${request.url} in ${Math.round(delay)} ms (retry ${retry + 1} of ${maxRetries}): ${error.message}`);
        await sleep(delay, signal);
      }
    }
  }
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
