/**
 * The functional core (`DeepSeekCore` + `createChatCompletion`, `createFimCompletion`,
 * `listModels`, `retrieveBalance`): the same requests and results as the `DeepSeek` class, its
 * own lean `ChunkStream`, and clear errors for a client it did not make.
 */
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import {
  APIConnectionTimeoutError,
  ChatCompletionStream,
  ChunkStream,
  createChatCompletion,
  createFimCompletion,
  DeepSeek,
  DeepSeekCore,
  DeepSeekError,
  listModels,
  retrieveBalance,
  StreamError,
} from '../../src/index';
import { bodyStallsUntilAborted, fixtures, jsonResponse, observedFetch, sseResponse, testKey, type ObservedCall } from '../helpers/observed-fetch';

const baseURL = 'https://api.example.test';

/** What the server saw, minus what differs between any two calls. */
function request(call: ObservedCall) {
  return { method: call.method, url: call.url, headers: Object.fromEntries(call.headers), body: call.body };
}

describe('the functional core sends what the class sends', () => {
  const cases = [
    {
      name: 'chat completion',
      answer: () => jsonResponse(fixtures.chatCompletion),
      viaCore: (core: DeepSeekCore) => createChatCompletion(core, fixtures.chatRequest),
      viaClass: (client: DeepSeek) => client.chat.completions.create(fixtures.chatRequest),
      path: '/chat/completions',
    },
    {
      name: 'FIM completion',
      answer: () => jsonResponse(fixtures.textCompletion),
      viaCore: (core: DeepSeekCore) => createFimCompletion(core, fixtures.fimRequest),
      viaClass: (client: DeepSeek) => client.fim.completions.create(fixtures.fimRequest),
      path: '/beta/completions',
    },
    {
      name: 'model list',
      answer: () => jsonResponse(fixtures.modelList),
      viaCore: (core: DeepSeekCore) => listModels(core),
      viaClass: (client: DeepSeek) => client.models.list(),
      path: '/models',
    },
    {
      name: 'balance',
      answer: () => jsonResponse(fixtures.userBalance),
      viaCore: (core: DeepSeekCore) => retrieveBalance(core),
      viaClass: (client: DeepSeek) => client.balance.retrieve(),
      path: '/user/balance',
    },
  ];

  test.each(cases)('$name: same request, same result', async ({ answer, viaCore, viaClass, path }) => {
    const coreFetch = observedFetch([answer()]);
    const classFetch = observedFetch([answer()]);
    const fromCore = await viaCore(new DeepSeekCore({ apiKey: testKey, baseURL, fetch: coreFetch }));
    const fromClass = await viaClass(new DeepSeek({ apiKey: testKey, baseURL, fetch: classFetch }));
    expect(fromCore).toEqual(fromClass);
    expect(coreFetch.calls).toHaveLength(1);
    expect(request(coreFetch.calls[0]!)).toEqual(request(classFetch.calls[0]!));
    expect(coreFetch.calls[0]!.url).toBe(`${baseURL}${path}`);
  });

  test('a DeepSeek instance is a DeepSeekCore, so the functions take it too', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.userBalance)]);
    const client = new DeepSeek({ apiKey: testKey, fetch });
    expect(client).toBeInstanceOf(DeepSeekCore);
    await expect(retrieveBalance(client)).resolves.toEqual(fixtures.userBalance);
  });

  test('withResponse() gives the raw response and DeepSeek’s trace id', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList, { headers: { 'x-ds-trace-id': 'trace-42' } })]);
    const { data, response, traceId } = await listModels(new DeepSeekCore({ apiKey: testKey, fetch })).withResponse();
    expect(data).toEqual(fixtures.modelList);
    expect(response.status).toBe(200);
    expect(traceId).toBe('trace-42');
  });

  test('prefix completion is routed to the beta server, as by the class', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
    await createChatCompletion(new DeepSeekCore({ apiKey: testKey, baseURL, fetch }), {
      model: 'deepseek-v4-flash',
      messages: [
        { role: 'user', content: 'Write a haiku' },
        { role: 'assistant', content: 'Autumn', prefix: true },
      ],
    });
    expect(fetch.calls[0]!.url).toBe(`${baseURL}/beta/chat/completions`);
  });
});

describe('streams from the functional core', () => {
  test('are ChunkStreams: every chunk in order, without the class’s accumulation methods', async () => {
    const chunks = [fixtures.chatChunk('Hel'), fixtures.chatChunk('lo'), fixtures.chatChunk('', 'stop')];
    const fetch = observedFetch([sseResponse(chunks)]);
    const stream = await createChatCompletion(new DeepSeekCore({ apiKey: testKey, fetch }), { ...fixtures.chatRequest, stream: true });
    expect(stream).toBeInstanceOf(ChunkStream);
    expect(stream).not.toBeInstanceOf(ChatCompletionStream);
    expect('finalCompletion' in stream).toBe(false);
    const seen = [];
    for await (const chunk of stream) seen.push(chunk);
    expect(seen).toEqual(chunks);
    expect(fetch.calls[0]!.headers.get('accept')).toContain('text/event-stream');
    expect(JSON.parse(fetch.calls[0]!.body!)).toMatchObject({ stream: true });
  });

  test('a stream cut before data: [DONE] delivers what arrived, then fails with StreamError', async () => {
    const fetch = observedFetch([sseResponse([fixtures.chatChunk('partial')], { done: false })]);
    const stream = await createChatCompletion(new DeepSeekCore({ apiKey: testKey, fetch }), { ...fixtures.chatRequest, stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().then(() => undefined, (e: unknown) => e);
    expect(seen).toEqual(['partial']);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
  });

  test('can be read only once', async () => {
    const fetch = observedFetch([sseResponse([fixtures.chatChunk('x', 'stop')])]);
    const stream = await createChatCompletion(new DeepSeekCore({ apiKey: testKey, fetch }), { ...fixtures.chatRequest, stream: true });
    for await (const _ of stream) void _;
    expect(() => stream[Symbol.asyncIterator]()).toThrow(DeepSeekError);
    // It has no tee(), so the message must not suggest one on this stream.
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/can be read once/);
  });

  test('toReadableStream() gives the chunks as newline-delimited JSON', async () => {
    const chunks = [fixtures.chatChunk('a'), fixtures.chatChunk('b', 'stop')];
    const fetch = observedFetch([sseResponse(chunks)]);
    const stream = await createChatCompletion(new DeepSeekCore({ apiKey: testKey, fetch }), { ...fixtures.chatRequest, stream: true });
    const text = await new Response(stream.toReadableStream()).text();
    expect(text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(chunks);
  });

  test('FIM streams are ChunkStreams of text chunks from the beta server', async () => {
    const chunk = { ...fixtures.textCompletion, object: 'text_completion' };
    const fetch = observedFetch([sseResponse([chunk])]);
    const stream = await createFimCompletion(new DeepSeekCore({ apiKey: testKey, baseURL, fetch }), { ...fixtures.fimRequest, stream: true });
    const seen = [];
    for await (const item of stream) seen.push(item);
    expect(seen).toEqual([chunk]);
    expect(fetch.calls[0]!.url).toBe(`${baseURL}/beta/completions`);
  });

  test('the idle watchdog ends a stalled ChunkStream with APIConnectionTimeoutError after the chunks that arrived', async () => {
    const first = `data: ${JSON.stringify(fixtures.chatChunk('before the stall'))}\n\n`;
    const fetch = observedFetch([bodyStallsUntilAborted(first, { headers: { 'content-type': 'text/event-stream' } })]);
    const stream = await createChatCompletion(new DeepSeekCore({ apiKey: testKey, fetch }), { ...fixtures.chatRequest, stream: true }, { idleTimeout: 40 });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    })().then(() => undefined, (e: unknown) => e);
    expect(seen).toEqual(['before the stall']);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(fetch.calls[0]!.signal?.aborted).toBe(true);
  });

  test('abort() ends a ChunkStream quietly and cancels the request', async () => {
    const first = `data: ${JSON.stringify(fixtures.chatChunk('one'))}\n\n`;
    const fetch = observedFetch([bodyStallsUntilAborted(first, { headers: { 'content-type': 'text/event-stream' } })]);
    const stream = await createChatCompletion(new DeepSeekCore({ apiKey: testKey, fetch }), { ...fixtures.chatRequest, stream: true });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.choices[0]?.delta.content ?? '');
      stream.abort();
    }
    expect(seen).toEqual(['one']);
    expect(fetch.calls[0]!.signal?.aborted).toBe(true);
  });

  test('a bad idleTimeout rejects before anything is sent', async () => {
    const fetch = observedFetch([]);
    const core = new DeepSeekCore({ apiKey: testKey, fetch });
    await expect(createChatCompletion(core, { ...fixtures.chatRequest, stream: true }, { idleTimeout: -1 })).rejects.toThrow(/idleTimeout must be a non-negative/);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('a client the package did not make', () => {
  const forged = { baseURL, timeout: 1000, idleTimeout: 1000, maxRetries: 0 } as unknown as DeepSeekCore;

  test.each([
    { name: 'createChatCompletion', call: () => createChatCompletion(forged, fixtures.chatRequest) },
    { name: 'createChatCompletion (stream)', call: () => createChatCompletion(forged, { ...fixtures.chatRequest, stream: true }) },
    { name: 'createFimCompletion', call: () => createFimCompletion(forged, fixtures.fimRequest) },
    { name: 'listModels', call: () => listModels(forged) },
    { name: 'retrieveBalance', call: () => retrieveBalance(forged) },
  ])('$name rejects with DeepSeekError, never a TypeError', async ({ call }) => {
    const error: unknown = await call().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toMatch(/new DeepSeekCore\(\) or new DeepSeek\(\)/);
  });
});

describe('DeepSeekCore keeps the key private', () => {
  test('JSON.stringify and util.inspect show settings with the key masked', () => {
    const core = new DeepSeekCore({ apiKey: testKey, fetch: observedFetch([]) });
    for (const text of [JSON.stringify(core), inspect(core, { showHidden: true, depth: Infinity }), String(Object.entries(core))]) {
      expect(text).not.toContain(testKey);
    }
    expect(JSON.parse(JSON.stringify(core))).toMatchObject({ baseURL: 'https://api.deepseek.com', maxRetries: 2 });
  });

  test('applies the same checks as new DeepSeek()', () => {
    expect(() => new DeepSeekCore({ apiKey: 'sk-with\nnewline' })).toThrow(DeepSeekError);
    expect(() => new DeepSeekCore({ apiKey: testKey, baseURL: 'http://api.deepseek.com' })).toThrow(/https/);
    expect(() => new DeepSeekCore({ apiKey: testKey, timeout: -5 })).toThrow(/timeout/);
  });
});
