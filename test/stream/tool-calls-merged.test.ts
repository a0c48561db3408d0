import { describe, expect, test } from 'vitest';
import { accumulateChatCompletion, type ChatCompletionChunk } from '../../src/index';
import {
  chatChunk,
  collect,
  parallelToolChunks,
  scriptedClient,
  sseText,
  toolReasoningFragments,
  toolUsage,
  userMessages,
} from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;

async function finalOf(chunks: readonly ChatCompletionChunk[]) {
  const { client } = scriptedClient([sseText(chunks)]);
  const stream = await client.chat.completions.create(params);
  const { chunks: seen, error } = await collect(stream);
  expect(error).toBeUndefined();
  expect(seen).toEqual(chunks);
  return stream.finalCompletion();
}

describe('tool calls in finalCompletion()', () => {
  test('merges parallel calls by index: id and name from the first fragment, arguments appended, calls kept apart', async () => {
    const completion = await finalOf(parallelToolChunks());
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.reasoning_content).toBe(toolReasoningFragments.join(''));
    expect(choice.message.content).toBe('');
    expect(choice.message.tool_calls).toEqual([
      { index: 0, id: 'call_00_WeatherAAAAAAAAAAAAAAAA', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
      { index: 1, id: 'call_01_ClockBBBBBBBBBBBBBBBBBB', type: 'function', function: { name: 'get_time', arguments: '{"tz": "Europe/Paris"}' } },
    ]);
    expect(JSON.parse(choice.message.tool_calls![0]!.function.arguments)).toEqual({ city: 'Paris' });
    expect(completion.usage).toEqual(toolUsage);
  });

  test('keeps interleaved fragments of two calls apart', async () => {
    const chunks = [
      chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
      chatChunk({ delta: { tool_calls: [{ index: 0, id: 'call_00_a', type: 'function', function: { name: 'first', arguments: '' } }] } }),
      chatChunk({ delta: { tool_calls: [{ index: 1, id: 'call_01_b', type: 'function', function: { name: 'second', arguments: '' } }] } }),
      chatChunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] } }),
      chatChunk({ delta: { tool_calls: [{ index: 1, function: { arguments: '{"b":' } }] } }),
      chatChunk({ delta: { tool_calls: [{ index: 1, function: { arguments: '2}' } }, { index: 0, function: { arguments: '1}' } }] } }),
      chatChunk({ delta: { content: '' }, finish_reason: 'tool_calls' }, { usage: toolUsage }),
    ];
    const calls = (await finalOf(chunks)).choices[0]!.message.tool_calls!;
    expect(calls.map((call) => [call.id, call.function.name, call.function.arguments])).toEqual([
      ['call_00_a', 'first', '{"a":1}'],
      ['call_01_b', 'second', '{"b":2}'],
    ]);
  });

  test('orders calls by index even when index 1 is streamed before index 0', async () => {
    const chunks = [
      chatChunk({ delta: { tool_calls: [{ index: 1, id: 'call_01_late', type: 'function', function: { name: 'second', arguments: '{}' } }] } }),
      chatChunk({ delta: { tool_calls: [{ index: 0, id: 'call_00_early', type: 'function', function: { name: 'first', arguments: '{}' } }] } }),
      chatChunk({ delta: { content: '' }, finish_reason: 'tool_calls' }),
    ];
    const calls = (await finalOf(chunks)).choices[0]!.message.tool_calls!;
    expect(calls.map((call) => call.index)).toEqual([0, 1]);
    expect(calls.map((call) => call.id)).toEqual(['call_00_early', 'call_01_late']);
  });

  test('does not let later fragments with an empty id or name overwrite the first fragment', async () => {
    const chunks = [
      chatChunk({ delta: { tool_calls: [{ index: 0, id: 'call_00_keep', type: 'function', function: { name: 'keep_name', arguments: '{"x"' } }] } }),
      chatChunk({ delta: { tool_calls: [{ index: 0, id: '', type: 'function', function: { name: '', arguments: ':1}' } }] } }),
      chatChunk({ delta: { content: '' }, finish_reason: 'tool_calls' }),
    ];
    const call = (await finalOf(chunks)).choices[0]!.message.tool_calls![0]!;
    expect(call).toEqual({ index: 0, id: 'call_00_keep', type: 'function', function: { name: 'keep_name', arguments: '{"x":1}' } });
  });

  test('keeps argument text exactly, even when it is not valid JSON', async () => {
    const pieces = ['{"q": "a\\"b', ' \\u00e9 ', '🙂', '"', ', "trunc'];
    const chunks = [
      chatChunk({ delta: { tool_calls: [{ index: 0, id: 'call_00_raw', type: 'function', function: { name: 'search', arguments: '' } }] } }),
      ...pieces.map((arguments_) => chatChunk({ delta: { tool_calls: [{ index: 0, function: { arguments: arguments_ } }] } })),
      chatChunk({ delta: { content: '' }, finish_reason: 'length' }),
    ];
    const call = (await finalOf(chunks)).choices[0]!.message.tool_calls![0]!;
    expect(call.function.arguments).toBe(pieces.join(''));
  });

  test('has no tool_calls key when no chunk carried a tool call, even with empty tool_calls arrays', async () => {
    const chunks = [
      chatChunk({ delta: { content: null, reasoning_content: 'hm', tool_calls: [] } }),
      chatChunk({ delta: { content: 'ok', tool_calls: [] }, finish_reason: 'stop' }),
    ];
    const message = (await finalOf(chunks)).choices[0]!.message;
    expect(message).toEqual({ role: 'assistant', content: 'ok', reasoning_content: 'hm' });
    expect('tool_calls' in message).toBe(false);
  });

  test('gives the same tool calls through the stream as through accumulateChatCompletion', async () => {
    expect(await finalOf(parallelToolChunks())).toEqual(accumulateChatCompletion(parallelToolChunks()));
  });
});
