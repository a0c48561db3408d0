import { describe, expect, test } from 'vitest';
import { DeepSeek, type ChatCompletionCreateParams } from '../../src/index';
import { fixtures, jsonResponse, observedFetch, sseResponse, testKey } from '../helpers/observed-fetch';

const user = { role: 'user' as const, content: 'Write a haiku.' };
const strictTool = {
  type: 'function' as const,
  function: { name: 'get_weather', strict: true, parameters: { type: 'object', properties: {}, required: [], additionalProperties: false } },
};
const plainTool = { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };

async function chatURL(body: ChatCompletionCreateParams, baseURL?: string): Promise<string> {
  const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
  await new DeepSeek({ apiKey: testKey, fetch, baseURL }).chat.completions.create({ ...body, stream: false });
  return fetch.calls[0]!.url;
}

describe('chat completions go to the beta server only for beta features', () => {
  test.each<{ case: string; body: ChatCompletionCreateParams; beta: boolean }>([
    { case: 'a plain conversation', body: { model: 'deepseek-v4-flash', messages: [user] }, beta: false },
    {
      case: 'chat prefix completion (last message assistant with prefix: true)',
      body: { model: 'deepseek-v4-flash', messages: [user, { role: 'assistant', content: '```python\n', prefix: true }] },
      beta: true,
    },
    {
      case: 'an assistant last message with prefix: false',
      body: { model: 'deepseek-v4-flash', messages: [user, { role: 'assistant', content: 'Sure', prefix: false }] },
      beta: false,
    },
    {
      case: 'a prefix assistant message that is not the last message',
      body: { model: 'deepseek-v4-flash', messages: [{ role: 'assistant', content: 'Earlier', prefix: true }, user] },
      beta: false,
    },
    { case: 'a tool with function.strict: true', body: { model: 'deepseek-v4-flash', messages: [user], tools: [plainTool, strictTool] }, beta: true },
    { case: 'tools without strict', body: { model: 'deepseek-v4-flash', messages: [user], tools: [plainTool] }, beta: false },
    {
      case: 'a tool with function.strict: false',
      body: { model: 'deepseek-v4-flash', messages: [user], tools: [{ type: 'function', function: { name: 'f', strict: false } }] },
      beta: false,
    },
  ])('$case → beta: $beta', async ({ body, beta }) => {
    expect(await chatURL(body)).toBe(beta ? 'https://api.deepseek.com/beta/chat/completions' : 'https://api.deepseek.com/chat/completions');
  });

  test('a streamed prefix completion goes to the beta server too', async () => {
    const fetch = observedFetch([sseResponse([fixtures.chatChunk('print("hi")', 'stop')])]);
    const client = new DeepSeek({ apiKey: testKey, fetch });
    const stream = await client.chat.completions.create({
      model: 'deepseek-v4-flash',
      messages: [user, { role: 'assistant', content: '```python\n', prefix: true }],
      stream: true,
    });
    await stream.finalCompletion();
    expect(fetch.calls[0]!.url).toBe('https://api.deepseek.com/beta/chat/completions');
  });

  test('a beta chat request keeps the custom base URL path', async () => {
    const body: ChatCompletionCreateParams = { model: 'deepseek-v4-flash', messages: [user], tools: [strictTool] };
    expect(await chatURL(body, 'https://host.example/gw/')).toBe('https://host.example/gw/beta/chat/completions');
  });
});

describe('FIM always goes to <baseURL>/beta/completions', () => {
  test.each([
    ['https://api.deepseek.com', 'https://api.deepseek.com/beta/completions'],
    ['https://api.deepseek.com/v1', 'https://api.deepseek.com/beta/completions'],
    ['https://host.example/gw', 'https://host.example/gw/beta/completions'],
    ['https://host.example/gw/', 'https://host.example/gw/beta/completions'],
    ['https://host.example/gw/v1/', 'https://host.example/gw/beta/completions'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/beta/completions'],
  ])('with baseURL %s → %s', async (baseURL, expected) => {
    const fetch = observedFetch([jsonResponse(fixtures.textCompletion)]);
    await new DeepSeek({ apiKey: testKey, fetch, baseURL }).fim.completions.create(fixtures.fimRequest);
    expect(fetch.calls[0]!.url).toBe(expected);
    expect(fetch.calls[0]!.method).toBe('POST');
  });

  test('a streamed FIM completion goes to the beta server', async () => {
    const chunk = { id: 'c', object: 'text_completion', created: 1, model: 'deepseek-v4-flash', choices: [{ index: 0, text: 'x', finish_reason: 'stop' }] };
    const fetch = observedFetch([sseResponse([chunk])]);
    const stream = await new DeepSeek({ apiKey: testKey, fetch, baseURL: 'https://host.example/gw' }).fim.completions.create({
      ...fixtures.fimRequest,
      stream: true,
    });
    await stream.finalCompletion();
    expect(fetch.calls[0]!.url).toBe('https://host.example/gw/beta/completions');
  });
});

describe('models and balance never use the beta server', () => {
  test('models.list() is GET <baseURL>/models and balance.retrieve() is GET <baseURL>/user/balance', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList), jsonResponse(fixtures.userBalance)]);
    const client = new DeepSeek({ apiKey: testKey, fetch, baseURL: 'https://host.example/gw/v1' });
    await client.models.list();
    await client.balance.retrieve();
    expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET https://host.example/gw/models',
      'GET https://host.example/gw/user/balance',
    ]);
  });
});
