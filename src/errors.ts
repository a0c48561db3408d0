/**
 * The errors deepseek-fetch throws. One base class for `instanceof`, and subclasses only
 * where callers branch: the HTTP status, the transport (connection, timeout, abort) and
 * the stream. No error ever holds the request, its headers or the API key.
 */

/**
 * @internal Sets `name` on the prototype, so it is right in the stack header and survives
 * minifiers. Exported for the error classes of opt-in surfaces (src/toolkit), which live in
 * their own modules.
 */
export function named(cls: abstract new (...args: never[]) => Error, name: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
}

/**
 * Base class of every error deepseek-fetch throws.
 *
 * @example
 * ```ts
 * try { await client.models.list(); }
 * catch (err) { if (err instanceof DeepSeekError) console.error(err.name, err.message); }
 * ```
 */
export class DeepSeekError extends Error {}
named(DeepSeekError, 'DeepSeekError');

/** What {@link APIError.from} needs to know about a failed response. */
export interface APIErrorInit {
  /** HTTP status; `undefined` for an error that arrived inside a 200 stream. */
  status: number | undefined;
  /** Response headers, if there was a response. */
  headers?: Headers | undefined;
  /** Parsed JSON body, or the (truncated) text when the body was not JSON. */
  body?: unknown;
  /** Message to use when the body carries none. */
  fallbackMessage?: string;
}

/**
 * The API answered with an error: a non-2xx status, or an error object inside a 200
 * stream (then `status` is `undefined`). Subclasses name the statuses callers handle.
 */
export class APIError extends DeepSeekError {
  /** HTTP status, or `undefined` for an error delivered inside a 200 stream. */
  readonly status: number | undefined;
  /** Response headers (never request headers). */
  readonly headers: Headers | undefined;
  /** The parsed JSON error body, or the body text (truncated) when it was not JSON. */
  readonly body: unknown;
  /** `error.type` from the body, such as `invalid_request_error`. */
  readonly type: string | undefined;
  /** `error.code` from the body. DeepSeek sends `invalid_request_error` for most statuses: branch on `status`. */
  readonly code: string | undefined;
  /** `error.param` from the body. */
  readonly param: string | undefined;
  /** The `x-request-id` response header, when present. */
  readonly requestId: string | undefined;
  /** DeepSeek's `x-ds-trace-id` response header (or the `[trace_id=…]` suffix of the message). */
  readonly traceId: string | undefined;

  constructor(message: string, init: APIErrorInit) {
    super(message);
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    const detail = errorDetail(init.body);
    this.type = detail.type;
    this.code = detail.code;
    this.param = detail.param;
    this.requestId = init.headers?.get('x-request-id') ?? undefined;
    this.traceId = init.headers?.get('x-ds-trace-id') ?? traceIdFromMessage(detail.message);
  }

  /**
   * Builds the subclass that matches the status (400, 401, 402, 422, 429, 5xx), with a
   * message of the form `"<status> <server message>"`.
   */
  static from(init: APIErrorInit): APIError {
    const detail = errorDetail(init.body);
    const text = detail.message?.trim() ? detail.message : readableText(init.body);
    const fallback = init.fallbackMessage ?? 'the API returned an error without a message';
    const message = init.status === undefined ? (text ?? fallback) : `${init.status} ${text ?? fallback}`;
    const Class = errorClassForStatus(init.status);
    return new Class(message, init);
  }
}
named(APIError, 'APIError');

/** 400: the request body is invalid (unknown model, context overflow, thinking-mode history rules…). */
export class BadRequestError extends APIError {}
named(BadRequestError, 'BadRequestError');

/** 401: the API key is missing, malformed or unknown. */
export class AuthenticationError extends APIError {}
named(AuthenticationError, 'AuthenticationError');

/** 402: the account balance cannot pay for the request. Never retried: top up first. */
export class InsufficientBalanceError extends APIError {}
named(InsufficientBalanceError, 'InsufficientBalanceError');

/** 422: invalid parameters (the body may be plain text). */
export class UnprocessableEntityError extends APIError {}
named(UnprocessableEntityError, 'UnprocessableEntityError');

/** 429: too many concurrent requests for the account. Retried by default. */
export class RateLimitError extends APIError {}
named(RateLimitError, 'RateLimitError');

/** 500 and above, including 503 "Server Overloaded". Retried by default. */
export class InternalServerError extends APIError {}
named(InternalServerError, 'InternalServerError');

/** The class for each status callers branch on; other statuses get a plain {@link APIError}. */
export const statusErrorClasses: Readonly<Record<number, typeof APIError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientBalanceError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function errorClassForStatus(status: number | undefined): typeof APIError {
  if (status === undefined) return APIError;
  if (status >= 500) return InternalServerError;
  return statusErrorClasses[status] ?? APIError;
}

/**
 * The request never got a response: DNS, refused or reset connection, TLS failure.
 * The transport's own error is kept as `cause`.
 */
export class APIConnectionError extends DeepSeekError {
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
named(APIConnectionError, 'APIConnectionError');

/** A deadline fired: `timeout` for one attempt, or `idleTimeout` between stream events. */
export class APIConnectionTimeoutError extends APIConnectionError {
  constructor(message = 'Request timed out.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
named(APIConnectionTimeoutError, 'APIConnectionTimeoutError');

/** The caller's `AbortSignal` aborted the request or the stream. */
export class APIUserAbortError extends DeepSeekError {
  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
named(APIUserAbortError, 'APIUserAbortError');

/** Why a stream failed without an HTTP or transport error. */
export type StreamErrorKind =
  /** The body ended before `data: [DONE]` (a Responses stream: before its terminal event). */
  | 'incomplete'
  /** An event's data was not the JSON the contract promises. */
  | 'malformed'
  /** An event or line grew past `maxBufferBytes`. */
  | 'size_limit'
  /** The events contradict each other or the response they end with (a Responses stream's deltas do not add up to its items). */
  | 'inconsistent';

/**
 * A stream broke its contract. Every chunk that arrived before the failure has already
 * been delivered. The message never contains the payload.
 */
export class StreamError extends DeepSeekError {
  readonly kind: StreamErrorKind;
  constructor(kind: StreamErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
named(StreamError, 'StreamError');

interface ErrorDetail {
  message: string | undefined;
  type: string | undefined;
  code: string | undefined;
  param: string | undefined;
}

/** Reads `{error: {message, type, code, param}}`, `{error: "text"}` or `{message}` without trusting the shape. */
function errorDetail(body: unknown): ErrorDetail {
  const detail: ErrorDetail = { message: undefined, type: undefined, code: undefined, param: undefined };
  if (typeof body !== 'object' || body === null) return detail;
  const inner: unknown = 'error' in body ? body.error : body;
  if (typeof inner === 'string') {
    detail.message = inner;
    return detail;
  }
  if (typeof inner !== 'object' || inner === null) return detail;
  const record = inner as Record<string, unknown>;
  detail.message = stringField(record, 'message');
  detail.type = stringField(record, 'type');
  detail.code = stringField(record, 'code');
  detail.param = stringField(record, 'param');
  return detail;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * A text body as a message: DeepSeek's plain-text 422 reads fine; an HTML page from a proxy
 * does not, so markup yields `undefined` (the status text is used instead).
 */
function readableText(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  const text = body.trim();
  if (text === '' || text.startsWith('<')) return undefined;
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Since mid-2026 some messages end with ` [trace_id=<hex>]`. */
function traceIdFromMessage(message: string | undefined): string | undefined {
  return message?.match(/\[trace_id=([A-Za-z0-9-]+)\]\s*$/)?.[1];
}

/** Why Node's fetch gave up on its own, and where the README explains the fix. */
export const undiciTimeoutHint =
  "Node's fetch (undici) gives up after 300 s without headers or body bytes, whatever `timeout` says. " +
  'For longer requests pass an undici Agent with larger limits: see "Timeouts" in the README.';

/** The first `code` found on an error or its `cause` chain (undici puts it on the cause). */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
