/**
 * Every method of the DeepSeek client against the Prism mock of spec/openapi.yaml: JSON and
 * streams, automatic beta routing, and the typed error for each documented status; then the
 * functional core's functions against the same mock.
 */
import { describe, expect, inject, test } from 'vitest';
import {
  accumulateChatCompletion,
  APIError,
  AuthenticationError,
  BadRequestError,
  createChatCompletion,
  createFimCompletion,
  DeepSeek,
  DeepSeekCore,
  InsufficientBalanceError,
  InternalServerError,
  listModels,
  RateLimitError,
  retrieveBalance,
  UnprocessableEntityError,
  type ChatCompletionChunk,
  type ChatMessage,
} from '../../src/index';
import { createSpecValidator } from '../helpers/spec-schemas';

const prismUrl = inject('prismUrl');
const validator = createSpecValidator();
const client = new DeepSeek({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 });
const messages: ChatMessage[] = [{ role: 'user', content: 'Hello' }];

describe('chat.completions.create', () => {
  test('returns a ChatCompletion, and Prism saw a valid request', async () => {
    const { data, response, traceId } = await client.chat.completions
      .create({ model: 'deepseek-flash', messages, thinking: { type: 'disabled' }, user_id: 'user-42' })
      .withResponse();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(validator.errors('ChatCompletion', data)).toEqual([]);
    expect(data.choices[0]?.message.content).toBe('Hello! How can I help you today?');
    expect(traceId).toBeTypeOf('string');
  });

  test.each(['stream', 'stream_thinking', 'stream_tool_calls'])('streams example %s chunk by chunk and accumulates it', async (example) => {
    const stream = await client.chat.completions.create(
      { model: 'deepseek-flash', messages, stream: true, stream_options: { include_usage: true } },
      { headers: { prefer: `example=${example}` } },
    );
    expect(stream.response.headers.get('sl-violations')).toBeNull();
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(validator.errors('ChatCompletionChunk', chunk)).toEqual([]);
    const completion = await stream.finalCompletion();
    expect(validator.errors('ChatCompletion', completion)).toEqual([]);
    expect(completion.usage).toEqual(chunks.at(-1)?.usage);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(completion.choices[0]?.message.content).toBe(text);
  });

  test('the thinking stream keeps every reasoning fragment', async () => {
    const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true }, { headers: { prefer: 'example=stream_thinking' } });
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.message.reasoning_content).toBe("Count the r's: s-t-r-a-w-b-e-r-r-y has three.");
    expect(completion.choices[0]?.message.content).toBe("There are three r's.");
  });

  test('chat prefix completion goes to the beta server by itself', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'deepseek-flash', messages: [...messages, { role: 'assistant', content: '```python\n', prefix: true }], stop: ['```'] })
      .withResponse();
    expect(new URL(response.url).pathname).toBe('/beta/chat/completions');
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(validator.errors('ChatCompletion', data)).toEqual([]);
  });

  test('strict function tools go to the beta server by itself', async () => {
    const { response } = await client.chat.completions
      .create({
        model: 'deepseek-flash',
        messages,
        tools: [{ type: 'function', function: { name: 'get_weather', strict: true, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } } }],
      })
      .withResponse();
    expect(new URL(response.url).pathname).toBe('/beta/chat/completions');
  });

  test('an ordinary request stays off the beta server', async () => {
    const { response } = await client.chat.completions.create({ model: 'deepseek-flash', messages }).withResponse();
    expect(new URL(response.url).pathname).toBe('/chat/completions');
  });

  test('a request the contract rejects surfaces as UnprocessableEntityError carrying the violations header', async () => {
    const error = await client.chat.completions
      .create({ model: 'deepseek-flash', messages, temperature: 3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as APIError).headers?.get('sl-violations')).toContain('temperature');
  });
});

describe('fim.completions.create', () => {
  test('returns a TextCompletion from /beta/completions', async () => {
    const { data, response } = await client.fim.completions
      .create({ model: 'deepseek-v4-flash', prompt: 'def fib(a):\n', suffix: '    return fib(a-1) + fib(a-2)', max_tokens: 128 })
      .withResponse();
    expect(new URL(response.url).pathname).toBe('/beta/completions');
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(validator.errors('TextCompletion', data)).toEqual([]);
  });

  test('streams TextCompletionChunks and accumulates the text', async () => {
    const stream = await client.fim.completions.create({ model: 'deepseek-v4-flash', prompt: 'def fib(a):\n', stream: true });
    const texts: string[] = [];
    for await (const chunk of stream) {
      expect(validator.errors('TextCompletionChunk', chunk)).toEqual([]);
      texts.push(chunk.choices[0]?.text ?? '');
    }
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.text).toBe(texts.join(''));
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('models.list and balance.retrieve', () => {
  test('models.list returns a ModelList', async () => {
    const models = await client.models.list();
    expect(validator.errors('ModelList', models)).toEqual([]);
    expect(models.data.map((m) => m.id)).toContain('deepseek-flash');
  });

  test('balance.retrieve returns a UserBalance with decimal strings', async () => {
    const balance = await client.balance.retrieve({ headers: { prefer: 'example=two_currencies' } });
    expect(validator.errors('UserBalance', balance)).toEqual([]);
    expect(balance.balance_infos.find((b) => b.currency === 'CNY')?.total_balance).toBe('23.50');
  });
});

describe('documented errors become typed errors', () => {
  const cases = [
    [400, BadRequestError, 'Model Not Exist'],
    [401, AuthenticationError, 'Authentication Fails (no such user)'],
    [402, InsufficientBalanceError, 'Insufficient Balance'],
    [422, UnprocessableEntityError, 'Invalid parameters'],
    [429, RateLimitError, 'Rate Limit Reached'],
    [500, InternalServerError, 'Server Error'],
    [503, InternalServerError, 'Server Overloaded'],
  ] as const;

  test.each(cases)('chat %i → %o', async (status, ErrorClass, message) => {
    const error = await client.chat.completions.create({ model: 'deepseek-flash', messages }, { headers: { prefer: `code=${status}` } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as APIError).status).toBe(status);
    expect((error as APIError).message).toContain(message);
  });

  test.each(cases)('streamed chat %i → %o before any chunk', async (status, ErrorClass) => {
    const error = await client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true }, { headers: { prefer: `code=${status}` } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
  });

  test.each(cases)('FIM %i → %o', async (status, ErrorClass) => {
    const error = await client.fim.completions.create({ model: 'deepseek-v4-flash', prompt: 'x' }, { headers: { prefer: `code=${status}` } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
  });

  test.each([401, 429, 500, 503])('models and balance %i are typed errors', async (status) => {
    for (const call of [() => client.models.list({ headers: { prefer: `code=${status}` } }), () => client.balance.retrieve({ headers: { prefer: `code=${status}` } })]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(status);
    }
  });

  test('a plain-text 422 gives a readable message', async () => {
    const error = await client.chat.completions
      .create({ model: 'deepseek-flash', messages }, { headers: { prefer: 'code=422', accept: 'text/plain' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as APIError).message).toBe('422 Failed to deserialize the JSON body into the target type: missing field `messages` at line 4 column 1');
  });
});

describe('the functional core against the same mock', () => {
  const core = new DeepSeekCore({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 });

  test('createChatCompletion returns a schema-valid ChatCompletion for a valid request', async () => {
    const { data, response } = await createChatCompletion(core, { model: 'deepseek-flash', messages }).withResponse();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(validator.errors('ChatCompletion', data)).toEqual([]);
  });

  test('a streamed createChatCompletion yields schema-valid chunks that accumulate to the example', async () => {
    const stream = await createChatCompletion(core, { model: 'deepseek-flash', messages, stream: true }, { headers: { prefer: 'example=stream_thinking' } });
    expect(stream.response.headers.get('sl-violations')).toBeNull();
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) expect(validator.errors('ChatCompletionChunk', chunk)).toEqual([]);
    const completion = accumulateChatCompletion(chunks);
    expect(completion.choices[0]?.message.reasoning_content).toBe("Count the r's: s-t-r-a-w-b-e-r-r-y has three.");
    expect(completion.choices[0]?.message.content).toBe("There are three r's.");
  });

  test('createFimCompletion reaches the beta server; listModels and retrieveBalance match their schemas', async () => {
    const fim = await createFimCompletion(core, { model: 'deepseek-v4-flash', prompt: 'def fib(a):\n', suffix: '    return fib(a-1) + fib(a-2)', max_tokens: 64 }).withResponse();
    expect(fim.response.url).toBe(`${prismUrl}/beta/completions`);
    expect(validator.errors('TextCompletion', fim.data)).toEqual([]);
    expect(validator.errors('ModelList', await listModels(core))).toEqual([]);
    expect(validator.errors('UserBalance', await retrieveBalance(core))).toEqual([]);
  });

  test('a documented error status arrives as its typed error', async () => {
    await expect(createChatCompletion(core, { model: 'deepseek-flash', messages }, { headers: { prefer: 'code=402' } })).rejects.toBeInstanceOf(InsufficientBalanceError);
  });
});
