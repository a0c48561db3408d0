import { describe, expect, test } from 'vitest';
import { accumulateChatCompletion, toAssistantMessage, type ChatCompletion, type ChatCompletionMessage } from '../../src/index';
import { parallelToolChunks, thinkingChunks, toolReasoningFragments } from '../helpers/sse-response';

function completionOf(message: ChatCompletionMessage, extraChoices: ChatCompletionMessage[] = []): ChatCompletion {
  return {
    id: 'c-1',
    object: 'chat.completion',
    created: 1790000000,
    model: 'deepseek-v4-flash',
    choices: [message, ...extraChoices].map((m, index) => ({ index, message: m, logprobs: null, finish_reason: m.tool_calls ? 'tool_calls' : 'stop' })),
  };
}

const toolCall = { index: 0, id: 'call_00_a', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };

describe('toAssistantMessage', () => {
  test('keeps reasoning_content and content of a completion', () => {
    const message = toAssistantMessage(completionOf({ role: 'assistant', content: 'Hi!', reasoning_content: 'Greet back.' }));
    expect(message).toEqual({ role: 'assistant', content: 'Hi!', reasoning_content: 'Greet back.' });
  });

  test('accepts a message as well as a completion', () => {
    const message = toAssistantMessage({ role: 'assistant', content: 'Hi!', reasoning_content: 'Greet back.' });
    expect(message).toEqual({ role: 'assistant', content: 'Hi!', reasoning_content: 'Greet back.' });
  });

  test('keeps the full reasoning of a streamed, accumulated tool-call turn and strips index from the tool calls', () => {
    const message = toAssistantMessage(accumulateChatCompletion(parallelToolChunks()));
    expect(message).toEqual({
      role: 'assistant',
      content: '',
      reasoning_content: toolReasoningFragments.join(''),
      tool_calls: [
        { id: 'call_00_WeatherAAAAAAAAAAAAAAAA', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
        { id: 'call_01_ClockBBBBBBBBBBBBBBBBBB', type: 'function', function: { name: 'get_time', arguments: '{"tz": "Europe/Paris"}' } },
      ],
    });
    for (const call of message.tool_calls!) expect('index' in call).toBe(false);
  });

  test('back-fills an empty reasoning_content on a tool-call turn that had none', () => {
    const message = toAssistantMessage(completionOf({ role: 'assistant', content: null, tool_calls: [toolCall] }));
    expect(message.reasoning_content).toBe('');
    expect(message.content).toBe('');
  });

  test('back-fills an empty reasoning_content on a tool-call turn whose reasoning is null', () => {
    const message = toAssistantMessage({ role: 'assistant', content: '', reasoning_content: null, tool_calls: [toolCall] });
    expect(message.reasoning_content).toBe('');
  });

  test('adds no reasoning_content to a turn without reasoning and without tool calls', () => {
    const message = toAssistantMessage({ role: 'assistant', content: 'plain' });
    expect(message).toEqual({ role: 'assistant', content: 'plain' });
    expect('reasoning_content' in message).toBe(false);
  });

  test('turns content null into an empty string', () => {
    expect(toAssistantMessage({ role: 'assistant', content: null, reasoning_content: 'r' }).content).toBe('');
  });

  test('keeps an empty reasoning string as it is', () => {
    expect(toAssistantMessage({ role: 'assistant', content: 'x', reasoning_content: '' }).reasoning_content).toBe('');
  });

  test('with reasoning "drop" omits the reasoning, even on a tool-call turn', () => {
    const withReasoning = toAssistantMessage(accumulateChatCompletion(thinkingChunks()), { reasoning: 'drop' });
    expect(withReasoning).toEqual({ role: 'assistant', content: 'Hello! How can I help?' });
    const toolTurn = toAssistantMessage({ role: 'assistant', content: null, reasoning_content: 'r', tool_calls: [toolCall] }, { reasoning: 'drop' });
    expect('reasoning_content' in toolTurn).toBe(false);
    expect(toolTurn.tool_calls).toEqual([{ id: 'call_00_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
  });

  test('with reasoning "keep" behaves as the default', () => {
    const completion = accumulateChatCompletion(parallelToolChunks());
    expect(toAssistantMessage(completion, { reasoning: 'keep' })).toEqual(toAssistantMessage(completion));
  });

  test('takes the requested choice', () => {
    const completion = completionOf({ role: 'assistant', content: 'first' }, [{ role: 'assistant', content: 'second', reasoning_content: 'r2' }]);
    expect(toAssistantMessage(completion, { choice: 1 })).toEqual({ role: 'assistant', content: 'second', reasoning_content: 'r2' });
  });

  test('throws RangeError for a choice the completion does not have', () => {
    expect(() => toAssistantMessage(completionOf({ role: 'assistant', content: 'x' }), { choice: 3 })).toThrow(RangeError);
    expect(() => toAssistantMessage({ ...completionOf({ role: 'assistant', content: 'x' }), choices: [] })).toThrow(RangeError);
  });

  test('copies only the fields a request accepts, and shares no objects with the completion', () => {
    const source = {
      role: 'assistant' as const,
      content: 'c',
      reasoning_content: 'r',
      refusal: null,
      tool_calls: [{ ...toolCall, extra: 'server-only', function: { ...toolCall.function, extra: 1 } }],
    } as unknown as ChatCompletionMessage;
    const message = toAssistantMessage(source);
    expect(Object.keys(message).sort()).toEqual(['content', 'reasoning_content', 'role', 'tool_calls']);
    expect(message.tool_calls![0]).toEqual({ id: 'call_00_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
    expect(message.tool_calls![0]).not.toBe(source.tool_calls![0]);
    expect(message.tool_calls![0]!.function).not.toBe(source.tool_calls![0]!.function);
  });
});
