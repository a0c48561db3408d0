import { describe, expect, test } from 'vitest';
import { accumulateChatCompletion, APIUserAbortError, ChatCompletionStream, DeepSeekError, StreamError, type ChatCompletionChunk } from '../../src/index';
import { collect, parallelToolChunks, scriptedClient, sseData, sseText, thinkingChunks, userMessages } from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;
const all = thinkingChunks();
const [c0, c1] = all as [ChatCompletionChunk, ChatCompletionChunk];

async function readText(body: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(bytes, { stream: true });
  return text + decoder.decode();
}

describe('toReadableStream()', () => {
  test('yields the chunks as newline-delimited JSON, one line per chunk', async () => {
    const { client } = scriptedClient([...all.map(sseData), 'data: [DONE]\n\n']);
    const stream = await client.chat.completions.create(params);
    const readable = stream.toReadableStream();
    expect(readable).toBeInstanceOf(ReadableStream);
    const text = await readText(readable);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(all.length);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(all);
    expect(text).toBe(all.map((chunk) => `${JSON.stringify(chunk)}\n`).join(''));
  });

  test('keeps newlines inside the content escaped, so each chunk stays on one line', async () => {
    const multiline = { ...c1, choices: [{ index: 0, delta: { content: 'line 1\nline 2\r\n\u2028end' }, logprobs: null, finish_reason: null }] };
    const { client } = scriptedClient([sseText([c0, multiline])]);
    const text = await readText((await client.chat.completions.create(params)).toReadableStream());
    expect(text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown)).toEqual([c0, multiline]);
  });

  test('errors with the stream failure after the chunks before it', async () => {
    const { client } = scriptedClient([sseData(c0), sseData(c1)]); // no [DONE]
    const reader = (await client.chat.completions.create(params)).toReadableStream().getReader();
    const decoder = new TextDecoder();
    const lines: unknown[] = [];
    let error: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        lines.push(JSON.parse(decoder.decode(value)));
      }
    } catch (thrown) {
      error = thrown;
    }
    expect(lines).toEqual([c0, c1]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
  });

  test('cancelling it cancels the request', async () => {
    const { client, requests } = scriptedClient([sseData(c0), sseData(c1), { hang: true }]);
    const readable = (await client.chat.completions.create(params)).toReadableStream();
    const reader = readable.getReader();
    await reader.read();
    await reader.cancel();
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  test('claims the stream: iterating it afterwards throws DeepSeekError', async () => {
    const { client } = scriptedClient([sseText(all)]);
    const stream = await client.chat.completions.create(params);
    stream.toReadableStream();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(DeepSeekError);
  });
});

describe('tee()', () => {
  test('gives two streams that each see every chunk', async () => {
    const { client } = scriptedClient([...all.map(sseData), 'data: [DONE]\n\n']);
    const [left, right] = (await client.chat.completions.create(params)).tee();
    expect(left).toBeInstanceOf(ChatCompletionStream);
    expect(right).toBeInstanceOf(ChatCompletionStream);
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a).toEqual({ chunks: all, error: undefined });
    expect(b).toEqual({ chunks: all, error: undefined });
  });

  test('gives each branch a working finalCompletion()', async () => {
    const { client } = scriptedClient([sseText(parallelToolChunks())]);
    const [left, right] = (await client.chat.completions.create(params)).tee();
    const expected = accumulateChatCompletion(parallelToolChunks());
    expect(await left.finalCompletion()).toEqual(expected);
    expect(await right.finalCompletion()).toEqual(expected);
  });

  test('lets one branch be read to the end before the other starts', async () => {
    const { client } = scriptedClient([...all.map(sseData), 'data: [DONE]\n\n']);
    const [left, right] = (await client.chat.completions.create(params)).tee();
    const first = await collect(left);
    const second = await collect(right);
    expect(first.chunks).toEqual(all);
    expect(second.chunks).toEqual(all);
    expect((await right.finalCompletion()).choices[0]!.message.content).toBe('Hello! How can I help?');
  });

  test('lets one branch iterate while the other uses finalCompletion()', async () => {
    const { client } = scriptedClient([...all.map(sseData), 'data: [DONE]\n\n']);
    const [left, right] = (await client.chat.completions.create(params)).tee();
    const [iterated, completion] = await Promise.all([collect(left), right.finalCompletion()]);
    expect(iterated.chunks).toEqual(all);
    expect(completion).toEqual(accumulateChatCompletion(all));
  });

  test('delivers a failure to both branches after the chunks before it', async () => {
    const { client } = scriptedClient([sseData(c0), sseData(c1)]); // no [DONE]
    const [left, right] = (await client.chat.completions.create(params)).tee();
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a.chunks).toEqual([c0, c1]);
    expect(b.chunks).toEqual([c0, c1]);
    expect((a.error as StreamError).kind).toBe('incomplete');
    expect(b.error).toBe(a.error);
    await expect(left.finalCompletion()).rejects.toBe(a.error);
    await expect(right.finalCompletion()).rejects.toBe(a.error);
  });

  test('breaking out of one branch leaves the other branch reading every chunk', async () => {
    const { client, requests } = scriptedClient([...all.map(sseData), 'data: [DONE]\n\n']);
    const [left, right] = (await client.chat.completions.create(params)).tee();
    for await (const _ of left) break;
    expect(requests[0]!.signal.aborted).toBe(false);
    expect((await collect(right)).chunks).toEqual(all);
    await expect(left.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
    expect(await right.finalCompletion()).toEqual(accumulateChatCompletion(all));
  });

  test('breaking out of both branches cancels the request', async () => {
    const { client, requests } = scriptedClient([sseData(c0), sseData(c1), { hang: true }]);
    const [left, right] = (await client.chat.completions.create(params)).tee();
    for await (const _ of left) break;
    for await (const _ of right) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  test('claims the original stream: iterating it afterwards throws DeepSeekError', async () => {
    const { client } = scriptedClient([sseText(all)]);
    const stream = await client.chat.completions.create(params);
    stream.tee();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(DeepSeekError);
  });
});

describe('a stream', () => {
  test('can be iterated only once: a second for await throws DeepSeekError', async () => {
    const { client } = scriptedClient([sseText(all)]);
    const stream = await client.chat.completions.create(params);
    expect((await collect(stream)).chunks).toEqual(all);
    let error: unknown;
    try {
      for await (const _ of stream) {
        // unreachable
      }
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toMatch(/already been consumed/);
  });

  test('cannot be iterated after finalCompletion() claimed it', async () => {
    const { client } = scriptedClient([sseText(all)]);
    const stream = await client.chat.completions.create(params);
    await stream.finalCompletion();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(DeepSeekError);
  });

  test('cannot be teed after it started being iterated', async () => {
    const { client } = scriptedClient([sseText(all)]);
    const stream = await client.chat.completions.create(params);
    stream[Symbol.asyncIterator]();
    expect(() => stream.tee()).toThrow(DeepSeekError);
  });
});
