import { describe, expect, test } from 'vitest';
import { DeepSeek, type ChatCompletionChunk, type ChatMessage } from '../../src/index';
import {
  chatChunk,
  fakeFetch,
  parallelToolChunks,
  scriptedBody,
  sseResponse,
  sseText,
  testApiKey,
  thinkingUsage,
  toolReasoningFragments,
} from '../helpers/sse-response';

const tools = [
  { type: 'function' as const, function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function' as const, function: { name: 'get_time', description: 'Time in a zone', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } },
];

const answerChunks: ChatCompletionChunk[] = [
  chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
  chatChunk({ delta: { content: null, reasoning_content: 'Both tools answered.' } }),
  chatChunk({ delta: { content: 'Sunny, 14:00 in Paris.', reasoning_content: null } }),
  chatChunk({ delta: { content: '', reasoning_content: null }, finish_reason: 'stop' }, { usage: thinkingUsage }),
];

/** A fake DeepSeek: turn 1 streams parallel tool calls, later turns stream an answer. */
function conversation() {
  const { fetch, requests } = fakeFetch((request, attempt) =>
    sseResponse(scriptedBody([sseText(attempt === 0 ? parallelToolChunks() : answerChunks)], request.signal).body),
  );
  const client = new DeepSeek({ apiKey: testApiKey, baseURL: 'http://127.0.0.1:1', fetch, maxRetries: 0 });
  return { client, requests };
}

describe('a thinking-mode tool loop over streams', () => {
  test('sends the turn-1 reasoning_content back exactly in the next request', async () => {
    const { client, requests } = conversation();
    const messages: ChatMessage[] = [{ role: 'user', content: 'Weather and time in Paris?' }];

    const turn1 = await client.chat.completions.create({ model: 'deepseek-flash', messages, tools, stream: true });
    const assistant = await turn1.finalMessage();
    messages.push(assistant);
    for (const call of assistant.tool_calls ?? []) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: call.function.name === 'get_weather' ? '{"sky":"sunny"}' : '{"time":"14:00"}' });
    }

    const turn2 = await client.chat.completions.create({ model: 'deepseek-flash', messages, tools, stream: true });
    const answer = await turn2.finalCompletion();
    expect(answer.choices[0]!.message.content).toBe('Sunny, 14:00 in Paris.');

    expect(requests).toHaveLength(2);
    const sent = (requests[1]!.body as { messages: Record<string, unknown>[] }).messages;
    expect(sent).toHaveLength(4);
    expect(sent[1]).toEqual({
      role: 'assistant',
      content: '',
      reasoning_content: toolReasoningFragments.join(''),
      tool_calls: [
        { id: 'call_00_WeatherAAAAAAAAAAAAAAAA', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
        { id: 'call_01_ClockBBBBBBBBBBBBBBBBBB', type: 'function', function: { name: 'get_time', arguments: '{"tz": "Europe/Paris"}' } },
      ],
    });
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: 'call_00_WeatherAAAAAAAAAAAAAAAA', content: '{"sky":"sunny"}' });
    expect(sent[3]).toEqual({ role: 'tool', tool_call_id: 'call_01_ClockBBBBBBBBBBBBBBBBBB', content: '{"time":"14:00"}' });
  });

  test('keeps sending the turn-1 reasoning in every later request of the conversation', async () => {
    const { client, requests } = conversation();
    const messages: ChatMessage[] = [{ role: 'user', content: 'Weather and time in Paris?' }];
    const turn1 = await client.chat.completions.create({ model: 'deepseek-flash', messages, tools, stream: true });
    const assistant = await turn1.finalMessage();
    messages.push(assistant, ...(assistant.tool_calls ?? []).map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content: 'ok' })));
    const turn2 = await client.chat.completions.create({ model: 'deepseek-flash', messages, tools, stream: true });
    messages.push(await turn2.finalMessage(), { role: 'user', content: 'And tomorrow?' });
    await (await client.chat.completions.create({ model: 'deepseek-flash', messages, tools, stream: true })).finalCompletion();

    const third = (requests[2]!.body as { messages: Record<string, unknown>[] }).messages;
    expect(third[1]!.reasoning_content).toBe(toolReasoningFragments.join(''));
    expect(third[4]).toEqual({ role: 'assistant', content: 'Sunny, 14:00 in Paris.', reasoning_content: 'Both tools answered.' });
  });

  test('finalMessage() with reasoning "drop" omits the reasoning for legacy gateways', async () => {
    const { client } = conversation();
    const turn1 = await client.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }], tools, stream: true });
    const message = await turn1.finalMessage({ reasoning: 'drop' });
    expect('reasoning_content' in message).toBe(false);
    expect(message.tool_calls).toHaveLength(2);
  });
});
