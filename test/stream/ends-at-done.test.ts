import { describe, expect, test } from 'vitest';
import { DeepSeek, StreamError, type ChatCompletionChunk } from '../../src/index';
import {
  backpressureBody,
  chatChunk,
  collect,
  fakeFetch,
  scriptedClient,
  sseData,
  sseResponse,
  testApiKey,
  thinkingChunks,
  userMessages,
  type BackpressureRecord,
} from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;

function probeClient(networkChunks: readonly string[], after: 'hang' | 'throw') {
  let record: BackpressureRecord | undefined;
  let signal: AbortSignal | undefined;
  const { fetch } = fakeFetch((request) => {
    signal = request.signal;
    const probe = backpressureBody(networkChunks, { after, signal: request.signal });
    record = probe.record;
    return sseResponse(probe.body);
  });
  const client = new DeepSeek({ apiKey: testApiKey, baseURL: 'http://127.0.0.1:1', fetch, maxRetries: 0 });
  return {
    client,
    get record() {
      return record!;
    },
    get signal() {
      return signal!;
    },
  };
}

const [first, second, third] = thinkingChunks() as [ChatCompletionChunk, ChatCompletionChunk, ChatCompletionChunk];

describe('the end of a stream', () => {
  test.each(['hang', 'throw'] as const)(
    'is data: [DONE]: nothing is read after the network chunk that holds it, and the loop ends although the server never closes (%s after)',
    async (after) => {
      const probe = probeClient([sseData(first), sseData(second), `${sseData(third)}data: [DONE]\n\n`], after);
      const stream = await probe.client.chat.completions.create(params);
      const { chunks, error } = await collect(stream);
      expect(error).toBeUndefined();
      expect(chunks).toEqual([first, second, third]);
      expect(probe.record.pulls).toBe(3);
      expect(probe.record.pullsAfterEnd).toBe(0);
      // the finished body is released by cancelling it
      expect(probe.record.cancelled).toBe(true);
    },
  );

  test('a finalCompletion() also stops at [DONE] without reading further', async () => {
    const probe = probeClient([sseData(first), `${sseData(second)}${sseData(third)}`, 'data: [DONE]\n\n'], 'throw');
    const completion = await (await probe.client.chat.completions.create(params)).finalCompletion();
    expect(completion.choices[0]!.message.reasoning_content).toBe('The user greets me');
    expect(probe.record.pulls).toBe(3);
    expect(probe.record.pullsAfterEnd).toBe(0);
  });

  test('is not read ahead of the consumer: while it holds the first chunk, only one network chunk was requested', async () => {
    const probe = probeClient([sseData(first), sseData(second), sseData(third), 'data: [DONE]\n\n'], 'throw');
    const stream = await probe.client.chat.completions.create(params);
    const iterator = stream[Symbol.asyncIterator]();
    expect(probe.record.pulls).toBe(0); // nothing is read before the first next()
    expect((await iterator.next()).value).toEqual(first);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(probe.record.pulls).toBe(1);
    expect((await iterator.next()).value).toEqual(second);
    expect(probe.record.pulls).toBe(2);
    await iterator.return?.();
  });

  test('ignores events after [DONE] in the same network chunk, even ones that are not JSON', async () => {
    const probe = probeClient([`${sseData(first)}data: [DONE]\n\ndata: {not json\n\nevent: error\ndata: {"error":{"message":"late"}}\n\n`], 'throw');
    const { chunks, error } = await collect(await probe.client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([first]);
    expect(probe.record.pullsAfterEnd).toBe(0);
  });

  test('accepts data:[DONE] without the optional space after the colon', async () => {
    const { client } = scriptedClient([sseData(first), 'data:[DONE]\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([first]);
  });

  test('accepts [DONE] with CRLF line endings', async () => {
    const { client } = scriptedClient([sseData(first).replace(/\n/g, '\r\n'), 'data: [DONE]\r\n\r\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([first]);
  });

  test.each([
    ['a trailing space', 'data: [DONE] \n\n'],
    ['a trailing letter', 'data: [DONE]x\n\n'],
    ['two leading spaces', 'data:  [DONE]\n\n'],
    ['lower case', 'data: [done]\n\n'],
    ['its data split across two data lines', 'data: [DO\ndata: NE]\n\n'],
    ['a trailing newline inside the data', 'data: [DONE]\ndata: \n\n'],
  ])('only an exact [DONE] ends it: one with %s is treated as JSON and fails as malformed', async (_, terminator) => {
    const { client } = scriptedClient([sseData(first), terminator, sseData(second), 'data: [DONE]\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([first]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('malformed');
  });

  test('a [DONE] sent as a named event is not the terminator', async () => {
    const { client } = scriptedClient([sseData(first), 'event: done\ndata: [DONE]\n\n', sseData(second), 'data: [DONE]\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([first, second]);
  });

  test('skips keep-alive comments and blank lines anywhere in the stream', async () => {
    const { client } = scriptedClient([': keep-alive\n\n', ': keep-alive\n\n\n\n', sseData(first), ': keep-alive\n\n', sseData(second), ':\n\n', 'data: [DONE]\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([first, second]);
  });

  test('after [DONE] the request is not aborted (the finished connection can be reused)', async () => {
    const probe = probeClient([sseData(first), 'data: [DONE]\n\n'], 'hang');
    await collect(await probe.client.chat.completions.create(params));
    expect(probe.signal.aborted).toBe(false);
    expect(probe.record.cancelled).toBe(true);
  });

  test('an extra chunk after the final chat chunk is still delivered before [DONE]', async () => {
    const usageOnly = chatChunk({ delta: {} }, { choices: [] });
    const { client } = scriptedClient([sseData(first), sseData(usageOnly), 'data: [DONE]\n\n']);
    const { chunks } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([first, usageOnly]);
  });
});
