// Fault row 16: the caller aborts (signal) or `break`s out of the loop. An already-aborted
// signal sends nothing; aborting before headers, during a JSON body or mid-stream rejects with
// `APIUserAbortError` (after the chunks already yielded) and cancels the request; `break` and
// `stream.abort()` end quietly and close the connection. (Aborting the retry wait: see
// retry-after-429-503.test.ts.)
import { describe, expect, test } from 'vitest';
import { APIUserAbortError } from '../../src/index';
import {
  answerChunks,
  chatCompletionBody,
  chatRequest,
  clientFor,
  consume,
  DONE,
  KEEP_ALIVE,
  sendJson,
  sleep,
  sseEvent,
  startSse,
  useFaultServers,
  writeForever,
  writePieces,
  type FaultHandler,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();

/** Two chunks, then keep-alives until the client hangs up. */
const openEndedStream: FaultHandler = async (_req, res) => {
  startSse(res);
  await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1])]);
  await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
};

describe('an already-aborted signal', () => {
  test('rejects a JSON call with APIUserAbortError and sends no request', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, chatCompletionBody()));
    const reason = new Error('user navigated away');

    const error = await clientFor(server)
      .chat.completions.create(chatRequest, { signal: AbortSignal.abort(reason) })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    await sleep(50);
    expect(server.requests).toHaveLength(0);
  });

  test('rejects a streaming call with APIUserAbortError and sends no request', async () => {
    const server = await serve(openEndedStream);

    await expect(
      clientFor(server).chat.completions.create({ ...chatRequest, stream: true }, { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    await sleep(50);
    expect(server.requests).toHaveLength(0);
  });
});

test('aborting while waiting for headers rejects with APIUserAbortError, cancels the request and does not retry', async () => {
  const server = await serve(() => {}); // never answers
  const controller = new AbortController();
  const call = clientFor(server, { maxRetries: 2 }).chat.completions.create(chatRequest, { signal: controller.signal });

  await server.waitForRequests(1);
  controller.abort();

  await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
  await sleep(50);
  expect(server.requests).toHaveLength(1);
});

test('aborting while a JSON body is still arriving rejects with APIUserAbortError', async () => {
  const body = JSON.stringify(chatCompletionBody());
  const controller = new AbortController();
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    await writePieces(res, [body.slice(0, 10)]);
    setTimeout(() => controller.abort(), 50);
    await writePieces(res, [body.slice(10)], { delayMs: 2_000, delayFirst: true });
    res.end();
  });

  const error = await clientFor(server).chat.completions.create(chatRequest, { signal: controller.signal }).catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(APIUserAbortError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('aborting mid-stream throws APIUserAbortError after the chunks already yielded, and cancels the request', async () => {
  const server = await serve(openEndedStream);
  const controller = new AbortController();
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true }, { signal: controller.signal });

  const { chunks: received, error } = await consume(stream, { onChunk: (_, count) => count === 2 && controller.abort() });

  expect(received).toEqual([chunks[0], chunks[1]]);
  expect(error).toBeInstanceOf(APIUserAbortError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('aborting while finalCompletion() waits rejects it with APIUserAbortError', async () => {
  const server = await serve(openEndedStream);
  const controller = new AbortController();
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true }, { signal: controller.signal });

  const final = stream.finalCompletion();
  setTimeout(() => controller.abort(), 50);

  await expect(final).rejects.toBeInstanceOf(APIUserAbortError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('break ends the loop quietly and closes the connection; finalCompletion() then reports the cancellation', async () => {
  const server = await serve(openEndedStream);
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const received = [];
  for await (const chunk of stream) {
    received.push(chunk);
    break;
  }

  expect(received).toEqual([chunks[0]]);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
  await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
});

test('stream.abort() from outside ends a waiting loop quietly and closes the connection', async () => {
  const server = await serve(openEndedStream);
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream, { onChunk: (_, count) => count === 2 && setTimeout(() => stream.abort(), 50) });

  expect(error).toBeUndefined();
  expect(received).toEqual([chunks[0], chunks[1]]);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('a signal that is never aborted changes nothing: the stream completes', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...chunks.map(sseEvent), DONE]);
    res.end();
  });
  const controller = new AbortController();
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true }, { signal: controller.signal });

  const { chunks: received, error } = await consume(stream);
  controller.abort(); // after the end: must not turn a finished stream into a failure

  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
  await expect(stream.finalCompletion()).resolves.toMatchObject({ choices: [{ message: { content: 'Hello, world' } }] });
});

