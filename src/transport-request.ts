/**
 * Request building for the transport: the options every call takes, what one call sends
 * (method, URL, body), and the pure helpers that put parameters into a path and a query string.
 * No I/O here; `transport-attempt.ts` sends what these describe.
 */
import { DeepSeekError } from './errors';
import type { AttemptFailure } from './retry';

/** The subset of `fetch` the SDK needs; pass your own to use a proxy, undici agent or mock. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Per-request options, accepted as the last argument of every client method.
 */
export interface RequestOptions {
  /** Aborts the request (or the stream); the call then rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Deadline in ms for one attempt: connect, headers and, for JSON, the whole body (an upload's too). */
  timeout?: number | undefined;
  /** Streams only: longest wait in ms for the next data event (keep-alive comments do not count). */
  idleTimeout?: number | undefined;
  /** Retries after the first attempt for this request. */
  maxRetries?: number | undefined;
  /** Extra headers for this request; `null` removes a default header. */
  headers?: Record<string, string | null | undefined> | undefined;
}

/** The HTTP methods the SDK sends. */
export type Method = 'GET' | 'POST' | 'DELETE';

/**
 * A request body that is not JSON (a multipart upload): made anew for each attempt, since a
 * stream can be sent only once, and with its own say on retries.
 */
export interface UploadBody {
  /** The body of one attempt, with `duplex: 'half'` when it is a stream (`fetch` needs that to send one). */
  init(): { body: BodyInit; duplex?: 'half' };
  /**
   * Called after every failed attempt with the retry policy's verdict. Returns the error to
   * throw at once instead (a body that cannot be sent again, a limit found while streaming),
   * or `undefined` to follow the policy.
   */
  settle(attempt: { readonly failure: AttemptFailure | undefined; readonly error: Error }, willRetry: boolean): Error | undefined;
}

/** What every attempt of one call sends. Headers stay a plain object: undici's `Headers` is slower to build and to copy. */
export interface PlainRequest {
  readonly url: string;
  readonly method: Method;
  /** A JSON body, serialized once, so retries re-send it byte for byte. */
  readonly body: string | undefined;
  /** A non-JSON body (uploads); `undefined` on every JSON call. */
  readonly upload: UploadBody | undefined;
}

/** Serializes a JSON body, or fails before anything is sent, naming the problem but not the body. */
export function jsonBody(body: unknown): string | undefined {
  try {
    return body === undefined ? undefined : JSON.stringify(body);
  } catch (error) {
    // A cycle or a BigInt.
    throw new DeepSeekError(`The request body cannot be sent as JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`, { cause: error });
  }
}

/**
 * One path parameter as a path segment: percent-encoded, so `/`, `?` and `#` in an id stay
 * inside it. `''`, `.` and `..` are refused: URL parsing would drop the segment or climb to
 * the parent path (also in their `%2e` spellings), so `DELETE /files/..` would hit another URL.
 */
export function pathSegment(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw new DeepSeekError(`${name} must be a non-empty string other than "." and "..", got ${JSON.stringify(value) ?? String(value)}.`);
  }
  return encodeURIComponent(value);
}

/** Query parameter values the SDK sends; `undefined` and `null` ones are left out. */
export type QueryValue = string | number | boolean | null | undefined;

/** `path` with `query` appended (`?a=1&b=x`), each name and value percent-encoded. */
export function withQuery(path: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
  let search = '';
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return path + search;
}
