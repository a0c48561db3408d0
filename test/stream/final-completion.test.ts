import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  accumulateChatCompletion,
  ChatCompletionStream,
  type ChatCompletion,
  type ChatCompletionChunk,
  type TextCompletionChunk,
  type TokenLogprob,
} from '../../src/index';
import {
  chatChunk,
  collect,
  contentFragments,
  reasoningFragments,
  scriptedClient,
  sseText,
  thinkingChunks,
  thinkingUsage,
  userMessages,
} from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;

/** One event per network chunk, then [DONE]. */
function eventSteps(chunks: readonly ChatCompletionChunk[]): string[] {
  return [...chunks.map((chunk) => sseText([chunk], { done: false })), 'data: [DONE]\n\n'];
}

const expectedThinking: ChatCompletion = {
  id: '7d3f5a52-6c1e-4c3b-9a55-2f0e6a7b8c01',
  object: 'chat.completion',
  created: 1790000000,
  model: 'deepseek-v4-flash',
  system_fingerprint: 'fp_test_prod0000',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! How can I help?', reasoning_content: 'The user greets me; a short, friendly reply fits.' },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: thinkingUsage,
};

describe('a streamed chat completion', () => {
  test('is an AsyncIterable of ChatCompletionChunk that yields every chunk the server sent, in order', async () => {
    const { client } = scriptedClient(eventSteps(thinkingChunks()));
    const stream = await client.chat.completions.create(params);
    expect(stream).toBeInstanceOf(ChatCompletionStream);
    expectTypeOf(stream).toExtend<AsyncIterable<ChatCompletionChunk>>();
    expectTypeOf(stream).not.toExtend<AsyncIterable<TextCompletionChunk>>();
    expect(typeof stream[Symbol.asyncIterator]).toBe('function');
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toEqual(thinkingChunks());
  });

  test('exposes the HTTP response headers before the body is read', async () => {
    const { client } = scriptedClient(eventSteps(thinkingChunks()));
    const stream = await client.chat.completions.create(params);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
  });
});

describe('finalCompletion()', () => {
  test('without iterating first reads the whole stream and concatenates content and reasoning from every fragment', async () => {
    const { client } = scriptedClient(eventSteps(thinkingChunks()));
    const stream = await client.chat.completions.create(params);
    const completion = await stream.finalCompletion();
    expect(completion).toEqual(expectedThinking);
    expect(completion.choices[0]!.message.reasoning_content).toBe(reasoningFragments.join(''));
    expect(completion.choices[0]!.message.content).toBe(contentFragments.join(''));
  });

  test('takes usage and finish_reason from the final chunk', async () => {
    const { client } = scriptedClient(eventSteps(thinkingChunks()));
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    expect(completion.usage).toEqual(thinkingUsage);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  test('after iterating part of the stream consumes the rest and still includes the chunks already iterated', async () => {
    const { client } = scriptedClient(eventSteps(thinkingChunks()));
    const stream = await client.chat.completions.create(params);
    const iterator = stream[Symbol.asyncIterator]();
    const seen: ChatCompletionChunk[] = [];
    for (let i = 0; i < 4; i++) {
      const next = await iterator.next();
      expect(next.done).toBe(false);
      seen.push(next.value as ChatCompletionChunk);
    }
    expect(seen).toEqual(thinkingChunks().slice(0, 4));
    const completion = await stream.finalCompletion();
    expect(completion).toEqual(expectedThinking);
    // the iterator is exhausted: finalCompletion() read what was left
    expect((await iterator.next()).done).toBe(true);
  });

  test('after iterating everything resolves to the completion of all the chunks', async () => {
    const { client } = scriptedClient(eventSteps(thinkingChunks()));
    const stream = await client.chat.completions.create(params);
    const { chunks } = await collect(stream);
    const completion = await stream.finalCompletion();
    expect(completion).toEqual(expectedThinking);
    expect(completion).toEqual(accumulateChatCompletion(chunks));
  });

  test('called twice resolves both times to the very same object', async () => {
    const { client } = scriptedClient(eventSteps(thinkingChunks()));
    const stream = await client.chat.completions.create(params);
    const first = stream.finalCompletion();
    const second = stream.finalCompletion();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(await stream.finalCompletion()).toBe(a);
    expect(a).toEqual(expectedThinking);
  });

  test('gives the same completion as accumulateChatCompletion over the same chunks', async () => {
    const { client } = scriptedClient([sseText(thinkingChunks())]); // every event in one network chunk
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    expect(completion).toEqual(accumulateChatCompletion(thinkingChunks()));
  });

  test('joins the logprobs of content and of reasoning_content across chunks, in order', async () => {
    const lp = (token: string, logprob: number): TokenLogprob => ({
      token,
      logprob,
      bytes: [...new TextEncoder().encode(token)],
      top_logprobs: [{ token, logprob, bytes: [...new TextEncoder().encode(token)] }],
    });
    const chunks: ChatCompletionChunk[] = [
      chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
      chatChunk({ delta: { content: null, reasoning_content: 'Think' }, logprobs: { content: null, reasoning_content: [lp('Think', -0.1)] } }),
      chatChunk({ delta: { content: null, reasoning_content: 'ing' }, logprobs: { content: null, reasoning_content: [lp('ing', -0.2)] } }),
      chatChunk({ delta: { content: 'O', reasoning_content: null }, logprobs: { content: [lp('O', -0.3)], reasoning_content: null } }),
      chatChunk({ delta: { content: 'K', reasoning_content: null }, logprobs: { content: [lp('K', -9999)], reasoning_content: null } }),
      chatChunk({ delta: { content: '', reasoning_content: null }, logprobs: null, finish_reason: 'stop' }, { usage: thinkingUsage }),
    ];
    const { client } = scriptedClient(eventSteps(chunks));
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    const choice = completion.choices[0]!;
    expect(choice.message.content).toBe('OK');
    expect(choice.message.reasoning_content).toBe('Thinking');
    expect(choice.logprobs).toEqual({ content: [lp('O', -0.3), lp('K', -9999)], reasoning_content: [lp('Think', -0.1), lp('ing', -0.2)] });
  });

  test('keeps content null when no chunk carried content text', async () => {
    const chunks: ChatCompletionChunk[] = [
      chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: 'only thinking' } }),
      chatChunk({ delta: { content: null, reasoning_content: null }, finish_reason: 'length' }, { usage: thinkingUsage }),
    ];
    const { client } = scriptedClient(eventSteps(chunks));
    const completion = await (await client.chat.completions.create(params)).finalCompletion();
    expect(completion.choices[0]!.message).toEqual({ role: 'assistant', content: null, reasoning_content: 'only thinking' });
    expect(completion.choices[0]!.finish_reason).toBe('length');
  });
});
