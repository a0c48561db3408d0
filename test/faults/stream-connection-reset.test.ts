// Fault row 1: the connection is reset (RST) or dropped (FIN inside a chunked body) in the
// middle of a stream. Every chunk that arrived is yielded, then `APIConnectionError` with the
// transport error as `cause`; the chat completion is never re-POSTed after bytes arrived.
import { describe, expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError } from '../../src/index';
import {
  answerChunks,
  breakSocket,
  chatCompletionBody,
  chatRequest,
  clientFor,
  consume,
  deferred,
  sendJson,
  sleep,
  sseEvent,
  startSse,
  useFaultServers,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();

describe.each(['reset', 'destroy'] as const)('a connection broken mid-stream (%s)', (how) => {
  test('yields every chunk that arrived, then throws APIConnectionError with the socket error as cause', async () => {
    const clientHasTwo = deferred();
    const server = await serve(async (req, res) => {
      startSse(res);
      await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1])]);
      await clientHasTwo.promise; // break only once both events were read, so none is lost in a kernel buffer
      breakSocket(req, how);
    });
    const client = clientFor(server, { maxRetries: 2 });
    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });

    const { chunks: received, error } = await consume(stream, { onChunk: (_, count) => count === 2 && clientHasTwo.resolve() });

    expect(received).toEqual([chunks[0], chunks[1]]);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/mid-stream after 2 events/);
    expect((error as Error).cause).toBeDefined();
    await expect(stream.finalCompletion()).rejects.toBe(error);
    // No transparent re-POST: the first answer was already (partly) delivered and billed.
    await sleep(100);
    expect(server.requests).toHaveLength(1);
  });

  test('a break right after the headers, before any event, fails the same way without a retry', async () => {
    const server = await serve(async (req, res) => {
      startSse(res);
      await sleep(30);
      breakSocket(req, how);
    });
    const client = clientFor(server, { maxRetries: 2 });
    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });

    const { chunks: received, error } = await consume(stream);

    expect(received).toEqual([]);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).cause).toBeDefined();
    await sleep(100);
    expect(server.requests).toHaveLength(1);
  });
});

test('finalCompletion() on a stream reset mid-way rejects with APIConnectionError instead of a partial answer', async () => {
  const server = await serve(async (req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1])]);
    await sleep(50);
    breakSocket(req);
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIConnectionError);
});

test('a reset before the response headers is retried (nothing was delivered) and the retry succeeds', async () => {
  const server = await serve([(req) => breakSocket(req), (_req, res) => sendJson(res, 200, chatCompletionBody('after reset'))]);
  const client = clientFor(server, { maxRetries: 1 });

  const completion = await client.chat.completions.create(chatRequest);

  expect(completion.choices[0]?.message.content).toBe('after reset');
  expect(server.requests).toHaveLength(2);
  expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
});
