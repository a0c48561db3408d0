import { describe, expect, test } from 'vitest';
import type { ChatCompletionChunk } from '../../src/index';
import { chatChunk, collect, scriptedClient, sseText, thinkingUsage, userMessages } from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;

function reasoningStream(fragments: readonly string[], answer: readonly string[] = ['Done.']): ChatCompletionChunk[] {
  return [
    chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
    ...fragments.map((text) => chatChunk({ delta: { content: null, reasoning_content: text } })),
    ...answer.map((text) => chatChunk({ delta: { content: text, reasoning_content: null } })),
    chatChunk({ delta: { content: '', reasoning_content: null }, finish_reason: 'stop' }, { usage: thinkingUsage }),
  ];
}

/** Splits `text` into network chunks of `size` bytes, so events (and UTF-8 characters) straddle reads. */
function byteSlices(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const slices: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) slices.push(bytes.slice(i, i + size));
  return slices;
}

describe('reasoning_content in finalCompletion()', () => {
  test('keeps every fragment, not only the last one (the openai-node helper returned "think." for "Let me " + "think.")', async () => {
    const { client } = scriptedClient([sseText(reasoningStream(['Let me ', 'think.']))]);
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    expect(completion.choices[0]!.message.reasoning_content).toBe('Let me think.');
  });

  test('concatenates a thousand fragments in order', async () => {
    const fragments = Array.from({ length: 1000 }, (_, i) => `r${i};`);
    const { client } = scriptedClient([sseText(reasoningStream(fragments))]);
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    expect(completion.choices[0]!.message.reasoning_content).toBe(fragments.join(''));
    expect(completion.choices[0]!.message.content).toBe('Done.');
  });

  test('concatenates fragments whose events and multibyte characters are split across network reads', async () => {
    const fragments = ['思考', '中：', 'the 🧠 ', 'says ', '"ok"\n', 'then\tends'];
    const body = sseText(reasoningStream(fragments, ['答', '案']));
    const { client } = scriptedClient(byteSlices(body, 7));
    const stream = await client.chat.completions.create(params);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toEqual(reasoningStream(fragments, ['答', '案']));
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]!.message.reasoning_content).toBe(fragments.join(''));
    expect(completion.choices[0]!.message.content).toBe('答案');
  });

  test('skips null and empty reasoning fragments without dropping the ones around them', async () => {
    const chunks = [
      chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
      chatChunk({ delta: { content: null, reasoning_content: 'a' } }),
      chatChunk({ delta: { content: null, reasoning_content: null } }),
      chatChunk({ delta: { content: null, reasoning_content: '' } }),
      chatChunk({ delta: { content: null, reasoning_content: 'b' } }),
      chatChunk({ delta: { content: null } }),
      chatChunk({ delta: { content: null, reasoning_content: 'c' } }),
      chatChunk({ delta: { content: 'x', reasoning_content: null }, finish_reason: 'stop' }, { usage: thinkingUsage }),
    ];
    const { client } = scriptedClient([sseText(chunks)]);
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    expect(completion.choices[0]!.message.reasoning_content).toBe('abc');
  });

  test('is absent from a non-thinking completion whose chunks never carried it', async () => {
    const chunks = [
      chatChunk({ delta: { role: 'assistant', content: '' } }),
      chatChunk({ delta: { content: 'Hi' } }),
      chatChunk({ delta: { content: '' }, finish_reason: 'stop' }, { usage: thinkingUsage }),
    ];
    const { client } = scriptedClient([sseText(chunks)]);
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    expect(completion.choices[0]!.message).toEqual({ role: 'assistant', content: 'Hi' });
    expect('reasoning_content' in completion.choices[0]!.message).toBe(false);
  });
});
