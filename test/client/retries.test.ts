import { getEventListeners } from 'node:events';
import { describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  DeepSeek,
  InsufficientBalanceError,
  InternalServerError,
  RateLimitError,
  UnprocessableEntityError,
  type Logger,
} from '../../src/index';
import { connectionRefused, errorResponse, fixtures, jsonResponse, observedFetch, testKey, textResponse } from '../helpers/observed-fetch';

/** A logger that keeps the `info` lines, where the transport announces each retry and its delay. */
function retryLog() {
  const lines: string[] = [];
  const logger: Logger = { error: () => {}, warn: () => {}, info: (message) => void lines.push(message), debug: () => {} };
  return { lines, logger };
}

const create = (client: DeepSeek, options = {}) => client.chat.completions.create(fixtures.chatRequest, options);

describe('retried failures', () => {
  test('429 then 200: two calls with the same URL, headers and body, and the 200 is returned', async () => {
    const fetch = observedFetch([errorResponse(429, 'Rate limit reached for requests'), jsonResponse(fixtures.chatCompletion)]);
    const completion = await create(new DeepSeek({ apiKey: testKey, fetch }));
    expect(completion).toEqual(fixtures.chatCompletion);
    expect(fetch.calls).toHaveLength(2);
    const [first, second] = fetch.calls;
    expect(second!.url).toBe(first!.url);
    expect(second!.body).toBe(first!.body);
    expect(JSON.parse(second!.body!)).toEqual(fixtures.chatRequest);
    expect([...second!.headers]).toEqual([...first!.headers]);
  });

  test.each([408, 409, 429, 500, 502, 503, 504])('%i is retried', async (status) => {
    const fetch = observedFetch([errorResponse(status), jsonResponse(fixtures.chatCompletion)]);
    await expect(create(new DeepSeek({ apiKey: testKey, fetch }))).resolves.toEqual(fixtures.chatCompletion);
    expect(fetch.calls).toHaveLength(2);
  });

  test('503 three times with maxRetries 2: three calls, then InternalServerError', async () => {
    const fetch = observedFetch([errorResponse(503, 'Server Overloaded'), errorResponse(503, 'Server Overloaded'), errorResponse(503, 'Server Overloaded')]);
    const error = await create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 2 })).catch((thrown: unknown) => thrown);
    expect(fetch.calls).toHaveLength(3);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).status).toBe(503);
    expect((error as APIError).message).toBe('503 Server Overloaded');
  });

  test('each attempt gets its own fetch signal (its own deadline)', async () => {
    const fetch = observedFetch([errorResponse(503), jsonResponse(fixtures.chatCompletion)]);
    await create(new DeepSeek({ apiKey: testKey, fetch }));
    expect(fetch.calls[0]!.signal).not.toBe(fetch.calls[1]!.signal);
  });

  test('a connection error is retried, and the retry’s answer is returned', async () => {
    const fetch = observedFetch([connectionRefused(), jsonResponse(fixtures.chatCompletion)]);
    await expect(create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 1 }))).resolves.toEqual(fixtures.chatCompletion);
    expect(fetch.calls).toHaveLength(2);
  });

  test('connection errors on every attempt end in APIConnectionError after maxRetries + 1 calls', async () => {
    const fetch = observedFetch([connectionRefused(), connectionRefused()]);
    const error = await create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 1 })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(fetch.calls).toHaveLength(2);
  });
});

describe('how many attempts', () => {
  test('client maxRetries: 0 means one call', async () => {
    const fetch = observedFetch([errorResponse(503), jsonResponse(fixtures.chatCompletion)]);
    await expect(create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0 }))).rejects.toBeInstanceOf(InternalServerError);
    expect(fetch.calls).toHaveLength(1);
  });

  test('per-request maxRetries: 0 overrides the client default: one call', async () => {
    const fetch = observedFetch([errorResponse(429), jsonResponse(fixtures.chatCompletion)]);
    await expect(create(new DeepSeek({ apiKey: testKey, fetch }), { maxRetries: 0 })).rejects.toBeInstanceOf(RateLimitError);
    expect(fetch.calls).toHaveLength(1);
  });

  test('per-request maxRetries: 3 overrides a client maxRetries of 0: four calls', async () => {
    const fetch = observedFetch([errorResponse(503), errorResponse(503), errorResponse(503), jsonResponse(fixtures.chatCompletion)]);
    await expect(create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0 }), { maxRetries: 3 })).resolves.toEqual(fixtures.chatCompletion);
    expect(fetch.calls).toHaveLength(4);
  });

  test.each(['models.list', 'balance.retrieve', 'fim.completions.create'])('per-request maxRetries works on %s too', async (name) => {
    const fetch = observedFetch([errorResponse(503), errorResponse(503)]);
    const client = new DeepSeek({ apiKey: testKey, fetch, maxRetries: 5 });
    const call =
      name === 'models.list' ? client.models.list({ maxRetries: 1 }) : name === 'balance.retrieve' ? client.balance.retrieve({ maxRetries: 1 }) : client.fim.completions.create(fixtures.fimRequest, { maxRetries: 1 });
    await expect(call).rejects.toBeInstanceOf(InternalServerError);
    expect(fetch.calls).toHaveLength(2);
  });
});

describe('failures that are never retried', () => {
  test.each([
    { status: 400, Class: BadRequestError },
    { status: 401, Class: AuthenticationError },
    { status: 402, Class: InsufficientBalanceError },
    { status: 403, Class: APIError },
    { status: 404, Class: APIError },
    { status: 422, Class: UnprocessableEntityError },
  ])('$status fails at once with one call', async ({ status, Class }) => {
    const fetch = observedFetch([errorResponse(status), jsonResponse(fixtures.chatCompletion)]);
    const error = await create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 2 })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Class);
    expect((error as APIError).status).toBe(status);
    expect(fetch.calls).toHaveLength(1);
  });

  test('a redirect is not followed and not retried', async () => {
    const fetch = observedFetch([textResponse('', { status: 307, headers: { location: 'https://elsewhere.example/chat/completions' } }), jsonResponse(fixtures.chatCompletion)]);
    const error = await create(new DeepSeek({ apiKey: testKey, fetch })).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(307);
    expect(fetch.calls).toHaveLength(1);
  });
});

describe('the wait before a retry', () => {
  test('retry-after-ms sets the wait, and wins over Retry-After', async () => {
    const { lines, logger } = retryLog();
    const fetch = observedFetch([errorResponse(429, 'slow down', { 'retry-after-ms': '30', 'retry-after': '5' }), jsonResponse(fixtures.chatCompletion)]);
    await create(new DeepSeek({ apiKey: testKey, fetch, logger, logLevel: 'info' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/retrying POST https:\/\/api\.deepseek\.com\/chat\/completions in 30 ms \(retry 1 of 2\)/);
  });

  test('Retry-After in (decimal) seconds sets the wait', async () => {
    const { lines, logger } = retryLog();
    const fetch = observedFetch([
      jsonResponse({ error: { message: 'slow down' } }, { status: 429, headers: { 'retry-after': '0.05' } }),
      jsonResponse(fixtures.chatCompletion),
    ]);
    await create(new DeepSeek({ apiKey: testKey, fetch, logger, logLevel: 'info' }));
    expect(lines[0]).toMatch(/ in 50 ms /);
  });

  test('a Retry-After above 60 s is ignored in favour of backoff (at most 500 ms for the first retry)', async () => {
    const { lines, logger } = retryLog();
    const fetch = observedFetch([
      jsonResponse({ error: { message: 'slow down' } }, { status: 429, headers: { 'retry-after': '3600' } }),
      jsonResponse(fixtures.chatCompletion),
    ]);
    await create(new DeepSeek({ apiKey: testKey, fetch, logger, logLevel: 'info' }));
    const delay = Number(/ in (\d+) ms /.exec(lines[0] ?? '')?.[1]);
    expect(delay).toBeGreaterThanOrEqual(375);
    expect(delay).toBeLessThanOrEqual(500);
  });

  test('the caller’s signal aborts a long Retry-After wait: APIUserAbortError and no further call', async () => {
    // The server asks for 30 s; the caller aborts 20 ms into the wait. A sleep that ignored the
    // signal would outlast the test timeout, so settling at all proves the wait was cut short.
    const controller = new AbortController();
    const lines: string[] = [];
    const logger: Logger = {
      error: () => {},
      warn: () => {},
      debug: () => {},
      info: (message) => {
        lines.push(message);
        setTimeout(() => controller.abort(), 20);
      },
    };
    const fetch = observedFetch([errorResponse(429, 'slow down', { 'retry-after-ms': '30000' }), jsonResponse(fixtures.chatCompletion)]);
    const error = await create(new DeepSeek({ apiKey: testKey, fetch, logger, logLevel: 'info' }), { signal: controller.signal }).catch(
      (thrown: unknown) => thrown,
    );
    expect(lines[0]).toMatch(/ in 30000 ms /);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
