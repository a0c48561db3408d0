/**
 * When to retry a request and how long to wait first. Pure: no I/O, no clock of its own,
 * so every rule is tested as a table.
 */

/** Why an attempt failed, as far as the retry decision cares. */
export type AttemptFailure =
  /** The server answered with an error status. */
  | { kind: 'status'; status: number; headers: Headers }
  /** `fetch` rejected before a response: DNS, refused or reset connection, TLS. */
  | { kind: 'connection' }
  /** Our own per-attempt deadline fired. */
  | { kind: 'timeout' }
  /** HTTP 200 whose body was empty or only whitespace (DeepSeek under overload). */
  | { kind: 'empty-body'; headers: Headers };

/**
 * The retry policy, as data.
 *
 * - 408, 409, 429, 500, 502, 503 and 504 are retried: 429 is DeepSeek's concurrency limit,
 *   503 its "Server Overloaded", the others come from proxies and load balancers.
 * - 400, 401, 402 and 422 never are: the same request fails the same way.
 * - A timeout is not retried: the server may still be generating (and billing) the first
 *   answer and holding one of the account's concurrency slots.
 */
export const retryPolicy = {
  retryableStatuses: new Set([408, 409, 429, 500, 502, 503, 504]) as ReadonlySet<number>,
  retryConnectionErrors: true,
  retryTimeouts: false,
  retryEmptyBodies: true,
  /** Default number of retries after the first attempt. */
  maxRetries: 2,
  /** First backoff delay; doubles per attempt. */
  initialDelayMs: 500,
  /** Longest backoff delay. */
  maxDelayMs: 8_000,
  /** Up to this share of the backoff is removed at random, so clients do not retry in step. */
  jitter: 0.25,
  /** A `Retry-After` / `retry-after-ms` longer than this is ignored in favour of backoff. */
  maxRetryAfterMs: 60_000,
} as const;

/** Whether this failure is worth another attempt (ignoring how many are left). */
export function isRetryable(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'status':
      return retryPolicy.retryableStatuses.has(failure.status);
    case 'connection':
      return retryPolicy.retryConnectionErrors;
    case 'timeout':
      return retryPolicy.retryTimeouts;
    case 'empty-body':
      return retryPolicy.retryEmptyBodies;
  }
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first retry).
 * `retry-after-ms` (milliseconds) wins, then `Retry-After` (seconds or an HTTP date);
 * a value that is missing, invalid, negative or above {@link retryPolicy.maxRetryAfterMs}
 * falls back to exponential backoff with jitter.
 *
 * @param now - current time in ms since the epoch (for HTTP-date values)
 * @param random - a number in [0, 1) (for jitter)
 */
export function retryDelayMs(retry: number, headers: Headers | undefined, now: number, random: number): number {
  const fromHeader = headers ? serverRequestedDelayMs(headers, now) : undefined;
  if (fromHeader !== undefined) return fromHeader;
  const backoff = Math.min(retryPolicy.initialDelayMs * 2 ** retry, retryPolicy.maxDelayMs);
  return backoff * (1 - random * retryPolicy.jitter);
}

function serverRequestedDelayMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (withinCap(value)) return value;
  }
  const after = headers.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) {
    const ms = Number(after) * 1000;
    return withinCap(ms) ? ms : undefined;
  }
  // Only a real HTTP date: Date.parse also reads garbage such as "in 5" as a date in 2001.
  if (!httpDate.test(after)) return undefined;
  const value = Math.max(0, Date.parse(after) - now);
  return withinCap(value) ? value : undefined;
}

/**
 * RFC 9110 §5.6.7: the shape of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) or of the
 * obsolete RFC 850 form. Date.parse then rejects an unknown month (NaN); the day name, which
 * the RFC calls redundant, is not checked.
 */
const httpDate = /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4}|[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2}) \d{2}:\d{2}:\d{2} GMT$/;

function withinCap(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= retryPolicy.maxRetryAfterMs;
}
