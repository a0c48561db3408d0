/**
 * `toInputItems()`: a finished response and the tool outputs become the next request's input
 * items in the order DeepSeek accepts (reasoning and messages and web searches in their order,
 * then every call, then every output in call order), with only the fields DeepSeek reads, the
 * same way every time; and every broken history is refused before it is sent.
 */
import { describe, expect, test } from 'vitest';
import { DeepSeekError, toInputItems, functionCalls, type ResponseObject, type ResponseOutputItem } from '../../src/index';
import { createSpecValidator } from '../helpers/spec-schemas';
import { item, responseObject } from '../helpers/response-streams';

const validator = createSpecValidator();

const reasoningA = { ...item.reasoning('Two cities: call twice.', 'rs-a'), encrypted_content: 'resp-0' } as ResponseOutputItem;
const reasoningB = item.reasoning('Now the second one.', 'rs-b');
const callA = item.functionCall('get_weather', '{"city":"Hangzhou"}', 'call_00_a', 'fc-a');
const callB = item.functionCall('get_weather', '{"city":"Shanghai"}', 'call_01_b', 'fc-b');
const message = item.message('Let me check both.', 'msg-1');
const search = item.webSearch('call_00_ws', ['weather Hangzhou']);

const replayed = {
  reasoningA: { type: 'reasoning', id: 'rs-a', summary: [], content: [{ type: 'reasoning_text', text: 'Two cities: call twice.' }] },
  reasoningB: { type: 'reasoning', id: 'rs-b', summary: [], content: [{ type: 'reasoning_text', text: 'Now the second one.' }] },
  callA: { type: 'function_call', id: 'fc-a', call_id: 'call_00_a', name: 'get_weather', arguments: '{"city":"Hangzhou"}' },
  callB: { type: 'function_call', id: 'fc-b', call_id: 'call_01_b', name: 'get_weather', arguments: '{"city":"Shanghai"}' },
  outA: { type: 'function_call_output', call_id: 'call_00_a', output: '21 °C' },
  outB: { type: 'function_call_output', call_id: 'call_01_b', output: [{ type: 'input_text', text: '24 °C' }] },
  message: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check both.' }] },
  search: { type: 'web_search_call', id: 'call_00_ws', action: { type: 'search', queries: ['weather Hangzhou', 'ws_call_id=call_00_ws'] } },
};
const outputs = { call_01_b: [{ type: 'input_text' as const, text: '24 °C' }], call_00_a: '21 °C' };

/** The items, checked to be a request the contract accepts. */
function expectValidRequest(input: unknown[]): void {
  expect(validator.errors('ResponseCreateRequest', { model: 'deepseek-flash', input })).toEqual([]);
}

describe('order', () => {
  test('reasoning, then every call, then the outputs in call order whatever order the outputs were given in', () => {
    const items = toInputItems(responseObject([reasoningA, callA, callB]), outputs);
    expect(items).toEqual([replayed.reasoningA, replayed.callA, replayed.callB, replayed.outA, replayed.outB]);
    expectValidRequest(items);
  });

  test('an item between two calls moves before the calls, reasoning keeps its place before what it belongs to', () => {
    const items = toInputItems(responseObject([reasoningA, callA, reasoningB, message, callB]), outputs);
    expect(items).toEqual([replayed.reasoningA, replayed.reasoningB, replayed.message, replayed.callA, replayed.callB, replayed.outA, replayed.outB]);
    expectValidRequest(items);
  });

  test('a web search is replayed where it was, with its action exactly as returned', () => {
    const items = toInputItems(responseObject([reasoningA, search, reasoningB, message]));
    expect(items).toEqual([replayed.reasoningA, replayed.search, replayed.reasoningB, replayed.message]);
    expectValidRequest(items);
  });

  test('a web search action of a type the contract does not know is kept as it came', () => {
    const other = { type: 'web_search_call', id: 'call_00_x', status: 'completed', action: { type: 'screenshot', url: 'https://example.com', zoom: 2 } } as ResponseOutputItem;
    expect(toInputItems(responseObject([other]))).toEqual([{ type: 'web_search_call', id: 'call_00_x', action: { type: 'screenshot', url: 'https://example.com', zoom: 2 } }]);
  });

  test('a web search whose action never arrived is left out (the API rejects it without)', () => {
    const pending = { type: 'web_search_call', id: 'call_00_y', status: 'in_progress' } as ResponseOutputItem;
    expect(toInputItems(responseObject([pending, message]))).toEqual([replayed.message]);
  });

  test('a custom tool call (apply_patch) is answered with a custom_tool_call_output after the calls', () => {
    const patch = { type: 'custom_tool_call', id: 'ct-1', status: 'completed', call_id: 'call_02_p', name: 'apply_patch', input: '*** Begin Patch' } as ResponseOutputItem;
    const items = toInputItems(responseObject([patch, callA]), new Map([['call_00_a', '21 °C'], ['call_02_p', 'applied']]));
    expect(items).toEqual([
      { type: 'custom_tool_call', id: 'ct-1', call_id: 'call_02_p', name: 'apply_patch', input: '*** Begin Patch' },
      replayed.callA,
      { type: 'custom_tool_call_output', call_id: 'call_02_p', output: 'applied' },
      replayed.outA,
    ]);
    expectValidRequest(items);
  });
});

describe('what is sent', () => {
  test('only what DeepSeek reads: no status, phase, annotations, logprobs or encrypted_content', () => {
    const text = JSON.stringify(toInputItems(responseObject([reasoningA, message, callA]), { call_00_a: 'ok' }));
    for (const field of ['status', 'phase', 'annotations', 'logprobs', 'encrypted_content']) expect(text).not.toContain(`"${field}"`);
  });

  test('the same response gives the same items, byte for byte, and is not modified', () => {
    const response = responseObject([reasoningA, callB, message, callA]);
    const before = JSON.stringify(response);
    const first = JSON.stringify(toInputItems(response, outputs));
    expect(JSON.stringify(toInputItems(structuredClone(response), new Map(Object.entries(outputs).reverse())))).toBe(first);
    expect(JSON.stringify(response)).toBe(before);
  });

  test('functionCalls() lists the calls to run, in output order', () => {
    expect(functionCalls(responseObject([reasoningA, callB, message, callA]))).toEqual([callB, callA]);
    expect(functionCalls(responseObject([message]))).toEqual([]);
  });
});

describe('broken histories are refused before anything is sent', () => {
  const expectRefused = (run: () => unknown, message: RegExp): void => {
    expect(run).toThrow(DeepSeekError);
    expect(run).toThrow(message);
  };

  test('a call without its output (the API would answer 400)', () => {
    expectRefused(() => toInputItems(responseObject([callA, callB]), { call_00_a: '21' }), /no output for the call "call_01_b" of get_weather.*400 "No tool output found for tool call call_01_b\."/);
    expectRefused(() => toInputItems(responseObject([callA])), /no output for the call "call_00_a"/);
  });

  test('an output for a call the response did not make', () => {
    expectRefused(() => toInputItems(responseObject([callA]), { call_00_a: '21', call_99_z: '?' }), /tool outputs for "call_99_z", which this response did not call/);
  });

  test('a call id that repeats, or is empty', () => {
    expectRefused(() => toInputItems(responseObject([callA, { ...callB, call_id: 'call_00_a' } as ResponseOutputItem]), { call_00_a: '1' }), /call_00_a" appears twice/);
    expectRefused(() => toInputItems(responseObject([{ ...callA, call_id: '' } as ResponseOutputItem]), { '': 'x' }), /empty call_id/);
  });

  test('a call id named like an Object property is looked up among the outputs given, never inherited', () => {
    const odd = { ...callA, call_id: 'constructor' } as ResponseOutputItem;
    expectRefused(() => toInputItems(responseObject([odd]), {}), /no output for the call "constructor"/);
    expect(toInputItems(responseObject([odd]), { constructor: 'fine' }).at(-1)).toEqual({ type: 'function_call_output', call_id: 'constructor', output: 'fine' });
  });
});

test('a response object (not only its output) is accepted as it comes from create()', () => {
  const response: ResponseObject = responseObject([message]);
  expect(toInputItems(response)).toEqual([replayed.message]);
});
