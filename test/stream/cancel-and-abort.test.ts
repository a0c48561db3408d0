import { describe, expect, test } from 'vitest';
import { APIUserAbortError, type ChatCompletionChunk } from '../../src/index';
import { collect, scriptedClient, sleep, sseData, sseText, thinkingChunks, userMessages, type Step } from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;
const all = thinkingChunks();
const [c0, c1, c2] = all as [ChatCompletionChunk, ChatCompletionChunk, ChatCompletionChunk];

/** Three events in their own network chunks, then a server that keeps the connection open. */
const openEnded: Step[] = [sseData(c0), sseData(c1), sseData(c2), { hang: true }];
/** Every event and [DONE] in one network chunk: all of it arrived before the consumer saw the first chunk. */
const oneRead: Step[] = [sseText(all)];

describe('break in a for await loop', () => {
  test('ends the iteration quietly and cancels the request', async () => {
    const { client, requests, records } = scriptedClient(openEnded);
    const stream = await client.chat.completions.create(params);
    const seen: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([c0, c1]);
    expect(requests[0]!.signal.aborted).toBe(true);
    expect(records[0]!.abortedBySignal || records[0]!.cancelled).toBe(true);
  });

  test('makes finalCompletion() reject with APIUserAbortError', async () => {
    const { client } = scriptedClient(openEnded);
    const stream = await client.chat.completions.create(params);
    for await (const _ of stream) break;
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  test('before [DONE] arrived cancels the request even when the rest was already buffered', async () => {
    const { client, requests } = scriptedClient(oneRead);
    const stream = await client.chat.completions.create(params);
    for await (const _ of stream) break;
    expect(requests[0]!.signal.aborted).toBe(true);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('iterator.return()', () => {
  test('ends the iteration and cancels the request', async () => {
    const { client, requests } = scriptedClient(openEnded);
    const stream = await client.chat.completions.create(params);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(c0);
    await iterator.return?.();
    expect((await iterator.next()).done).toBe(true);
    expect(requests[0]!.signal.aborted).toBe(true);
  });
});

describe('stream.abort()', () => {
  test('called inside the loop ends the iteration quietly after the current chunk and cancels the request', async () => {
    const { client, requests } = scriptedClient(openEnded);
    const stream = await client.chat.completions.create(params);
    const seen: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length === 1) stream.abort();
    }
    expect(seen).toEqual([c0]);
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  test('called inside the loop yields nothing more even when the rest of the stream already arrived in the same read', async () => {
    const { client, requests } = scriptedClient(oneRead);
    const stream = await client.chat.completions.create(params);
    const seen: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length === 1) stream.abort();
    }
    expect(seen).toEqual([c0]);
    expect(requests[0]!.signal.aborted).toBe(true);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  test('called while the loop waits on a silent server ends the iteration quietly', async () => {
    const { client, records } = scriptedClient([sseData(c0), { hang: true }]);
    const stream = await client.chat.completions.create(params);
    setTimeout(() => stream.abort(), 30);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toEqual([c0]);
    expect(records[0]!.abortedBySignal).toBe(true);
  });

  test('makes a pending finalCompletion() reject with APIUserAbortError', async () => {
    const { client } = scriptedClient([sseData(c0), { hang: true }]);
    const stream = await client.chat.completions.create(params);
    const final = stream.finalCompletion();
    await sleep(20);
    stream.abort();
    await expect(final).rejects.toBeInstanceOf(APIUserAbortError);
  });

  test('before iterating makes the iteration yield nothing and finalCompletion() reject with APIUserAbortError', async () => {
    const { client, requests } = scriptedClient(oneRead);
    const stream = await client.chat.completions.create(params);
    stream.abort();
    expect(requests[0]!.signal.aborted).toBe(true);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toEqual([]);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  test('after the stream completed changes nothing', async () => {
    const { client } = scriptedClient(oneRead);
    const stream = await client.chat.completions.create(params);
    const completion = await stream.finalCompletion();
    stream.abort();
    expect(await stream.finalCompletion()).toBe(completion);
  });
});

describe("the caller's AbortSignal", () => {
  test('aborted mid-stream makes the iteration throw APIUserAbortError after the chunks already yielded', async () => {
    const { client, records } = scriptedClient([sseData(c0), sseData(c1), { hang: true }]);
    const controller = new AbortController();
    const stream = await client.chat.completions.create(params, { signal: controller.signal });
    const reason = new Error('user closed the tab');
    setTimeout(() => controller.abort(reason), 30);
    const { chunks, error } = await collect(stream);
    expect(chunks).toEqual([c0, c1]);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toBe(reason);
    expect(records[0]!.abortedBySignal).toBe(true);
    await expect(stream.finalCompletion()).rejects.toBe(error);
  });

  test('aborted while the consumer holds a chunk makes the next step throw APIUserAbortError and yield nothing more', async () => {
    const { client } = scriptedClient(oneRead);
    const controller = new AbortController();
    const stream = await client.chat.completions.create(params, { signal: controller.signal });
    const seen: ChatCompletionChunk[] = [];
    let error: unknown;
    try {
      for await (const chunk of stream) {
        seen.push(chunk);
        if (seen.length === 1) controller.abort();
      }
    } catch (thrown) {
      error = thrown;
    }
    expect(seen).toEqual([c0]);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  test('already aborted rejects create() with APIUserAbortError without sending the request', async () => {
    const { client, requests } = scriptedClient(oneRead);
    const controller = new AbortController();
    controller.abort();
    await expect(client.chat.completions.create(params, { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(0);
  });

  test('aborted after the stream completed changes nothing and no longer reaches the request', async () => {
    const { client, requests } = scriptedClient(oneRead);
    const controller = new AbortController();
    const stream = await client.chat.completions.create(params, { signal: controller.signal });
    const completion = await stream.finalCompletion();
    controller.abort();
    expect(requests[0]!.signal.aborted).toBe(false);
    expect(await stream.finalCompletion()).toBe(completion);
  });
});
