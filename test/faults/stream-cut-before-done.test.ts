// Fault row 2: the server closes the stream cleanly before `data: [DONE]`. What arrived is
// yielded, then `StreamError` kind 'incomplete': a truncated answer is never reported as a success.
import { expect, test } from 'vitest';
import { StreamError } from '../../src/index';
import {
  answerChunks,
  chatRequest,
  clientFor,
  consume,
  KEEP_ALIVE,
  sleep,
  sseEvent,
  startSse,
  useFaultServers,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();

function expectIncomplete(error: unknown): void {
  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('incomplete');
}

test('a stream that ends after two events without [DONE] yields both, then throws StreamError incomplete', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1])], { delayMs: 10 });
    res.end();
  });
  const stream = await clientFor(server, { maxRetries: 2 }).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(received).toEqual([chunks[0], chunks[1]]);
  expectIncomplete(error);
  expect((error as Error).message).toMatch(/after 2 events without data: \[DONE\]/);
  await sleep(50);
  expect(server.requests).toHaveLength(1); // the stream had started: never retried
});

test('a stream that ends even with the finish chunk but without [DONE] is still incomplete', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, chunks.map(sseEvent));
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(received).toEqual(chunks);
  expectIncomplete(error);
});

test('finalCompletion() rejects with StreamError incomplete instead of returning the partial answer', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1])]);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const error = await stream.finalCompletion().then(
    () => undefined,
    (reason: unknown) => reason,
  );

  expectIncomplete(error);
});

test('a stream of keep-alive comments only, then EOF, is incomplete with no chunks', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [KEEP_ALIVE, KEEP_ALIVE, KEEP_ALIVE], { delayMs: 10 });
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(received).toEqual([]);
  expectIncomplete(error);
  expect((error as Error).message).toMatch(/before any event/);
});

test('an event cut in half at EOF is dropped (not parsed as malformed JSON) and the stream is incomplete', async () => {
  const half = sseEvent(chunks[1]).slice(0, 40);
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0]), half]);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(received).toEqual([chunks[0]]);
  expectIncomplete(error);
});

test('a Content-Length delimited stream that ends without [DONE] is incomplete too', async () => {
  const body = chunks.map(sseEvent).join('');
  const server = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(received).toEqual(chunks);
  expectIncomplete(error);
});
