/**
 * The stream reader keeps the last finished stream's small objects alive (so V8's optimized
 * code for the hot path survives a full GC between streams; see the end of EventReader's
 * #finish). That must never keep the HTTP response, its body or the request's callbacks: once
 * the caller drops a finished stream, they are collectable.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { DeepSeek, DeepSeekCore, createChatCompletion, createResponse } from '../../src/index';
import { eventsFor, item, namedSse, responseObject } from '../helpers/response-streams';
import { sseResponse, sseText, testApiKey, thinkingChunks, userMessages } from '../helpers/sse-response';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Forces full GCs until `ref` is cleared, or gives up after a few rounds. */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let round = 0; round < 10 && ref.deref() !== undefined; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  return ref.deref() === undefined;
}

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;
const responsesBody = (): string => namedSse(eventsFor(responseObject([item.reasoning('Think.'), item.message('Hello there.')])));

test.each([
  ['the class stream, read to the end', async (fetch: (url: string) => Promise<Response>) => {
    const stream = await new DeepSeek({ apiKey: testApiKey, fetch, logLevel: 'off' }).chat.completions.create(params);
    for await (const _ of stream) void _;
    await stream.finalCompletion();
  }],
  ['the core stream, left after one chunk', async (fetch: (url: string) => Promise<Response>) => {
    const stream = await createChatCompletion(new DeepSeekCore({ apiKey: testApiKey, fetch, logLevel: 'off' }), params);
    for await (const _ of stream) break;
  }],
  ['a Responses stream, read to finalResponse()', async (fetch: (url: string) => Promise<Response>) => {
    const stream = await createResponse(new DeepSeekCore({ apiKey: testApiKey, fetch, logLevel: 'off' }), { model: 'deepseek-flash', input: 'hi', stream: true });
    await stream.finalResponse();
  }],
])('%s: once dropped, its response and body can be collected', async (_case, consume) => {
  let responseRef: WeakRef<Response> | undefined;
  let bodyRef: WeakRef<ReadableStream> | undefined;
  const fetch = async (url: string): Promise<Response> => {
    const response = sseResponse(new Response(url.endsWith('/responses') ? responsesBody() : sseText(thinkingChunks())).body);
    responseRef = new WeakRef(response);
    bodyRef = new WeakRef(response.body!);
    return response;
  };
  await consume(fetch);
  expect(await collected(responseRef!)).toBe(true);
  expect(await collected(bodyRef!)).toBe(true);
});
