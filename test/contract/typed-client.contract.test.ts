/**
 * Every operation of the spec, called through the typed openapi-fetch client against a
 * Prism mock of the same spec: Prism must see no request violation, and every response
 * (JSON and event streams) must satisfy the spec's schemas.
 */
import { describe, expect, inject, test } from 'vitest';
import { createOpenAPIClient } from '../../src/openapi';
import { createSpecValidator } from '../helpers/spec-schemas';
import { sseDataPayloads } from '../helpers/sse-text';

const prismUrl = inject('prismUrl');
const validator = createSpecValidator();
const auth = { authorization: 'Bearer sk-test-0000' };
const client = createOpenAPIClient({ baseUrl: prismUrl, headers: auth });
const beta = createOpenAPIClient({ baseUrl: `${prismUrl}/beta`, headers: auth });
const messages = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hello' }];

function expectNoViolations(response: Response): void {
  expect(response.headers.get('sl-violations')).toBeNull();
}

describe('createChatCompletion', () => {
  test.each(['chat', 'thinking', 'tool_calls'])('JSON example %s is served for a valid request and matches ChatCompletion', async (example) => {
    const { data, response } = await client.POST('/chat/completions', {
      body: { model: 'deepseek-flash', messages, temperature: 0.7, max_tokens: 256, thinking: { type: 'enabled' } },
      headers: { accept: 'application/json', prefer: `example=${example}` },
    });
    expect(response.status).toBe(200);
    expectNoViolations(response);
    expect(validator.errors('ChatCompletion', data)).toEqual([]);
  });

  test.each(['stream', 'stream_thinking', 'stream_tool_calls'])('event-stream example %s is negotiated by Accept and every chunk matches ChatCompletionChunk', async (example) => {
    const { data, response } = await client.POST('/chat/completions', {
      body: { model: 'deepseek-flash', messages, stream: true, stream_options: { include_usage: true } },
      headers: { accept: 'text/event-stream, application/json', prefer: `example=${example}` },
      parseAs: 'text',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expectNoViolations(response);
    const payloads = sseDataPayloads(data as unknown as string);
    expect(payloads.at(-1)).toBe('[DONE]');
    for (const payload of payloads.slice(0, -1)) expect(validator.errors('ChatCompletionChunk', JSON.parse(payload))).toEqual([]);
  });

  test('chat prefix completion is served on the beta server', async () => {
    const { data, response } = await beta.POST('/chat/completions', {
      body: { model: 'deepseek-flash', messages: [...messages, { role: 'assistant', content: '```python\n', prefix: true }], stop: ['```'] },
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expectNoViolations(response);
    expect(validator.errors('ChatCompletion', data)).toEqual([]);
  });

  test('a request Prism rejects is reported in sl-violations with a 422', async () => {
    const { error, response } = await client.POST('/chat/completions', {
      // Deliberately invalid: the types forbid it, the contract must too.
      body: { model: 'deepseek-flash', messages: [{ role: 'robot', content: 'hi' }], temperature: 3 } as never,
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(422);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[] }[];
    const locations = violations.map((v) => v.location.join('.'));
    expect(locations).toContain('request.body.temperature');
    expect(locations).toContain('request.body.messages.0.role');
    expect(validator.errors('ErrorResponse', error)).toEqual([]);
  });

  test('a request without the bearer key is reported as a 401 security violation', async () => {
    const anonymous = createOpenAPIClient({ baseUrl: prismUrl });
    const { error, response } = await anonymous.POST('/chat/completions', {
      body: { model: 'deepseek-flash', messages },
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('sl-violations')).toContain('security');
    expect(validator.errors('ErrorResponse', error)).toEqual([]);
  });
});

describe('createFimCompletion (beta server)', () => {
  test('JSON example matches TextCompletion', async () => {
    const { data, response } = await beta.POST('/completions', {
      body: { model: 'deepseek-v4-flash', prompt: 'def fib(a):\n', suffix: '    return fib(a-1) + fib(a-2)', max_tokens: 128, logprobs: 2 },
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expectNoViolations(response);
    expect(validator.errors('TextCompletion', data)).toEqual([]);
  });

  test('event-stream example matches TextCompletionChunk', async () => {
    const { data, response } = await beta.POST('/completions', {
      body: { model: 'deepseek-v4-flash', prompt: 'def fib(a):\n', stream: true },
      headers: { accept: 'text/event-stream, application/json' },
      parseAs: 'text',
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expectNoViolations(response);
    const payloads = sseDataPayloads(data as unknown as string);
    expect(payloads.at(-1)).toBe('[DONE]');
    for (const payload of payloads.slice(0, -1)) expect(validator.errors('TextCompletionChunk', JSON.parse(payload))).toEqual([]);
  });

  test('FIM is not served outside the beta server', async () => {
    const { response } = await client.POST('/completions', { body: { model: 'deepseek-v4-flash', prompt: 'x' } });
    expect(response.status).toBe(404);
  });
});

describe('listModels and getUserBalance', () => {
  test('GET /models matches ModelList', async () => {
    const { data, response } = await client.GET('/models', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expectNoViolations(response);
    expect(validator.errors('ModelList', data)).toEqual([]);
  });

  test.each(['balance', 'two_currencies'])('GET /user/balance example %s matches UserBalance', async (example) => {
    const { data, response } = await client.GET('/user/balance', { headers: { accept: 'application/json', prefer: `example=${example}` } });
    expect(response.status).toBe(200);
    expectNoViolations(response);
    expect(validator.errors('UserBalance', data)).toEqual([]);
  });
});

describe('documented error responses', () => {
  const postCodes = [400, 401, 402, 422, 429, 500, 503];
  const getCodes = [401, 429, 500, 503];
  test.each(postCodes)('POST /chat/completions %i serves an ErrorResponse', async (code) => {
    const { error, response } = await client.POST('/chat/completions', {
      body: { model: 'deepseek-flash', messages },
      headers: { accept: 'application/json', prefer: `code=${code}` },
    });
    expect(response.status).toBe(code);
    expectNoViolations(response);
    expect(validator.errors('ErrorResponse', error)).toEqual([]);
  });
  test.each(postCodes)('POST /beta/completions %i serves an ErrorResponse', async (code) => {
    const { error, response } = await beta.POST('/completions', {
      body: { model: 'deepseek-v4-flash', prompt: 'x' },
      headers: { accept: 'application/json', prefer: `code=${code}` },
    });
    expect(response.status).toBe(code);
    expectNoViolations(response);
    expect(validator.errors('ErrorResponse', error)).toEqual([]);
  });
  test.each(getCodes)('GET /models and /user/balance %i serve an ErrorResponse', async (code) => {
    for (const path of ['/models', '/user/balance'] as const) {
      const { error, response } = await client.GET(path, { headers: { accept: 'application/json', prefer: `code=${code}` } });
      expect(response.status).toBe(code);
      expectNoViolations(response);
      expect(validator.errors('ErrorResponse', error)).toEqual([]);
    }
  });
  test('a 422 can be plain text, as DeepSeek sent in 2025', async () => {
    const { error, response } = await client.POST('/chat/completions', {
      body: { model: 'deepseek-flash', messages },
      headers: { accept: 'text/plain', prefer: 'code=422' },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(String(error)).toMatch(/^Failed to deserialize/);
  });
});
