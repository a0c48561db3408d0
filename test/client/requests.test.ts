import { describe, expect, test } from 'vitest';
import { DeepSeek, DeepSeekError, type RequestOptions } from '../../src/index';
import { fixtures, jsonResponse, observedFetch, sseResponse, testKey, type ObservedCall, type ObservedFetch } from '../helpers/observed-fetch';

/** Each public method, called with the given per-request options, answered by a fitting response. */
const methods: { name: string; answer: () => Response; call: (client: DeepSeek, options: RequestOptions) => Promise<unknown> }[] = [
  { name: 'chat.completions.create', answer: () => jsonResponse(fixtures.chatCompletion), call: (c, o) => c.chat.completions.create(fixtures.chatRequest, o) },
  { name: 'fim.completions.create', answer: () => jsonResponse(fixtures.textCompletion), call: (c, o) => c.fim.completions.create(fixtures.fimRequest, o) },
  { name: 'models.list', answer: () => jsonResponse(fixtures.modelList), call: (c, o) => c.models.list(o) },
  { name: 'balance.retrieve', answer: () => jsonResponse(fixtures.userBalance), call: (c, o) => c.balance.retrieve(o) },
];

async function oneCall(
  method: (typeof methods)[number],
  clientOptions: ConstructorParameters<typeof DeepSeek>[0] = {},
  options: RequestOptions = {},
): Promise<ObservedCall> {
  const fetch = observedFetch([method.answer()]);
  await method.call(new DeepSeek({ apiKey: testKey, fetch, ...clientOptions }), options);
  return fetch.calls[0]!;
}

describe('request bodies', () => {
  test('the chat body is sent exactly as passed, unknown extra fields included', async () => {
    const body = {
      model: 'deepseek-v4-pro',
      messages: [
        { role: 'system' as const, content: 'Be terse.' },
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] },
      ],
      temperature: 0.2,
      max_tokens: null,
      thinking: { type: 'disabled' as const },
      x_future_field: { nested: [1, 'two', null] },
      user_id: 'u-42',
    };
    const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
    await new DeepSeek({ apiKey: testKey, fetch }).chat.completions.create(body);
    expect(JSON.parse(fetch.calls[0]!.body!)).toEqual(body);
    expect(fetch.calls[0]!.headers.get('content-type')).toBe('application/json');
  });

  test('the FIM body is sent exactly as passed, unknown extra fields included', async () => {
    const body = { ...fixtures.fimRequest, echo: false, logprobs: 2, x_future_field: 'kept' };
    const fetch = observedFetch([jsonResponse(fixtures.textCompletion)]);
    await new DeepSeek({ apiKey: testKey, fetch }).fim.completions.create(body);
    expect(JSON.parse(fetch.calls[0]!.body!)).toEqual(body);
  });

  test.each([
    { name: 'a cycle', extra: (() => { const node: Record<string, unknown> = { secret: 'kept-out' }; node.self = node; return { x_node: node }; })(), mentions: /circular/i },
    { name: 'a BigInt', extra: { seed: 7n }, mentions: /BigInt/ },
  ])('a body with $name fails with DeepSeekError before anything is sent', async ({ extra, mentions }) => {
    const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
    const client = new DeepSeek({ apiKey: testKey, fetch });
    const error: unknown = await client.chat.completions.create({ ...fixtures.chatRequest, ...extra } as never).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toMatch(/cannot be sent as JSON/);
    expect((error as Error).message).toMatch(mentions);
    expect((error as Error).message).not.toContain('kept-out');
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(fetch.calls).toHaveLength(0);
  });

  test('the caller’s body object is not modified', async () => {
    const body = { ...fixtures.chatRequest, messages: [...fixtures.chatRequest.messages] };
    const before = structuredClone(body);
    const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
    await new DeepSeek({ apiKey: testKey, fetch }).chat.completions.create(body);
    expect(body).toEqual(before);
  });

  test.each([
    { name: 'models.list', method: methods[2]! },
    { name: 'balance.retrieve', method: methods[3]! },
  ])('$name is a GET without a body or content-type', async ({ method }) => {
    const call = await oneCall(method);
    expect(call.method).toBe('GET');
    expect(call.init.body ?? undefined).toBeUndefined();
    expect(call.headers.has('content-type')).toBe(false);
  });
});

describe('request headers and init', () => {
  test.each(methods)('$name sends authorization: Bearer <key> and accept: application/json', async (method) => {
    const call = await oneCall(method);
    expect(call.headers.get('authorization')).toBe(`Bearer ${testKey}`);
    expect(call.headers.get('accept')).toBe('application/json');
  });

  test.each([
    { name: 'chat', call: (c: DeepSeek) => c.chat.completions.create({ ...fixtures.chatRequest, stream: true }) },
    { name: 'FIM', call: (c: DeepSeek) => c.fim.completions.create({ ...fixtures.fimRequest, stream: true }) },
  ])('a $name stream asks for text/event-stream, application/json', async ({ call }) => {
    const fetch = observedFetch([sseResponse([])]);
    const stream = await call(new DeepSeek({ apiKey: testKey, fetch }));
    await stream.finalCompletion().catch(() => undefined);
    expect(fetch.calls[0]!.headers.get('accept')).toBe('text/event-stream, application/json');
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(`Bearer ${testKey}`);
  });

  test.each(methods)('$name never follows redirects (redirect: manual)', async (method) => {
    const call = await oneCall(method);
    expect(call.init.redirect).toBe('manual');
  });

  test.each(methods)('$name sends defaultHeaders and per-request headers; per-request wins', async (method) => {
    const call = await oneCall(
      method,
      { defaultHeaders: { 'x-team': 'search', 'x-app': 'default-app' } },
      { headers: { 'x-app': 'request-app', 'x-request-tag': 'abc' } },
    );
    expect(call.headers.get('x-team')).toBe('search');
    expect(call.headers.get('x-app')).toBe('request-app');
    expect(call.headers.get('x-request-tag')).toBe('abc');
  });

  test.each(methods)('$name: a per-request header set to null removes a default header', async (method) => {
    const call = await oneCall(method, { defaultHeaders: { 'x-team': 'search', 'x-app': 'a' } }, { headers: { 'x-team': null } });
    expect(call.headers.has('x-team')).toBe(false);
    expect(call.headers.get('x-app')).toBe('a');
  });

  test('a per-request header set to undefined leaves the default in place', async () => {
    const call = await oneCall(methods[0]!, { defaultHeaders: { 'x-team': 'search' } }, { headers: { 'x-team': undefined } });
    expect(call.headers.get('x-team')).toBe('search');
  });

  test.each(methods)('$name passes fetchOptions fields to fetch', async (method) => {
    const dispatcher = { marker: 'undici-agent' };
    const call = await oneCall(method, { fetchOptions: { dispatcher, cache: 'no-store', keepalive: true } });
    const init = call.init as RequestInit & { dispatcher?: unknown };
    expect(init.dispatcher).toBe(dispatcher);
    expect(init.cache).toBe('no-store');
    expect(init.keepalive).toBe(true);
  });

  test('fetchOptions cannot replace the method, the signal or the redirect policy', async () => {
    const foreign = new AbortController().signal;
    const call = await oneCall(methods[0]!, { fetchOptions: { method: 'PUT', signal: foreign, redirect: 'follow' } });
    expect(call.method).toBe('POST');
    expect(call.init.signal).not.toBe(foreign);
    expect(call.init.redirect).toBe('manual');
  });

  test('every request gets its own abort signal for fetch', async () => {
    const fetch: ObservedFetch = observedFetch([jsonResponse(fixtures.modelList), jsonResponse(fixtures.modelList)]);
    const client = new DeepSeek({ apiKey: testKey, fetch });
    await client.models.list();
    await client.models.list();
    const [first, second] = fetch.calls;
    expect(first!.signal).toBeInstanceOf(AbortSignal);
    expect(second!.signal).toBeInstanceOf(AbortSignal);
    expect(first!.signal).not.toBe(second!.signal);
  });
});
