import { describe, expect, expectTypeOf, test } from 'vitest';
import { accumulateTextCompletion, StreamError, TextCompletionStream, type ChatCompletionChunk, type TextCompletionChunk } from '../../src/index';
import { collect, fimChunks, fimFragments, scriptedClient, sseData, sseText } from '../helpers/sse-response';

const params = { model: 'deepseek-v4-flash', prompt: 'def fib(a):\n', suffix: '    return fib(a-1) + fib(a-2)', max_tokens: 64, stream: true } as const;

describe('a streamed FIM completion', () => {
  test('is an AsyncIterable of TextCompletionChunk sent to the beta server, yielding every chunk in order', async () => {
    const { client, requests } = scriptedClient([...fimChunks().map(sseData), 'data: [DONE]\n\n']);
    const stream = await client.fim.completions.create(params);
    expect(stream).toBeInstanceOf(TextCompletionStream);
    expectTypeOf(stream).toExtend<AsyncIterable<TextCompletionChunk>>();
    expectTypeOf(stream).not.toExtend<AsyncIterable<ChatCompletionChunk>>();
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toEqual(fimChunks());
    expect(requests[0]!.url).toBe('http://127.0.0.1:1/beta/completions');
    expect(requests[0]!.body).toMatchObject({ prompt: 'def fib(a):\n', stream: true });
  });

  test('finalCompletion() concatenates the text of every chunk and takes finish_reason and usage from the last', async () => {
    const { client } = scriptedClient([sseText(fimChunks())]);
    const completion = await (await client.fim.completions.create(params)).finalCompletion();
    expect(completion).toEqual({
      id: 'b2a1c3d4-0000-4000-8000-00000000f1f1',
      object: 'text_completion',
      created: 1790000001,
      model: 'deepseek-v4-flash',
      choices: [{ index: 0, text: fimFragments.join(''), logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 20, completion_tokens: 11, total_tokens: 31, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 20 },
    });
  });

  test('finalCompletion() after iterating part of the stream includes the text already iterated', async () => {
    const { client } = scriptedClient([...fimChunks().map(sseData), 'data: [DONE]\n\n']);
    const stream = await client.fim.completions.create(params);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(fimChunks()[0]);
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]!.text).toBe(fimFragments.join(''));
    expect(await stream.finalCompletion()).toBe(completion);
  });

  test('finalCompletion() joins the logprobs arrays of every chunk', async () => {
    const base = fimChunks()[0]!;
    const chunks: TextCompletionChunk[] = [
      { ...base, choices: [{ index: 0, text: 'ab', logprobs: { tokens: ['a', 'b'], token_logprobs: [-0.1, -0.2], text_offset: [0, 1], top_logprobs: [{ a: -0.1 }, { b: -0.2 }] }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, text: 'c', logprobs: { tokens: ['c'], token_logprobs: [-0.3], text_offset: [2], top_logprobs: [{ c: -0.3 }] }, finish_reason: 'length' }] },
    ];
    const { client } = scriptedClient([sseText(chunks)]);
    const completion = await (await client.fim.completions.create(params)).finalCompletion();
    expect(completion.choices[0]).toEqual({
      index: 0,
      text: 'abc',
      logprobs: { tokens: ['a', 'b', 'c'], token_logprobs: [-0.1, -0.2, -0.3], text_offset: [0, 1, 2], top_logprobs: [{ a: -0.1 }, { b: -0.2 }, { c: -0.3 }] },
      finish_reason: 'length',
    });
  });

  test('gives the same completion as accumulateTextCompletion over the same chunks', async () => {
    const { client } = scriptedClient([sseText(fimChunks())]);
    const completion = await (await client.fim.completions.create(params)).finalCompletion();
    expect(completion).toEqual(accumulateTextCompletion(fimChunks()));
  });

  test('fails with StreamError "incomplete" after its chunks when [DONE] never comes', async () => {
    const { client } = scriptedClient(fimChunks().slice(0, 2).map(sseData));
    const stream = await client.fim.completions.create(params);
    const { chunks, error } = await collect(stream);
    expect(chunks).toEqual(fimChunks().slice(0, 2));
    expect((error as StreamError).kind).toBe('incomplete');
  });
});
