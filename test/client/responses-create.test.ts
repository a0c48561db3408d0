/**
 * `client.responses.create()` and its functional twin `createResponse()` as requests: the URL
 * (`/responses`, never the beta server), headers and exact body, chat's request options, the
 * opt-in resource, `.withResponse()`, and the payloads recorded from the live API
 * (../shared/deepseek-real: a text response, and the 400 served as application/octet-stream).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import {
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  DeepSeek,
  DeepSeekCore,
  DeepSeekError,
  ResponseStream,
  Responses,
  createResponse,
  outputText,
  toInputItems,
  type ResponseObject,
} from '../../src/index';
import { errorResponse, hangsUntilAborted, jsonResponse, observedFetch, testKey, textResponse, type ObservedFetch } from '../helpers/observed-fetch';
import { eventsFor, item, namedSse, responseObject } from '../helpers/response-streams';

const realDir = process.env.DEEPSEEK_REAL_DIR ?? resolve(import.meta.dirname, '../../../shared/deepseek-real');
const baseURL = 'https://api.deepseek.com';
const client = (fetch: ObservedFetch, maxRetries = 0) => new DeepSeek({ apiKey: testKey, baseURL, fetch, maxRetries, logLevel: 'off' }).with({ responses: Responses });

const answer = responseObject([item.reasoning('Greet back.'), item.message('Hello! How can I help?')]);
const params = { model: 'deepseek-flash', instructions: 'Be brief.', input: 'Hi', reasoning: { effort: 'high' as const }, user: 'user_42' };

function sse(payloads: readonly Record<string, unknown>[]): Response {
  return textResponse(namedSse(payloads), { contentType: 'text/event-stream; charset=utf-8' });
}

describe('the request', () => {
  test('a JSON call POSTs the params as they are to <baseURL>/responses with the key and JSON headers', async () => {
    const fetch = observedFetch([jsonResponse(answer)]);
    expect(await client(fetch).responses.create(params)).toEqual(answer);
    const [call] = fetch.calls;
    expect(call!.url).toBe('https://api.deepseek.com/responses');
    expect(call!.method).toBe('POST');
    expect(JSON.parse(call!.body!)).toEqual(params);
    expect(call!.headers.get('authorization')).toBe(`Bearer ${testKey}`);
    expect(call!.headers.get('content-type')).toBe('application/json');
    expect(call!.headers.get('accept')).toBe('application/json');
  });

  test('a streamed call sends stream: true and accepts the event stream (or a JSON error)', async () => {
    const fetch = observedFetch([sse(eventsFor(answer))]);
    const stream = await client(fetch).responses.create({ ...params, stream: true });
    expect(stream).toBeInstanceOf(ResponseStream);
    expect(await stream.finalResponse()).toEqual(answer);
    expect(JSON.parse(fetch.calls[0]!.body!)).toEqual({ ...params, stream: true });
    expect(fetch.calls[0]!.headers.get('accept')).toBe('text/event-stream, application/json');
    expect(fetch.calls[0]!.url).toBe('https://api.deepseek.com/responses');
  });

  test('text.format json_schema passes through as sent, and outputText() is the JSON to parse', async () => {
    const format = { type: 'json_schema' as const, name: 'weather', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true };
    const structured = responseObject([item.message('{"city":"Hangzhou"}')], { text: { format: { ...format, description: null }, verbosity: null } });
    const fetch = observedFetch([jsonResponse(structured), sse(eventsFor(structured))]);
    const json = await client(fetch).responses.create({ model: 'deepseek-flash', input: 'Where?', text: { format } });
    expect(JSON.parse(outputText(json))).toEqual({ city: 'Hangzhou' });
    const stream = await client(fetch).responses.create({ model: 'deepseek-flash', input: 'Where?', text: { format }, stream: true });
    expect(JSON.parse(await stream.outputText())).toEqual({ city: 'Hangzhou' });
    for (const call of fetch.calls) expect(JSON.parse(call.body!).text).toEqual({ format });
  });

  test('per-request headers are sent, and null removes a default header', async () => {
    const fetch = observedFetch([jsonResponse(answer)]);
    const custom = new DeepSeek({ apiKey: testKey, baseURL, fetch, defaultHeaders: { 'x-team': 'a', 'x-drop': 'me' } }).with({ responses: Responses });
    await custom.responses.create(params, { headers: { 'x-extra': '1', 'x-drop': null } });
    expect(fetch.calls[0]!.headers.get('x-extra')).toBe('1');
    expect(fetch.calls[0]!.headers.get('x-team')).toBe('a');
    expect(fetch.calls[0]!.headers.has('x-drop')).toBe(false);
  });

  test('a 503 is retried with the same body up to maxRetries, then the answer is returned', async () => {
    const fetch = observedFetch([errorResponse(503, 'Server Overloaded'), jsonResponse(answer)]);
    expect(await client(fetch).responses.create(params, { maxRetries: 1 })).toEqual(answer);
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls[1]!.body).toBe(fetch.calls[0]!.body);
  });

  test('timeout per request: a server that never answers fails with APIConnectionTimeoutError', async () => {
    const fetch = observedFetch(hangsUntilAborted);
    await expect(client(fetch).responses.create(params, { timeout: 30 })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });

  test('an aborted signal rejects with APIUserAbortError before anything is sent', async () => {
    const fetch = observedFetch([jsonResponse(answer)]);
    await expect(client(fetch).responses.create(params, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(0);
  });

  test('a bad idleTimeout rejects the call\'s promise before anything is sent', async () => {
    const fetch = observedFetch([sse(eventsFor(answer))]);
    await expect(client(fetch).responses.create({ ...params, stream: true }, { idleTimeout: -1 })).rejects.toThrow(/idleTimeout must be a non-negative number/);
    expect(fetch.calls).toHaveLength(0);
  });

  test('.withResponse() gives the data with the raw response, request id and trace id', async () => {
    const fetch = observedFetch([jsonResponse(answer, { headers: { 'x-ds-trace-id': 'trace-9', 'x-request-id': 'req-9' } })]);
    const { data, response, traceId, requestId } = await client(fetch).responses.create(params).withResponse();
    expect(data).toEqual(answer);
    expect(response.status).toBe(200);
    expect([traceId, requestId]).toEqual(['trace-9', 'req-9']);
  });

  test('.withResponse() on a streamed call gives the stream with the response headers, before the body is read', async () => {
    const fetch = observedFetch([textResponse(namedSse(eventsFor(answer)), { contentType: 'text/event-stream', headers: { 'x-ds-trace-id': 'trace-s' } })]);
    const { data, response, traceId } = await client(fetch).responses.create({ ...params, stream: true }).withResponse();
    expect(data).toBeInstanceOf(ResponseStream);
    expect(data.response).toBe(response);
    expect(traceId).toBe('trace-s');
    expect(await data.finalResponse()).toEqual(answer);
  });
});

describe('the functional core and the opt-in resource', () => {
  test('createResponse(core, …) sends the same request and returns the same data as the resource', async () => {
    const fetch = observedFetch([jsonResponse(answer), jsonResponse(answer), sse(eventsFor(answer))]);
    const core = new DeepSeekCore({ apiKey: testKey, baseURL, fetch });
    expect(await createResponse(core, params)).toEqual(answer);
    expect(await client(fetch).responses.create(params)).toEqual(answer);
    expect(fetch.calls[0]!.body).toBe(fetch.calls[1]!.body);
    const stream = await createResponse(core, { ...params, stream: true });
    expect(stream).toBeInstanceOf(ResponseStream);
    expect(await stream.outputText()).toBe('Hello! How can I help?');
  });

  test('a DeepSeek client has no responses until with() adds the resource', () => {
    const plain = new DeepSeek({ apiKey: testKey, baseURL });
    expect('responses' in plain).toBe(false);
    const withResponses = plain.with({ responses: Responses });
    expect(withResponses.responses).toBeInstanceOf(Responses);
  });

  test('createResponse with an object that is not a client rejects with a clear DeepSeekError', async () => {
    await expect(createResponse({} as DeepSeekCore, params)).rejects.toThrow(DeepSeekError);
  });

  test('the key appears in no inspection or serialization of a stream, its error, or the resource', async () => {
    const fetch = observedFetch([sse(eventsFor(answer).slice(0, 3))]);
    const resourceful = client(fetch);
    const stream = await resourceful.responses.create({ ...params, stream: true });
    const error = await stream.finalResponse().catch((thrown: unknown) => thrown);
    for (const value of [stream, error, resourceful.responses, resourceful]) {
      expect(inspect(value, { depth: 8, showHidden: true })).not.toContain(testKey);
      expect(JSON.stringify(value) ?? '').not.toContain(testKey);
    }
  });
});

describe.runIf(existsSync(realDir))('payloads recorded from the live API', () => {
  const read = (name: string): string => readFileSync(resolve(realDir, name), 'utf8');

  test('responses-v4-flash-text.json comes back exactly, its text through outputText() and its message replayable', async () => {
    const recorded = JSON.parse(read('responses-v4-flash-text.json')) as ResponseObject;
    const fetch = observedFetch([jsonResponse(recorded)]);
    const response = await client(fetch).responses.create({ model: 'deepseek-v4-flash', instructions: 'You are a helpful assistant.', input: 'Invent a holiday.', reasoning: { effort: 'none' } });
    expect(response).toEqual(recorded);
    expect(outputText(response)).toMatch(/^Introducing "Glowmorrow,"/);
    expect(outputText(response)).toBe((recorded.output[0] as { content: { text: string }[] }).content[0]!.text);
    expect(toInputItems(response)).toEqual([{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: outputText(response) }] }]);
  });

  test('the 400 served as application/octet-stream is a BadRequestError with the server message, not retried', async () => {
    const text = read('error-400-responses-endpoint-octet-stream.json');
    const fetch = observedFetch(() => textResponse(text, { status: 400, contentType: 'application/octet-stream' }));
    const error = await client(fetch, 2).responses.create(params).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, message: '400 No tool output found for tool call call-a.', type: 'invalid_request_error', code: 'invalid_request_error' });
    expect((error as BadRequestError).body).toEqual(JSON.parse(text));
    expect(fetch.calls).toHaveLength(1);
  });

  test('the same 400 on a streamed call is the same BadRequestError', async () => {
    const text = read('error-400-responses-endpoint-octet-stream.json');
    const fetch = observedFetch(() => textResponse(text, { status: 400, contentType: 'application/octet-stream' }));
    await expect(client(fetch).responses.create({ ...params, stream: true })).rejects.toMatchObject({ name: 'BadRequestError', message: '400 No tool output found for tool call call-a.' });
  });
});
