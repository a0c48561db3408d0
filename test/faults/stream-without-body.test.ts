// Fault row 21: a proxy or runtime that gives no streaming body (React Native's fetch, a 204
// from a proxy). The SDK detects the missing `response.body` and fails at once with
// `StreamError` kind 'incomplete' and a message that says why, instead of hanging.
import { expect, test } from 'vitest';
import { DeepSeek, StreamError, type FetchLike } from '../../src/index';
import { answerChunks, chatRequest, clientFor, DONE, sseEvent, startSse, testKey, useFaultServers, writePieces } from '../helpers/fault-server';

const serve = useFaultServers();

test('a 204 with an event-stream content type (no body at all) fails with StreamError incomplete, not retried', async () => {
  const server = await serve((_req, res) => {
    res.writeHead(204, { 'content-type': 'text/event-stream' });
    res.end();
  });

  const error = await clientFor(server, { maxRetries: 2 })
    .chat.completions.create({ ...chatRequest, stream: true })
    .catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('incomplete');
  expect((error as Error).message).toMatch(/no readable body/);
  expect(server.requests).toHaveLength(1);
});

test('a fetch that exposes no response body (like React Native) fails with StreamError incomplete explaining why', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...answerChunks().map(sseEvent), DONE]);
    res.end();
  });
  // The real server answers; this fetch hides the body, as a runtime without streaming does.
  const noStreamingFetch: FetchLike = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    await response.body?.cancel();
    return new Response(null, { status: response.status, headers: response.headers });
  };
  const client = new DeepSeek({ apiKey: testKey, baseURL: server.url, maxRetries: 2, fetch: noStreamingFetch, logLevel: 'off' });

  const error = await client.chat.completions.create({ ...chatRequest, stream: true }).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('incomplete');
  expect((error as Error).message).toMatch(/may not support streaming/);
  expect(server.requests).toHaveLength(1);
});
