import { describe, expect, test } from 'vitest';
import { APIConnectionTimeoutError, APIUserAbortError, StreamError, type ChatCompletionChunk } from '../../src/index';
import { chatChunk, collect, scriptedClient, sleep, sseData, sseText, thinkingChunks, userMessages, type Step } from '../helpers/sse-response';

// Real timers: a short idle timeout (60 ms) against servers that stay silent far longer.
const idle = 60;
const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;
const all = thinkingChunks();
const [c0, c1] = all as [ChatCompletionChunk, ChatCompletionChunk];

/** Keep-alive comments every 10 ms for 1.5 s, then the body closes (so a watchdog that never fires ends in "incomplete"). */
const keepAlives: Step = { keepAlive: { every: 10, for: 1500 } };

describe('the idle watchdog', () => {
  test('fails a stream that only sends keep-alive comments with APIConnectionTimeoutError saying the request was still queued', async () => {
    const { client, requests } = scriptedClient([keepAlives], { idleTimeout: idle });
    const stream = await client.chat.completions.create(params);
    const { chunks, error } = await collect(stream);
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/still queued/);
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  test('fails a stream that sent data and then went silent with a message saying it stalled mid-answer', async () => {
    const { client, requests } = scriptedClient([sseData(c0), sseData(c1), { hang: true }], { idleTimeout: idle });
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([c0, c1]);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/stalled mid-answer/);
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  test('fails a stream that sent data and then only keep-alive comments with a message saying it stalled mid-answer', async () => {
    const { client } = scriptedClient([sseData(c0), sseData(c1), keepAlives], { idleTimeout: idle });
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([c0, c1]);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/stalled mid-answer/);
  });

  test('fails a stream that sends nothing at all after the headers', async () => {
    const { client } = scriptedClient([{ hang: true }], { idleTimeout: idle });
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).not.toBeInstanceOf(APIUserAbortError);
  });

  test('makes finalCompletion() reject with the APIConnectionTimeoutError', async () => {
    const { client } = scriptedClient([sseData(c0), { hang: true }], { idleTimeout: idle });
    const stream = await client.chat.completions.create(params);
    const error: unknown = await stream.finalCompletion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/stalled mid-answer/);
  });

  test('uses the per-request idleTimeout over the client option (short per request trips)', async () => {
    const { client } = scriptedClient([sseData(c0), { hang: true }], { idleTimeout: 600_000 });
    const { chunks, error } = await collect(await client.chat.completions.create(params, { idleTimeout: idle }));
    expect(chunks).toEqual([c0]);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  });

  test('uses the per-request idleTimeout over the client option (long per request does not trip)', async () => {
    const { client } = scriptedClient([sseData(c0), { delay: 4 * idle }, sseText(all.slice(1))], { idleTimeout: idle });
    const { chunks, error } = await collect(await client.chat.completions.create(params, { idleTimeout: 10_000 }));
    expect(error).toBeUndefined();
    expect(chunks).toEqual(all);
  });

  test('is off with idleTimeout: Infinity', async () => {
    const { client } = scriptedClient([sseData(c0), { delay: 4 * idle }, sseText(all.slice(1))], { idleTimeout: idle });
    const { chunks, error } = await collect(await client.chat.completions.create(params, { idleTimeout: Infinity }));
    expect(error).toBeUndefined();
    expect(chunks).toEqual(all);
  });

  test('never trips on steady data events closer together than idleTimeout, even when the whole stream lasts longer', async () => {
    // A wider idle timeout here, so a busy machine delaying a 25 ms timer cannot fake a stall.
    const steadyIdle = 250;
    const gap = steadyIdle / 10;
    const extra = Array.from({ length: 12 }, (_, i) => chatChunk({ delta: { content: `+${i}` } }));
    const sent = [...all.slice(0, -1), ...extra, all.at(-1)!];
    const body: Step[] = [...sent.flatMap((chunk): Step[] => [sseData(chunk), { delay: gap }]), 'data: [DONE]\n\n'];
    // the premise, checked on the script rather than the clock: the gaps add up to over 2 × idleTimeout
    const scripted = body.reduce((sum, step) => sum + (typeof step === 'object' && 'delay' in step ? step.delay : 0), 0);
    expect(scripted).toBeGreaterThan(2 * steadyIdle);
    const { client } = scriptedClient(body, { idleTimeout: steadyIdle });
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual(sent);
  });

  test('lets a stream that keeps sending data outlive the per-attempt timeout, which covers only the headers', async () => {
    const steps: Step[] = all.flatMap((chunk): Step[] => [sseData(chunk), { delay: idle / 4 }]);
    // the body takes 11 × 15 ms, well past the 60 ms attempt timeout; the idle watchdog is off here
    const { client } = scriptedClient([...steps, 'data: [DONE]\n\n'], { idleTimeout: Infinity, timeout: idle });
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeUndefined();
    expect(chunks).toEqual(all);
  });

  test('does not count the time the consumer holds a chunk as server silence', async () => {
    // everything is already sent; the consumer spends 3 × idleTimeout on each of the first chunks
    const { client } = scriptedClient([sseText(all)], { idleTimeout: idle });
    const stream = await client.chat.completions.create(params);
    const seen: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length <= 3) await sleep(3 * idle);
    }
    expect(seen).toEqual(all);
  });

  test('does not count the consumer holding a chunk when each event arrives in its own network chunk', async () => {
    const { client } = scriptedClient([...all.map(sseData), 'data: [DONE]\n\n'], { idleTimeout: idle });
    const stream = await client.chat.completions.create(params);
    const seen: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length % 4 === 1) await sleep(3 * idle);
    }
    expect(seen).toEqual(all);
    expect((await stream.finalCompletion()).choices[0]!.finish_reason).toBe('stop');
  });

  test('does not count the time before iteration starts', async () => {
    const { client } = scriptedClient([sseText(all)], { idleTimeout: idle });
    const stream = await client.chat.completions.create(params);
    await sleep(3 * idle);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks).toEqual(all);
  });

  test.each([
    ['completes', [sseText(all)], 'none'],
    ['fails', [sseData(c0)], 'none'],
    ['is left with break', [sseData(c0), { hang: true }], 'break'],
  ] as const)('leaves no timer running once a stream %s', async (_, steps, exit) => {
    const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = timers();
    const { client } = scriptedClient(steps as readonly Step[], { idleTimeout: idle });
    const stream = await client.chat.completions.create(params);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // the watchdog is armed now
    expect(timers()).toBeGreaterThan(before);
    if (exit === 'break') await iterator.return?.();
    else await collect({ [Symbol.asyncIterator]: () => iterator });
    await sleep(0);
    expect(timers()).toBe(before);
  });

  test('is not retried: a timed-out stream made exactly one request', async () => {
    const { client, requests } = scriptedClient([{ hang: true }], { idleTimeout: idle, maxRetries: 2 });
    const { error } = await collect(await client.chat.completions.create(params));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).not.toBeInstanceOf(StreamError);
    expect(requests).toHaveLength(1);
  });
});
