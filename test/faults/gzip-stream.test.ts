// Fault row 11: gzip. The server compresses the SSE with a sync flush per event; fetch
// decompresses and the SDK yields each event as it comes (proven in lockstep: the server sends
// the next event only after the client has yielded the previous one). A gzip stream that breaks
// mid-way is an `APIConnectionError` (with the zlib error as cause) after the chunks before it;
// a proxy that gzip-buffers the whole stream looks like silence, and `idleTimeout` catches it.
import { createGzip, constants as zlib } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError } from '../../src/index';
import {
  answerChunks,
  chatRequest,
  clientFor,
  consume,
  deferred,
  DONE,
  chatCompletionBody,
  sseEvent,
  useFaultServers,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();

/** Starts a gzip-encoded event stream; `send` writes one piece and flushes it through zlib. */
function gzipSse(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
  const gzip = createGzip();
  gzip.pipe(res);
  return {
    send: (piece: string) => new Promise<void>((resolve) => {
      gzip.write(piece);
      gzip.flush(zlib.Z_SYNC_FLUSH, () => resolve());
    }),
    end: () => gzip.end(),
  };
}

/** Rejects with `message` if `promise` has not settled after `ms`. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

test('the client asks for compression (fetch negotiates it) and gets a gzip JSON body decoded', async () => {
  const server = await serve((_req, res) => {
    const gzip = createGzip();
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    gzip.pipe(res);
    gzip.end(JSON.stringify(chatCompletionBody('compressed')));
  });

  const completion = await clientFor(server).chat.completions.create(chatRequest);

  expect(completion.choices[0]?.message.content).toBe('compressed');
  expect(server.requests[0]?.headers['accept-encoding']).toMatch(/gzip/);
});

test('a gzip stream flushed per event is yielded event by event, as the events come', async () => {
  const yielded = chunks.map(() => deferred());
  const server = await serve(async (_req, res) => {
    const sse = gzipSse(res);
    for (let i = 0; i < chunks.length; i++) {
      await sse.send(sseEvent(chunks[i]));
      await yielded[i]!.promise; // the next event only once the client has this one
    }
    await sse.send(DONE);
    sse.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const iterator = stream[Symbol.asyncIterator]();
  const received = [];
  for (let i = 0; i < chunks.length; i++) {
    const next = await within(iterator.next(), 2_000, `event ${i} was sent and flushed but not yielded: the gzip stream is being buffered`);
    received.push(next.value);
    yielded[i]!.resolve();
  }
  const end = await within(iterator.next(), 2_000, 'the stream did not end after [DONE]');

  expect(received).toEqual(chunks);
  expect(end.done).toBe(true);
  expect((await stream.finalCompletion()).choices[0]?.message.content).toBe('Hello, world');
});

test('a gzip stream that turns into garbage mid-way fails with APIConnectionError after the chunks before it', async () => {
  const bothYielded = deferred();
  const server = await serve(async (_req, res) => {
    const sse = gzipSse(res);
    await sse.send(sseEvent(chunks[0]));
    await sse.send(sseEvent(chunks[1]));
    await bothYielded.promise;
    res.write(Buffer.from('this is not a deflate block, this is garbage'));
    setTimeout(() => res.end(), 100);
  });
  const stream = await clientFor(server, { maxRetries: 2 }).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream, { onChunk: (_, count) => count === 2 && bothYielded.resolve() });

  expect(received).toEqual([chunks[0], chunks[1]]);
  expect(error).toBeInstanceOf(APIConnectionError);
  expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).cause).toBeDefined();
  expect(server.requests).toHaveLength(1);
});

test('a gzip stream that is never flushed (a buffering proxy) is caught by idleTimeout', async () => {
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
    res.flushHeaders();
    const gzip = createGzip();
    gzip.pipe(res);
    for (const chunk of chunks) gzip.write(sseEvent(chunk)); // no flush: zlib keeps it all
    await new Promise(() => {});
  });
  const stream = await clientFor(server, { idleTimeout: 250 }).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error, gaveUp } = await consume(stream, { giveUpAfterMs: 2_500 });

  expect(gaveUp).toBe(false);
  expect(received).toEqual([]);
  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});
