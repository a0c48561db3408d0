import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  DeepSeek,
  DeepSeekError,
  InsufficientBalanceError,
  InternalServerError,
  RateLimitError,
  StreamError,
  UnprocessableEntityError,
  type ClientOptions,
} from '../../src/index';
import {
  connectionRefused,
  errorBody,
  fixtures,
  hangsUntilAborted,
  jsonResponse,
  observedFetch,
  sseResponse,
  textResponse,
  type Answer,
} from '../helpers/observed-fetch';

/** Distinctive and obviously fake; its masked form is `sk-…cdef`. */
const key = 'sk-test-leakcheck-0123456789abcdef';
const masked = 'sk-…cdef';

/** Every string reachable from `value` through own properties (symbols and non-enumerables too), Headers included. */
function reachableStrings(value: unknown, seen = new Set<unknown>(), out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
    return out;
  }
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return out;
  seen.add(value);
  if (value instanceof Headers) for (const [name, headerValue] of value) out.push(name, headerValue);
  for (const property of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, property);
    if (descriptor && 'value' in descriptor) reachableStrings(descriptor.value, seen, out);
  }
  return out;
}

/** Every way a value is commonly turned into text: JSON, util.inspect (everything shown), String(), its fields; for errors also message, stack and the cause chain. */
function renderings(value: unknown): string[] {
  const texts: string[] = [];
  try {
    texts.push(JSON.stringify(value) ?? '');
  } catch (error) {
    texts.push(String(error));
  }
  texts.push(inspect(value, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }));
  texts.push(String(value));
  texts.push(...reachableStrings(value));
  for (let current: unknown = value, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    texts.push(current.message, current.stack ?? '', String(current));
  }
  return texts;
}

function expectNoKey(value: unknown, secret = key): void {
  const hits = renderings(value).filter((text) => text.includes(secret));
  expect(hits, 'the API key appeared in a rendering').toEqual([]);
}

function clientWith(script: readonly Answer[] | ((...args: never[]) => Response | Promise<Response>), options: ClientOptions = {}) {
  const fetch = observedFetch(script as Parameters<typeof observedFetch>[0]);
  return { fetch, client: new DeepSeek({ apiKey: key, fetch, maxRetries: 0, ...options }) };
}

const echo = `Authentication Fails, Your api key: ${key} is invalid`;

describe('the client object', () => {
  test('holds the key only privately: no rendering of the client or its resources contains it', async () => {
    const { client, fetch } = clientWith([jsonResponse(fixtures.modelList)]);
    for (const part of [client, client.chat, client.chat.completions, client.fim, client.fim.completions, client.models, client.balance]) {
      expectNoKey(part);
    }
    expect((client as unknown as Record<string, unknown>).apiKey).toBeUndefined();
    expect(JSON.stringify(client)).toContain(masked);
    expect(inspect(client)).toContain(masked);
    // ... and the key is really in use:
    await client.models.list();
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(`Bearer ${key}`);
  });
});

describe('errors', () => {
  test.each<{ case: string; answer: Answer; Class: abstract new (...args: never[]) => Error; echoes?: boolean }>([
    { case: '400 echoing the key', answer: jsonResponse(errorBody(echo), { status: 400 }), Class: BadRequestError, echoes: true },
    { case: '401 echoing the key', answer: jsonResponse(errorBody(echo, { code: 'invalid_request_error' }), { status: 401 }), Class: AuthenticationError, echoes: true },
    { case: '402 echoing the key', answer: jsonResponse(errorBody(`Insufficient Balance for ${key}`), { status: 402 }), Class: InsufficientBalanceError, echoes: true },
    { case: 'plain-text 422 echoing the key', answer: textResponse(`Failed to deserialize the JSON body: bad key ${key}`, { status: 422 }), Class: UnprocessableEntityError, echoes: true },
    { case: '429 with {error: "text"} echoing the key', answer: jsonResponse({ error: `rate limit for ${key}` }, { status: 429 }), Class: RateLimitError, echoes: true },
    { case: '500 HTML page echoing the key', answer: textResponse(`<html><body>Bearer ${key}</body></html>`, { status: 500, contentType: 'text/html' }), Class: InternalServerError },
    { case: '404 echoing the key', answer: jsonResponse({ message: `no route for ${key}` }, { status: 404 }), Class: APIError, echoes: true },
    { case: 'a redirect', answer: textResponse('', { status: 302, headers: { location: 'https://elsewhere.example/' } }), Class: APIError },
    { case: 'invalid JSON 200 echoing the key', answer: textResponse(`{"echo": "${key}"`, { contentType: 'application/json' }), Class: APIError },
    { case: 'an empty 200 body', answer: textResponse(''), Class: APIError },
    { case: 'a refused connection', answer: connectionRefused(), Class: APIConnectionError },
  ])('$case → an error whose renderings never contain the key', async ({ answer, Class, echoes }) => {
    const { client } = clientWith([answer]);
    const error = await client.chat.completions.create(fixtures.chatRequest).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Class);
    expectNoKey(error);
    if (echoes) expect((error as Error).message).toContain(masked); // masked, not dropped
  });

  test('an echoed key is masked in APIError.body too, and the rest of the body is kept', async () => {
    const { client } = clientWith([jsonResponse(errorBody(echo), { status: 401 })]);
    const error = (await client.models.list().catch((thrown: unknown) => thrown)) as AuthenticationError;
    expect(error.body).toEqual(errorBody(`Authentication Fails, Your api key: ${masked} is invalid`));
    expect(error.message).toBe(`401 Authentication Fails, Your api key: ${masked} is invalid`);
  });

  test('anything shaped like a DeepSeek key (sk- and 16+ letters or digits) is masked, even when it is not the client’s key', async () => {
    const other = 'sk-someoneElsesKey0123ABCDxyz';
    const { client } = clientWith([textResponse(`invalid key ${other} for this account`, { status: 422 })]);
    const error = (await client.models.list().catch((thrown: unknown) => thrown)) as APIError;
    for (const text of renderings(error)) expect(text).not.toContain(other);
    expect(error.message).toBe('422 invalid key sk-…Dxyz for this account');
    expect(error.body).toBe('invalid key sk-…Dxyz for this account');
  });

  test('a timeout → APIConnectionTimeoutError whose renderings never contain the key', async () => {
    const { client } = clientWith(hangsUntilAborted, { timeout: 5 });
    const error = await client.models.list().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expectNoKey(error);
  });

  test('a user abort, before and during the request → APIUserAbortError whose renderings never contain the key', async () => {
    const { client } = clientWith(hangsUntilAborted);
    const before = await client.models.list({ signal: AbortSignal.abort() }).catch((thrown: unknown) => thrown);
    const controller = new AbortController();
    const during = client.models.list({ signal: controller.signal }).catch((thrown: unknown) => thrown);
    setTimeout(() => controller.abort(), 5);
    for (const error of [before, await during]) {
      expect(error).toBeInstanceOf(APIUserAbortError);
      expectNoKey(error);
    }
  });

  test('construction errors never contain the key', () => {
    for (const options of [{ baseURL: 'http://api.example.com' }, { baseURL: 'https://user:pw@api.example.com' }, { timeout: -1 }, { maxRetries: 0.5 }]) {
      let error: unknown;
      try {
        new DeepSeek({ apiKey: key, fetch: observedFetch([]), ...options });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(DeepSeekError);
      expectNoKey(error);
    }
  });

  test('a key that cannot be sent as a header value (a stray newline) never appears in the resulting error', async () => {
    // Headers.set() quotes an invalid value in its TypeError; that error must not become a
    // `cause` (or a message) that carries the key.
    const badKey = 'sk-test-leakcheck-0123\n456789abcdef';
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    let error: unknown;
    try {
      await new DeepSeek({ apiKey: badKey, fetch, maxRetries: 0 }).models.list();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DeepSeekError);
    expectNoKey(error, badKey);
    expectNoKey(error, 'sk-test-leakcheck-0123');
  });
});

describe('successful results', () => {
  test('a completion, its withResponse() result and the APIPromise never contain the key', async () => {
    const { client } = clientWith([jsonResponse(fixtures.chatCompletion, { headers: { 'x-ds-trace-id': 'abc123' } })]);
    const promise = client.chat.completions.create(fixtures.chatRequest);
    const result = await promise.withResponse();
    expectNoKey(result);
    expectNoKey(result.data);
    expectNoKey(result.response);
    expectNoKey(promise);
    expect(result.data).toEqual(fixtures.chatCompletion);
  });

  test.each([
    { name: 'models', call: (c: DeepSeek) => c.models.list().withResponse(), body: fixtures.modelList },
    { name: 'balance', call: (c: DeepSeek) => c.balance.retrieve().withResponse(), body: fixtures.userBalance },
    { name: 'FIM', call: (c: DeepSeek) => c.fim.completions.create(fixtures.fimRequest).withResponse(), body: fixtures.textCompletion },
  ])('$name results never contain the key', async ({ call, body }) => {
    const { client } = clientWith([jsonResponse(body)]);
    expectNoKey(await call(client));
  });
});

describe('streams', () => {
  test('a stream, its chunks, its final completion and its withResponse() result never contain the key', async () => {
    const { client } = clientWith([sseResponse([fixtures.chatChunk('Hel'), fixtures.chatChunk('lo', 'stop')])]);
    const result = await client.chat.completions.create({ ...fixtures.chatRequest, stream: true }).withResponse();
    const [left, right] = result.data.tee();
    expectNoKey(result);
    expectNoKey(left);
    const chunks: unknown[] = [];
    for await (const chunk of left) chunks.push(chunk);
    expectNoKey(chunks);
    expectNoKey(await right.finalCompletion());
    expectNoKey(left);
  });

  test.each<{ case: string; body: string; Class: abstract new (...args: never[]) => Error }>([
    { case: 'an in-band {"error": …} echoing the key', body: `data: ${JSON.stringify(errorBody(echo))}\n\n`, Class: APIError },
    { case: 'an event: error echoing the key', body: `event: error\ndata: ${echo}\n\n`, Class: APIError },
    { case: 'malformed JSON holding the key', body: `data: {"content": "${key}"\n\n`, Class: StreamError },
    { case: 'an incomplete stream', body: `data: ${JSON.stringify(fixtures.chatChunk('Hi'))}\n\n`, Class: StreamError },
  ])('$case fails with an error whose renderings never contain the key', async ({ body, Class }) => {
    const { client } = clientWith([textResponse(body, { contentType: 'text/event-stream' })]);
    const stream = await client.chat.completions.create({ ...fixtures.chatRequest, stream: true });
    const error = await stream.finalCompletion().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Class);
    expectNoKey(error);
    expectNoKey(stream);
  });
});
