import { describe, expect, test } from 'vitest';
import { APIPromise, ChatCompletionStream, DeepSeek, RateLimitError, TextCompletionStream } from '../../src/index';
import { errorResponse, fixtures, jsonResponse, observedFetch, sseResponse, testKey } from '../helpers/observed-fetch';

const ids = { 'x-request-id': 'req-0123', 'x-ds-trace-id': 'a1b2c3d4e5f6' };

const methods = [
  { name: 'chat.completions.create', body: fixtures.chatCompletion, call: (c: DeepSeek) => c.chat.completions.create(fixtures.chatRequest) },
  { name: 'fim.completions.create', body: fixtures.textCompletion, call: (c: DeepSeek) => c.fim.completions.create(fixtures.fimRequest) },
  { name: 'models.list', body: fixtures.modelList, call: (c: DeepSeek) => c.models.list() },
  { name: 'balance.retrieve', body: fixtures.userBalance, call: (c: DeepSeek) => c.balance.retrieve() },
];

describe('withResponse()', () => {
  test.each(methods)('$name returns an APIPromise whose withResponse() gives data, response, requestId and traceId', async ({ body, call }) => {
    const fetch = observedFetch([jsonResponse(body, { headers: ids })]);
    const promise = call(new DeepSeek({ apiKey: testKey, fetch }));
    expect(promise).toBeInstanceOf(APIPromise);
    const result = await promise.withResponse();
    expect(result.data).toEqual(body);
    expect(result.response).toBeInstanceOf(Response);
    expect(result.response.status).toBe(200);
    expect(result.requestId).toBe('req-0123');
    expect(result.traceId).toBe('a1b2c3d4e5f6');
  });

  test.each(methods)('$name: awaiting the promise and withResponse() give the same data from one request', async ({ body, call }) => {
    const fetch = observedFetch([jsonResponse(body, { headers: ids })]);
    const promise = call(new DeepSeek({ apiKey: testKey, fetch }));
    const [data, result] = await Promise.all([promise, promise.withResponse()]);
    expect(data).toEqual(body);
    expect(result.data).toBe(data);
    expect(fetch.calls).toHaveLength(1);
  });

  test('requestId and traceId are undefined when the headers are absent', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const result = await new DeepSeek({ apiKey: testKey, fetch }).models.list().withResponse();
    expect(result.requestId).toBeUndefined();
    expect(result.traceId).toBeUndefined();
  });

  test('the response of a retried call is the last attempt’s', async () => {
    const fetch = observedFetch([errorResponse(429, 'Rate limit reached', { 'x-request-id': 'req-first' }), jsonResponse(fixtures.modelList, { headers: { 'x-request-id': 'req-second' } })]);
    const result = await new DeepSeek({ apiKey: testKey, fetch }).models.list().withResponse();
    expect(result.requestId).toBe('req-second');
    expect(result.response.status).toBe(200);
  });

  test('withResponse() rejects with the same error as the promise', async () => {
    const fetch = observedFetch([errorResponse(429, 'Rate limit reached')]);
    const promise = new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0 }).models.list();
    const viaAwait = await promise.catch((thrown: unknown) => thrown);
    const viaWithResponse = await promise.withResponse().catch((thrown: unknown) => thrown);
    expect(viaAwait).toBeInstanceOf(RateLimitError);
    expect(viaWithResponse).toBe(viaAwait);
  });

  test('then() builds a plain Promise, not another APIPromise', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const chained = new DeepSeek({ apiKey: testKey, fetch }).models.list().then((list) => list.data.length);
    expect(chained).not.toBeInstanceOf(APIPromise);
    expect(await chained).toBe(2);
  });

  test('a chat stream’s withResponse() gives the stream and the headers before the body is read', async () => {
    const fetch = observedFetch([sseResponse([fixtures.chatChunk('Hi', 'stop')], { headers: ids })]);
    const result = await new DeepSeek({ apiKey: testKey, fetch }).chat.completions.create({ ...fixtures.chatRequest, stream: true }).withResponse();
    expect(result.data).toBeInstanceOf(ChatCompletionStream);
    expect(result.data.response).toBe(result.response);
    expect(result.requestId).toBe('req-0123');
    expect(result.traceId).toBe('a1b2c3d4e5f6');
    expect((await result.data.finalCompletion()).choices[0]!.message.content).toBe('Hi');
  });

  test('a FIM stream’s withResponse() gives a TextCompletionStream', async () => {
    const chunk = { id: 'c', object: 'text_completion', created: 1, model: 'deepseek-v4-flash', choices: [{ index: 0, text: 'x', finish_reason: 'stop' }] };
    const fetch = observedFetch([sseResponse([chunk], { headers: ids })]);
    const result = await new DeepSeek({ apiKey: testKey, fetch }).fim.completions.create({ ...fixtures.fimRequest, stream: true }).withResponse();
    expect(result.data).toBeInstanceOf(TextCompletionStream);
    expect(result.traceId).toBe('a1b2c3d4e5f6');
    expect((await result.data.finalCompletion()).choices[0]!.text).toBe('x');
  });
});
