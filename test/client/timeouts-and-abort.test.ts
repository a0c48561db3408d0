import { getEventListeners } from 'node:events';
import { describe, expect, test, vi } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, DeepSeek, type RequestOptions } from '../../src/index';
import {
  bodyStallsUntilAborted,
  errorResponse,
  fixtures,
  hangsUntilAborted,
  jsonResponse,
  observedFetch,
  sseResponse,
  testKey,
  textResponse,
  type ObservedCall,
} from '../helpers/observed-fetch';

const create = (client: DeepSeek, options: RequestOptions = {}) => client.chat.completions.create(fixtures.chatRequest, options);
const caught = (promise: Promise<unknown>): Promise<unknown> => promise.catch((thrown: unknown) => thrown);

/** Answers after `ms` unless the request is aborted first (then rejects like fetch). */
const answersAfter = (ms: number, answer: () => Response) => (call: ObservedCall) =>
  new Promise<Response>((resolve, reject) => {
    const timer = setTimeout(() => resolve(answer()), ms);
    call.signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(call.signal!.reason);
    });
  });

describe('timeout', () => {
  test('aborts the attempt’s fetch signal and fails with APIConnectionTimeoutError, without retrying', async () => {
    const fetch = observedFetch(hangsUntilAborted);
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch, timeout: 20, maxRetries: 2 })));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/20 ms/);
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.signal!.aborted).toBe(true);
  });

  test('a per-request timeout overrides the client’s (shorter)', async () => {
    const fetch = observedFetch(hangsUntilAborted);
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch }), { timeout: 20 }));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(fetch.calls).toHaveLength(1);
  });

  test('a per-request timeout overrides the client’s (longer)', async () => {
    // The client's 10 ms deadline would fire before the 50 ms answer; the request's 60 s one does not.
    const fetch = observedFetch(answersAfter(50, () => jsonResponse(fixtures.chatCompletion)));
    const client = new DeepSeek({ apiKey: testKey, fetch, timeout: 10, maxRetries: 0 });
    await expect(create(client)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await expect(create(client, { timeout: 60_000 })).resolves.toEqual(fixtures.chatCompletion);
  });

  test.each([
    { name: 'models.list', call: (c: DeepSeek) => c.models.list({ timeout: 20 }) },
    { name: 'balance.retrieve', call: (c: DeepSeek) => c.balance.retrieve({ timeout: 20 }) },
    { name: 'fim.completions.create', call: (c: DeepSeek) => c.fim.completions.create(fixtures.fimRequest, { timeout: 20 }) },
  ])('$name honours a per-request timeout', async ({ call }) => {
    const fetch = observedFetch(hangsUntilAborted);
    await expect(call(new DeepSeek({ apiKey: testKey, fetch }))).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  test('covers reading a JSON body: a body that stalls past the deadline times out', async () => {
    const fetch = observedFetch(bodyStallsUntilAborted('\n\n{"id": "0b1c2d3e", "choices": ['));
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch, timeout: 30, maxRetries: 2 })));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(fetch.calls).toHaveLength(1);
  });

  test('covers reading an error body too: a 500 whose body stalls past the deadline times out', async () => {
    const fetch = observedFetch(bodyStallsUntilAborted('{"error": {"message": "Internal', { status: 500 }));
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch, timeout: 30, maxRetries: 2 })));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(fetch.calls).toHaveLength(1);
  });

  test('undici’s own headers timeout is an APIConnectionTimeoutError that keeps the cause and explains the 300 s limit', async () => {
    const undiciError = new TypeError('fetch failed', {
      cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
    });
    const fetch = observedFetch([undiciError, jsonResponse(fixtures.chatCompletion)]);
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch })));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).cause).toBe(undiciError);
    expect((error as Error).message).toMatch(/300 s/);
    expect(fetch.calls).toHaveLength(1);
  });

  test('a plain connection failure is an APIConnectionError (not a timeout) that keeps the cause', async () => {
    const failure = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.deepseek.com'), { code: 'ENOTFOUND' }) });
    const fetch = observedFetch([failure]);
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0 })));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).cause).toBe(failure);
  });
});

describe('abort', () => {
  test.each([
    { name: 'chat.completions.create', call: (c: DeepSeek, o: RequestOptions) => c.chat.completions.create(fixtures.chatRequest, o) },
    { name: 'chat stream', call: (c: DeepSeek, o: RequestOptions) => c.chat.completions.create({ ...fixtures.chatRequest, stream: true }, o) },
    { name: 'fim.completions.create', call: (c: DeepSeek, o: RequestOptions) => c.fim.completions.create(fixtures.fimRequest, o) },
    { name: 'models.list', call: (c: DeepSeek, o: RequestOptions) => c.models.list(o) },
    { name: 'balance.retrieve', call: (c: DeepSeek, o: RequestOptions) => c.balance.retrieve(o) },
  ])('$name with an already-aborted signal makes no fetch call and rejects with APIUserAbortError', async ({ call }) => {
    const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
    const reason = new Error('user navigated away');
    const error = await caught(call(new DeepSeek({ apiKey: testKey, fetch }), { signal: AbortSignal.abort(reason) }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    expect(fetch.calls).toHaveLength(0);
  });

  test('aborting while fetch waits for headers rejects with APIUserAbortError, not a connection error, and is not retried', async () => {
    const controller = new AbortController();
    const fetch = observedFetch((call) => {
      setTimeout(() => controller.abort(new Error('stop')), 10);
      return hangsUntilAborted(call);
    });
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch, maxRetries: 2 }), { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect((error as Error).cause).toEqual(new Error('stop'));
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]!.signal!.aborted).toBe(true);
  });

  test('aborting while the JSON body is read rejects with APIUserAbortError', async () => {
    const controller = new AbortController();
    const stalls = bodyStallsUntilAborted('{"id": ');
    const fetch = observedFetch((call) => {
      setTimeout(() => controller.abort(), 10);
      return stalls(call);
    });
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch }), { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(1);
  });

  test('a user abort wins over a timeout that has not fired', async () => {
    const controller = new AbortController();
    const fetch = observedFetch((call) => {
      setTimeout(() => controller.abort(), 10);
      return hangsUntilAborted(call);
    });
    const error = await caught(create(new DeepSeek({ apiKey: testKey, fetch, timeout: 60_000 }), { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe('abort listeners do not leak', () => {
  test('many requests sharing one long-lived signal leave no abort listener behind, whatever their outcome', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    const added = vi.spyOn(signal, 'addEventListener');
    const answers = [
      () => jsonResponse(fixtures.chatCompletion), // success
      () => errorResponse(400, 'bad'), // final error
      () => errorResponse(429, 'slow down'), // retried ...
      () => jsonResponse(fixtures.chatCompletion), // ... then success
      () => textResponse('not json', { contentType: 'application/json' }), // invalid JSON
    ];
    const fetch = observedFetch((_call, index) => answers[index % answers.length]!());
    const client = new DeepSeek({ apiKey: testKey, fetch, maxRetries: 1 });
    for (let round = 0; round < 10; round++) {
      await caught(create(client, { signal })); // success
      await caught(create(client, { signal })); // 400
      await caught(create(client, { signal })); // 429, sleep, success
      await caught(create(client, { signal })); // invalid JSON
    }
    expect(fetch.calls).toHaveLength(50);
    expect(added.mock.calls.length).toBeGreaterThanOrEqual(50); // the SDK does listen ...
    expect(getEventListeners(signal, 'abort')).toHaveLength(0); // ... and cleans up every time
  });

  test('timed-out requests leave no abort listener on the caller’s signal', async () => {
    const { signal } = new AbortController();
    const client = new DeepSeek({ apiKey: testKey, fetch: observedFetch(hangsUntilAborted), timeout: 5 });
    for (let i = 0; i < 5; i++) await caught(create(client, { signal }));
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  test('a stream read to the end leaves no abort listener on the caller’s signal', async () => {
    const { signal } = new AbortController();
    const fetch = observedFetch(() => sseResponse([fixtures.chatChunk('Hi'), fixtures.chatChunk('!', 'stop')]));
    const client = new DeepSeek({ apiKey: testKey, fetch });
    for (let i = 0; i < 5; i++) {
      const stream = await client.chat.completions.create({ ...fixtures.chatRequest, stream: true }, { signal });
      expect((await stream.finalCompletion()).choices[0]!.message.content).toBe('Hi!');
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
