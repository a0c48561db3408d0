import { describe, expect, test } from 'vitest';
import { isRetryable, retryDelayMs, retryPolicy, type AttemptFailure } from '../../src/retry';

const none = new Headers();
const status = (code: number, headers: Headers = none): AttemptFailure => ({ kind: 'status', status: code, headers });
const headers = (init: Record<string, string>) => new Headers(init);

/** The backoff for `retry` with jitter `random`, written out independently of the source. */
const backoff = (retry: number, random: number) => Math.min(500 * 2 ** retry, 8000) * (1 - random * 0.25);

describe('isRetryable', () => {
  test.each([
    [408, true],
    [409, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [402, false],
    [403, false],
    [404, false],
    [422, false],
    [501, false],
    [505, false],
  ])('status %i → %s', (code, expected) => {
    expect(isRetryable(status(code))).toBe(expected);
  });

  test('across every status from 100 to 599, exactly 408, 409, 429, 500, 502, 503 and 504 are retried', () => {
    const retried: number[] = [];
    for (let code = 100; code <= 599; code++) if (isRetryable(status(code))) retried.push(code);
    expect(retried).toEqual([408, 409, 429, 500, 502, 503, 504]);
  });

  test('the decision does not depend on the headers', () => {
    expect(isRetryable(status(400, headers({ 'retry-after': '1' })))).toBe(false);
    expect(isRetryable(status(503, headers({ 'retry-after': '3600' })))).toBe(true);
  });

  test.each<[AttemptFailure['kind'], AttemptFailure, boolean]>([
    ['connection', { kind: 'connection' }, true],
    ['timeout', { kind: 'timeout' }, false],
    ['empty-body', { kind: 'empty-body', headers: none }, true],
  ])('a %s failure → %s', (_kind, failure, expected) => {
    expect(isRetryable(failure)).toBe(expected);
  });

  test('the policy data says the same: 2 retries by default, 0.5 s doubling to 8 s, 25 % jitter, 60 s cap on server waits', () => {
    expect(retryPolicy).toMatchObject({ maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8000, jitter: 0.25, maxRetryAfterMs: 60_000, retryTimeouts: false });
  });
});

describe('retryDelayMs without server guidance: exponential backoff with jitter', () => {
  test.each([
    [0, 500],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 8000],
    [30, 8000],
    [2000, 8000],
  ])('retry %i with no jitter (random 0) waits %i ms', (retry, expected) => {
    expect(retryDelayMs(retry, undefined, 0, 0)).toBe(expected);
    expect(retryDelayMs(retry, none, 0, 0)).toBe(expected);
  });

  test.each([0, 0.25, 0.5, 0.999999])('jitter only shortens the wait, by at most 25 % (random %s)', (random) => {
    for (let retry = 0; retry < 8; retry++) {
      const delay = retryDelayMs(retry, undefined, 0, random);
      expect(delay).toBeCloseTo(backoff(retry, random), 9);
      expect(delay).toBeLessThanOrEqual(backoff(retry, 0));
      expect(delay).toBeGreaterThan(backoff(retry, 0) * 0.75 - 1e-9);
    }
  });

  test('is pure: the same inputs give the same wait', () => {
    const h = headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:05 GMT' });
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(retryDelayMs(1, h, now, 0.3)).toBe(retryDelayMs(1, h, now, 0.3));
  });
});

describe('retryDelayMs with server guidance', () => {
  const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
  const fallback = backoff(1, 0.5);

  test.each<[string, Record<string, string>, number]>([
    // retry-after-ms, in milliseconds
    ['retry-after-ms 250', { 'retry-after-ms': '250' }, 250],
    ['retry-after-ms 0', { 'retry-after-ms': '0' }, 0],
    ['retry-after-ms with decimals', { 'retry-after-ms': '1500.5' }, 1500.5],
    ['retry-after-ms at the 60 s cap', { 'retry-after-ms': '60000' }, 60_000],
    // retry-after-ms wins over Retry-After
    ['retry-after-ms and Retry-After', { 'retry-after-ms': '100', 'retry-after': '5' }, 100],
    ['retry-after-ms 0 and Retry-After', { 'retry-after-ms': '0', 'retry-after': '5' }, 0],
    // ... unless it is unusable
    ['garbage retry-after-ms, then Retry-After', { 'retry-after-ms': 'soon', 'retry-after': '2' }, 2000],
    ['retry-after-ms above the cap, then Retry-After', { 'retry-after-ms': '70000', 'retry-after': '3' }, 3000],
    // Retry-After in seconds
    ['Retry-After 0', { 'retry-after': '0' }, 0],
    ['Retry-After 1', { 'retry-after': '1' }, 1000],
    ['Retry-After 1.5', { 'retry-after': '1.5' }, 1500],
    ['Retry-After 0.1', { 'retry-after': '0.1' }, 100],
    ['Retry-After 60 (the cap)', { 'retry-after': '60' }, 60_000],
    ['Retry-After with spaces', { 'retry-after': ' 2 ' }, 2000],
    // Retry-After as an HTTP date, relative to `now`
    ['Retry-After date 5 s ahead', { 'retry-after': 'Wed, 21 Oct 2026 07:28:05 GMT' }, 5000],
    ['Retry-After date 60 s ahead', { 'retry-after': 'Wed, 21 Oct 2026 07:29:00 GMT' }, 60_000],
    ['Retry-After date in the past', { 'retry-after': 'Wed, 21 Oct 2026 07:27:00 GMT' }, 0],
    ['Retry-After date equal to now', { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }, 0],
  ])('%s → %s ms', (_case, init, expected) => {
    expect(retryDelayMs(1, headers(init), now, 0.5)).toBe(expected);
  });

  test.each<[string, Record<string, string>]>([
    ['retry-after-ms above 60 s', { 'retry-after-ms': '60001' }],
    ['negative retry-after-ms', { 'retry-after-ms': '-1' }],
    ['garbage retry-after-ms', { 'retry-after-ms': 'abc' }],
    ['empty retry-after-ms', { 'retry-after-ms': '' }],
    ['Retry-After above 60 s', { 'retry-after': '61' }],
    ['Retry-After of an hour', { 'retry-after': '3600' }],
    ['negative Retry-After', { 'retry-after': '-1' }],
    ['Retry-After Infinity', { 'retry-after': 'Infinity' }],
    ['garbage Retry-After', { 'retry-after': 'garbage' }],
    ['Retry-After with a unit', { 'retry-after': '30s' }],
    ['blank Retry-After', { 'retry-after': '   ' }],
    ['Retry-After date 61 s ahead', { 'retry-after': 'Wed, 21 Oct 2026 07:29:01 GMT' }],
    // V8's Date.parse is lenient and reads these as dates in 2001-2002 (i.e. "retry now"):
    // garbage must not become a zero wait.
    ['garbage Retry-After that Date.parse accepts ("in 5")', { 'retry-after': 'in 5' }],
    ['garbage Retry-After that Date.parse accepts ("try again 10")', { 'retry-after': 'try again 10' }],
    ['garbage Retry-After that Date.parse accepts ("1.5.2")', { 'retry-after': '1.5.2' }],
  ])('%s falls back to backoff', (_case, init) => {
    expect(retryDelayMs(1, headers(init), now, 0.5)).toBe(fallback);
  });

  test('backoff after an unusable header still grows with the retry number', () => {
    const h = headers({ 'retry-after': '3600' });
    expect([0, 1, 2, 3].map((retry) => retryDelayMs(retry, h, now, 0))).toEqual([500, 1000, 2000, 4000]);
  });
});
