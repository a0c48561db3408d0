// Fault row 9: keep-alive comment floods. Comments are skipped (a flood before the answer is
// harmless), but they do not reset `idleTimeout`: a stream that sends only keep-alives, or stalls
// mid-answer while sending them, fails with `APIConnectionTimeoutError` whose message says which
// ("still queued" / "stalled mid-answer"), after every chunk that arrived.
import { expect, test } from 'vitest';
import { APIConnectionTimeoutError } from '../../src/index';
import {
  answerChunks,
  chatRequest,
  clientFor,
  consume,
  DONE,
  KEEP_ALIVE,
  sleep,
  sseEvent,
  startSse,
  useFaultServers,
  writeForever,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();
/** Far beyond every idleTimeout below: a stream still open by then was never timed out. */
const giveUpAfterMs = 2_500;

test('keep-alives every 20 ms and no data: idleTimeout still fires, saying the request is still queued', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const client = clientFor(server, { idleTimeout: 250, maxRetries: 2 });
  const stream = await client.chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error, gaveUp } = await consume(stream, { giveUpAfterMs });

  expect(gaveUp, 'keep-alive comments kept resetting idleTimeout').toBe(false);
  expect(received).toEqual([]);
  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toMatch(/No data for 250 ms: the request was still queued \(only \d+ keep-alive comments so far\)/);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
  expect(server.requests).toHaveLength(1);
});

test('one chunk, then only keep-alives: the chunk is yielded, then the stream is reported stalled mid-answer', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0])]);
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const client = clientFor(server, { idleTimeout: 250 });
  const stream = await client.chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error, gaveUp } = await consume(stream, { giveUpAfterMs });

  expect(gaveUp, 'keep-alive comments kept resetting idleTimeout').toBe(false);
  expect(received).toEqual([chunks[0]]);
  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toMatch(/stalled mid-answer/);
});

test('headers and then silence: idleTimeout fires with a message that says nothing came after the headers', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await new Promise(() => {}); // never writes
  });
  const stream = await clientFor(server, { idleTimeout: 200 }).chat.completions.create({ ...chatRequest, stream: true });

  const error = await stream.finalCompletion().catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toBe('No data for 200 ms after the response headers.');
});

test('a per-request idleTimeout overrides the client default', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await new Promise(() => {}); // never writes
  });
  const client = clientFor(server, { idleTimeout: 60_000 });
  const stream = await client.chat.completions.create({ ...chatRequest, stream: true }, { idleTimeout: 150 });

  const { error, gaveUp } = await consume(stream, { giveUpAfterMs });

  expect(gaveUp).toBe(false);
  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toBe('No data for 150 ms after the response headers.');
});

test('a flood of 20,000 keep-alive comments before the answer is skipped and the answer arrives intact', async () => {
  const block = KEEP_ALIVE.repeat(1_000);
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, Array.from({ length: 20 }, () => block));
    await writePieces(res, [...chunks.map(sseEvent), DONE]);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
});

test('keep-alives between data events within idleTimeout do not disturb a healthy stream', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, chunks.flatMap((chunk) => [KEEP_ALIVE, sseEvent(chunk)]).concat(DONE), { delayMs: 20 });
    res.end();
  });
  const stream = await clientFor(server, { idleTimeout: 1_000 }).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
});

test('time the consumer spends holding a chunk does not count towards idleTimeout', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...chunks.map(sseEvent), DONE]);
    await new Promise(() => {}); // everything is already sent; the socket stays open
  });
  const stream = await clientFor(server, { idleTimeout: 200 }).chat.completions.create({ ...chatRequest, stream: true });

  const received: unknown[] = [];
  for await (const chunk of stream) {
    received.push(chunk);
    await sleep(400); // a slow consumer, twice the idle timeout per chunk
  }

  expect(received).toEqual(chunks);
});
