import { describe, expect, test } from 'vitest';
import { APIError, DeepSeek } from '../../src/index';
import { fixtures, jsonResponse, observedFetch, testKey, textResponse } from '../helpers/observed-fetch';

const client = (fetch: ReturnType<typeof observedFetch>, maxRetries = 2) => new DeepSeek({ apiKey: testKey, fetch, maxRetries });

describe('successful JSON responses', () => {
  test('unknown extra fields in a chat completion pass through untouched', async () => {
    const body = {
      ...fixtures.chatCompletion,
      x_new_top_level: { a: [1, 2] },
      choices: [{ ...fixtures.chatCompletion.choices[0]!, x_choice_extra: true, message: { role: 'assistant', content: 'Hi!', x_msg: 'kept' } }],
      usage: { ...fixtures.chatCompletion.usage, prompt_cache_hit_tokens: 3, prompt_cache_miss_tokens: 2 },
    };
    const fetch = observedFetch([jsonResponse(body)]);
    expect(await client(fetch).chat.completions.create(fixtures.chatRequest)).toEqual(body);
  });

  test.each([
    { name: 'models.list', body: { ...fixtures.modelList, x_extra: 1 }, call: (c: DeepSeek) => c.models.list() },
    { name: 'balance.retrieve', body: { ...fixtures.userBalance, x_extra: 'two' }, call: (c: DeepSeek) => c.balance.retrieve() },
    { name: 'fim.completions.create', body: { ...fixtures.textCompletion, x_extra: null }, call: (c: DeepSeek) => c.fim.completions.create(fixtures.fimRequest) },
  ])('$name returns the parsed body with its extra fields', async ({ body, call }) => {
    expect(await call(client(observedFetch([jsonResponse(body)])))).toEqual(body);
  });

  test('blank keep-alive lines before the JSON (DeepSeek while queued) are fine', async () => {
    const fetch = observedFetch([textResponse(`\n\n\r\n  \n${JSON.stringify(fixtures.chatCompletion)}`, { contentType: 'application/json' })]);
    expect(await client(fetch).chat.completions.create(fixtures.chatRequest)).toEqual(fixtures.chatCompletion);
    expect(fetch.calls).toHaveLength(1);
  });

  test('the JSON is parsed whatever the content-type says', async () => {
    const fetch = observedFetch([textResponse(JSON.stringify(fixtures.modelList), { contentType: 'text/plain' })]);
    expect(await client(fetch).models.list()).toEqual(fixtures.modelList);
  });
});

describe('empty 200 bodies (DeepSeek under overload)', () => {
  test.each([
    ['an empty body', ''],
    ['a whitespace-only body', ' \n\n\r\n\t '],
  ])('%s is retried, and the retry’s answer is returned', async (_case, text) => {
    const fetch = observedFetch([textResponse(text, { contentType: 'application/json', headers: { 'retry-after-ms': '0' } }), jsonResponse(fixtures.chatCompletion)]);
    expect(await client(fetch).chat.completions.create(fixtures.chatRequest)).toEqual(fixtures.chatCompletion);
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls[1]!.body).toBe(fetch.calls[0]!.body);
  });

  test('when every attempt is empty the call fails with an APIError that mentions the empty body', async () => {
    const fetch = observedFetch(() => textResponse('\n\n', { contentType: 'application/json', headers: { 'retry-after-ms': '0' } }));
    const error = await client(fetch, 2).chat.completions.create(fixtures.chatRequest).catch((thrown: unknown) => thrown);
    expect(fetch.calls).toHaveLength(3);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(200);
    expect((error as APIError).message).toMatch(/^200 .*empty/);
  });
});

describe('invalid JSON in a 200 body', () => {
  test.each([
    ['truncated JSON', '{"id": "abc", "choices": ['],
    ['an HTML page', '<html><body>Service Unavailable</body></html>'],
    ['plain text', 'upstream connect error or disconnect/reset before headers'],
  ])('%s is an APIError that says the body is not JSON (quoting none of it), never a SyntaxError, and is not retried', async (_case, text) => {
    const fetch = observedFetch(() => textResponse(text, { contentType: 'application/json' }));
    const error = await client(fetch, 2).chat.completions.create(fixtures.chatRequest).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as APIError).status).toBe(200);
    expect((error as APIError).message).toMatch(/^200 .*not valid JSON/);
    expect((error as APIError).message).not.toContain(text.slice(0, 12));
    expect((error as APIError).body).toBe(text);
    expect(fetch.calls).toHaveLength(1);
  });
});
