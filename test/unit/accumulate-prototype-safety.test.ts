import { afterEach, describe, expect, test } from 'vitest';
import { accumulateChatCompletion, accumulateTextCompletion, DeepSeek, type ChatCompletion, type ChatCompletionChunk, type TextCompletionChunk } from '../../src/index';
import { collect, fakeFetch, scriptedBody, sseResponse, testApiKey } from '../helpers/sse-response';

const envelope = '"id":"p-1","object":"chat.completion.chunk","created":1790000000,"model":"deepseek-v4-flash"';
const proto = '"__proto__":{"polluted":true,"content":"injected","reasoning_content":"injected","role":"system"}';
const ctor = '"constructor":{"prototype":{"polluted":true}}';
const prototypeKey = '"prototype":{"polluted":true}';

/** Chunks as the server would send them, with hostile keys everywhere (parsed by JSON.parse, as the SDK does). */
const hostileJson = [
  `{${envelope},${proto},${ctor},${prototypeKey},"choices":[{"index":0,${proto},"delta":{"role":"assistant","content":null,"reasoning_content":"Think",${proto},${ctor}},"logprobs":null,"finish_reason":null}],"usage":null}`,
  `{${envelope},"choices":[{"index":0,"delta":{"content":null,"reasoning_content":"ing","tool_calls":[{"index":0,${proto},${ctor},"id":"call_00_a","type":"function","function":{${proto},${ctor},"name":"get_weather","arguments":"{\\"city\\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null}`,
  `{${envelope},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{${proto},"arguments":"\\"Paris\\"}"}}]},"logprobs":{${proto},"content":[{"token":"x","logprob":-1,"bytes":null,"top_logprobs":[],${proto}}]},"finish_reason":null}],"usage":null}`,
  `{${envelope},"choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":1,${proto}}}`,
];

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'content')).toBe(false);
}

/** The result and every object in it have Object.prototype (or Array.prototype) and no inherited `polluted`. */
function expectClean(completion: ChatCompletion): void {
  expect(Object.getPrototypeOf(completion)).toBe(Object.prototype);
  expect(completion.constructor).toBe(Object);
  expect(Object.prototype.hasOwnProperty.call(completion, 'prototype')).toBe(false);
  expect(Object.prototype.hasOwnProperty.call(completion, 'constructor')).toBe(false);
  expect(Object.prototype.hasOwnProperty.call(completion, '__proto__')).toBe(false);
  const choice = completion.choices[0]!;
  const call = choice.message.tool_calls![0]!;
  for (const object of [completion, choice, choice.message, call, call.function] as object[]) {
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect('polluted' in object).toBe(false);
    expect((object as Record<string, unknown>).polluted).toBeUndefined();
  }
  expect(Object.getPrototypeOf(completion.choices)).toBe(Array.prototype);
  expect(Object.getPrototypeOf(choice.message.tool_calls)).toBe(Array.prototype);
}

const expectedMessage = {
  role: 'assistant',
  content: '',
  reasoning_content: 'Thinking',
  tool_calls: [{ index: 0, id: 'call_00_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
};

afterEach(() => {
  // a failing test must not leave pollution behind for the next one
  delete (Object.prototype as unknown as Record<string, unknown>).polluted;
});

describe('accumulation of chunks with __proto__, constructor and prototype keys', () => {
  test('changes no prototype and gives a plain result with only the real fields', () => {
    const chunks = hostileJson.map((json) => JSON.parse(json) as ChatCompletionChunk);
    const completion = accumulateChatCompletion(chunks);
    expectNoPollution();
    expectClean(completion);
    expect(completion.choices[0]!.message).toEqual(expectedMessage);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.role).toBe('assistant');
  });

  test('does not read fields from a __proto__ object (no "injected" content, reasoning or role)', () => {
    const chunks = hostileJson.map((json) => JSON.parse(json) as ChatCompletionChunk);
    const completion = accumulateChatCompletion(chunks);
    const message = completion.choices[0]!.message;
    expect(JSON.stringify(message)).not.toContain('injected');
    expect(message.role).toBe('assistant');
    expect(Object.keys(message).sort()).toEqual(['content', 'reasoning_content', 'role', 'tool_calls']);
    expect(Object.keys(message.tool_calls![0]!).sort()).toEqual(['function', 'id', 'index', 'type']);
    expect(Object.keys(message.tool_calls![0]!.function).sort()).toEqual(['arguments', 'name']);
  });

  test('does not copy constructor or prototype keys from the top level of a chunk', () => {
    const chunk = JSON.parse(`{${envelope},${ctor},${prototypeKey},"toString":"x","hasOwnProperty":"y","choices":[]}`) as ChatCompletionChunk;
    const completion = accumulateChatCompletion([chunk]);
    expectNoPollution();
    expect(Object.getOwnPropertyNames(completion)).not.toContain('constructor');
    expect(Object.getOwnPropertyNames(completion)).not.toContain('prototype');
    expect(typeof completion.toString).toBe('function');
    expect(Object.prototype.hasOwnProperty.call(completion, 'choices')).toBe(true);
  });

  test('keeps tool names that look like prototype keys as plain strings', () => {
    const chunk = JSON.parse(
      `{${envelope},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_00_p","type":"function","function":{"name":"__proto__","arguments":"{}"}},{"index":1,"id":"call_01_c","type":"function","function":{"name":"constructor","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}`,
    ) as ChatCompletionChunk;
    const calls = accumulateChatCompletion([chunk]).choices[0]!.message.tool_calls!;
    expectNoPollution();
    expect(calls.map((call) => call.function.name)).toEqual(['__proto__', 'constructor']);
  });

  test('ignores a non-numeric tool-call or choice index such as "__proto__"', () => {
    const chunk = JSON.parse(
      `{${envelope},"choices":[{"index":"__proto__","delta":{"content":"a","tool_calls":[{"index":"constructor","id":"call_00_i","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}]}`,
    ) as ChatCompletionChunk;
    const completion = accumulateChatCompletion([chunk]);
    expectNoPollution();
    expect(completion.choices.map((choice) => choice.index)).toEqual([0]);
    expect(completion.choices[0]!.message.content).toBe('a');
    expect(completion.choices[0]!.message.tool_calls!.map((call) => [call.index, call.id])).toEqual([[0, 'call_00_i']]);
  });

  test('of FIM chunks changes no prototype either', () => {
    const chunk = JSON.parse(
      `{"id":"f-1","object":"text_completion","created":1,"model":"m",${proto},${ctor},${prototypeKey},"choices":[{"index":0,${proto},"text":"ok","logprobs":{${proto},"tokens":["ok"]},"finish_reason":"stop"}]}`,
    ) as TextCompletionChunk;
    const completion = accumulateTextCompletion([chunk]);
    expectNoPollution();
    expect(Object.getPrototypeOf(completion)).toBe(Object.prototype);
    expect('polluted' in completion).toBe(false);
    expect('polluted' in completion.choices[0]!).toBe(false);
    expect(Object.getOwnPropertyNames(completion)).not.toContain('prototype');
    expect(completion.choices[0]).toEqual({ index: 0, text: 'ok', logprobs: { tokens: ['ok'] }, finish_reason: 'stop' });
  });

  test('through a real stream changes no prototype and gives the same clean completion', async () => {
    const body = hostileJson.map((json) => `data: ${json}\n\n`).join('') + 'data: [DONE]\n\n';
    const { fetch } = fakeFetch((request) => sseResponse(scriptedBody([body], request.signal).body));
    const client = new DeepSeek({ apiKey: testApiKey, baseURL: 'http://127.0.0.1:1', fetch, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(4);
    const completion = await stream.finalCompletion();
    expectNoPollution();
    expectClean(completion);
    expect(completion.choices[0]!.message).toEqual(expectedMessage);
    const finalMessage = await stream.finalMessage();
    expect(Object.getPrototypeOf(finalMessage)).toBe(Object.prototype);
    expect('polluted' in finalMessage).toBe(false);
  });
});
