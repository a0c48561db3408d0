import { describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  DeepSeek,
  StreamError,
  type ChatCompletionChunk,
} from '../../src/index';
import { collect, fakeFetch, scriptedClient, sseData, sseResponse, testApiKey, thinkingChunks, userMessages } from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;
const [c0, c1, c2] = thinkingChunks() as [ChatCompletionChunk, ChatCompletionChunk, ChatCompletionChunk];

describe('a stream that ends without data: [DONE]', () => {
  test('fails with StreamError "incomplete" after yielding every chunk that arrived', async () => {
    const { client, records } = scriptedClient([sseData(c0), sseData(c1), sseData(c2)]);
    const stream = await client.chat.completions.create(params);
    const { chunks, error } = await collect(stream);
    expect(chunks).toEqual([c0, c1, c2]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
    expect((error as StreamError).message).toMatch(/truncated/);
    expect(records[0]!.closed).toBe(true);
  });

  test('fails as "incomplete" when the final chunk arrived but [DONE] did not', async () => {
    const all = thinkingChunks();
    const { client } = scriptedClient([all.map(sseData).join('')]);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual(all);
    expect((error as StreamError).kind).toBe('incomplete');
  });

  test('fails as "incomplete" for an empty body, yielding nothing', async () => {
    const { client } = scriptedClient([]);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
  });

  test('fails as "incomplete" for a body of only keep-alive comments, yielding nothing', async () => {
    const { client } = scriptedClient([': keep-alive\n\n', ': keep-alive\n\n', ': keep-alive\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
  });

  test('does not yield an event whose final blank line never arrived', async () => {
    const { client } = scriptedClient([sseData(c0), `data: ${JSON.stringify(c1)}\n`]);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([c0]);
    expect((error as StreamError).kind).toBe('incomplete');
  });

  test('makes finalCompletion() reject with the same StreamError', async () => {
    const { client } = scriptedClient([sseData(c0), sseData(c1)]);
    const stream = await client.chat.completions.create(params);
    const { error } = await collect(stream);
    await expect(stream.finalCompletion()).rejects.toBe(error);
  });

  test('makes finalCompletion() without iterating reject with StreamError "incomplete"', async () => {
    const { client } = scriptedClient([sseData(c0), sseData(c1)]);
    const stream = await client.chat.completions.create(params);
    const error: unknown = await stream.finalCompletion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
  });
});

describe('an error inside a 200 stream', () => {
  const errorBody = { error: { message: 'Server is busy, please retry later.', type: 'server_error', code: 'overloaded' } };

  test.each([
    ['a data event', [sseData(c0), sseData(c1), sseData(errorBody), sseData(c2), 'data: [DONE]\n\n']],
    ['a data event in the same network chunk as the chunks before it', [sseData(c0) + sseData(c1) + sseData(errorBody) + sseData(c2) + 'data: [DONE]\n\n']],
    ['an event: error', [sseData(c0), sseData(c1), `event: error\ndata: ${JSON.stringify(errorBody)}\n\n`, sseData(c2), 'data: [DONE]\n\n']],
    ['an event: error in the same network chunk', [`${sseData(c0)}${sseData(c1)}event: error\ndata: ${JSON.stringify(errorBody)}\n\n${sseData(c2)}data: [DONE]\n\n`]],
  ])('sent as %s is thrown as APIError with status undefined and the server message, after the chunks before it', async (_, steps) => {
    const { client, requests } = scriptedClient(steps);
    const stream = await client.chat.completions.create(params);
    const { chunks, error } = await collect(stream);
    expect(chunks).toEqual([c0, c1]);
    expect(error).toBeInstanceOf(APIError);
    const apiError = error as APIError;
    expect(apiError.status).toBeUndefined();
    expect(apiError.message).toBe('Server is busy, please retry later.');
    expect(apiError.type).toBe('server_error');
    expect(apiError.code).toBe('overloaded');
    expect(apiError.body).toEqual(errorBody);
    // the stream is over: the request is aborted rather than left open
    expect(requests[0]!.signal.aborted).toBe(true);
    await expect(stream.finalCompletion()).rejects.toBe(error);
  });

  test('named "error" with a plain-text payload is thrown as APIError carrying that text', async () => {
    const { client } = scriptedClient([sseData(c0), 'event: error\ndata: upstream model crashed\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([c0]);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBeUndefined();
    expect((error as APIError).message).toBe('upstream model crashed');
  });

  test('whose error is a plain string is thrown as APIError with that string as the message', async () => {
    const { client } = scriptedClient([sseData(c0), sseData({ error: 'Service Unavailable' })]);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([c0]);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBeUndefined();
    expect((error as APIError).message).toBe('Service Unavailable');
  });

  test('without a message is thrown as APIError with a descriptive message and the server type', async () => {
    const { client } = scriptedClient([sseData(c0), sseData({ error: { type: 'server_error' } })]);
    const { error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe('server_error');
    expect((error as APIError).message).toMatch(/error inside the stream/);
  });

  test('with an empty message is thrown as APIError with a descriptive, non-empty message', async () => {
    const { client } = scriptedClient([sseData(c0), sseData({ error: { message: '', type: 'server_error' } })]);
    const { error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).not.toBe('');
    expect((error as APIError).message).toMatch(/error inside the stream/);
  });

  test('is not assumed when a chunk carries "error": null', async () => {
    const withNullError = { ...c1, error: null };
    const { client } = scriptedClient([sseData(c0), sseData(withNullError), 'data: [DONE]\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([c0, withNullError]);
  });

  test('never echoes the API key the server put in the error message', async () => {
    const leaky = { error: { message: `bad key ${testApiKey} rejected`, type: 'authentication_error' } };
    const { client } = scriptedClient([sseData(c0), sseData(leaky)]);
    const { error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toMatch(/^bad key .* rejected$/);
    expect(JSON.stringify({ message: (error as APIError).message, body: (error as APIError).body })).not.toContain(testApiKey);
  });
});

describe('a stream event that is not a JSON object', () => {
  test.each([['{"id": "x", "choices": [}'], ['42'], ['"text"'], ['null'], ['[1,2]'], ['']])(
    'data %j fails with StreamError "malformed" after the chunks before it',
    async (payload) => {
      const { client } = scriptedClient([sseData(c0), sseData(c1), `data: ${payload}\n\n`, sseData(c2), 'data: [DONE]\n\n']);
      const { chunks, error } = await collect(await client.chat.completions.create(params));
      expect(chunks).toEqual([c0, c1]);
      expect(error).toBeInstanceOf(StreamError);
      expect((error as StreamError).kind).toBe('malformed');
    },
  );
});

describe('a connection reset mid-stream', () => {
  test('fails with APIConnectionError whose cause is the transport error, after every chunk that arrived', async () => {
    const reset = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const { client } = scriptedClient([sseData(c0), sseData(c1), { error: reset }]);
    const stream = await client.chat.completions.create(params);
    const { chunks, error } = await collect(stream);
    expect(chunks).toEqual([c0, c1]);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).not.toBeInstanceOf(APIUserAbortError);
    expect((error as APIConnectionError).cause).toBe(reset);
    await expect(stream.finalCompletion()).rejects.toBe(error);
  });

  test('is not retried: the request was sent once', async () => {
    const { client, requests } = scriptedClient([sseData(c0), { error: new TypeError('terminated') }], { maxRetries: 2 });
    const { error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(requests).toHaveLength(1);
  });
});

describe('an event larger than the decoder limit', () => {
  test('fails with StreamError "size_limit" after the chunks before it, and stops reading', async () => {
    const MiB = 1024 * 1024;
    const piece = 'x'.repeat(MiB);
    // the default cap is 16 MiB: one data line that never ends, sent in 1 MiB pieces
    const steps = [sseData(c0), sseData(c1), 'data: ', ...Array.from({ length: 20 }, () => piece)];
    const { client, requests } = scriptedClient(steps);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([c0, c1]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('size_limit');
    expect(requests[0]!.signal.aborted).toBe(true);
  });
});

describe('a streaming request answered without a body', () => {
  test('rejects create() with StreamError "incomplete"', async () => {
    const { fetch } = fakeFetch(() => sseResponse(null));
    const client = new DeepSeek({ apiKey: testApiKey, baseURL: 'http://127.0.0.1:1', fetch, maxRetries: 0 });
    const error: unknown = await client.chat.completions.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
  });
});
