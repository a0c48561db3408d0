// Fault row 7 (slow-loris): headers or body bytes trickle. `timeout` bounds one attempt end to
// end (connect, headers and, for JSON, the whole body); when it fires the call fails with
// `APIConnectionTimeoutError`, the request is cancelled, and it is not retried (the server may
// still be generating, and billing, the first answer). For streams, `timeout` covers the wait for
// headers; the body is watched by `idleTimeout` (see keepalive-flood-idle-timeout.test.ts).
import { expect, test } from 'vitest';
import { APIConnectionTimeoutError } from '../../src/index';
import {
  answerChunks,
  chatCompletionBody,
  chatRequest,
  clientFor,
  consume,
  DONE,
  sendJson,
  sleep,
  sseEvent,
  startSse,
  useFaultServers,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();

const neverAnswers = (): void => {};

test('headers slower than timeout fail with APIConnectionTimeoutError after one attempt, not retried', async () => {
  const server = await serve(neverAnswers);
  const client = clientFor(server, { timeout: 200, maxRetries: 2 });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toBe('Request timed out after 200 ms.');
  expect(server.requests).toHaveLength(1);
  expect(await server.requests[0]!.closed).toEqual({ completed: false }); // the request was cancelled
  await sleep(100);
  expect(server.requests).toHaveLength(1);
});

test('headers that come late but within timeout are fine', async () => {
  const server = await serve(async (_req, res) => {
    await sleep(150);
    sendJson(res, 200, chatCompletionBody('late but fine'));
  });
  const client = clientFor(server, { timeout: 2_000 });

  const completion = await client.chat.completions.create(chatRequest);

  expect(completion.choices[0]?.message.content).toBe('late but fine');
});

test('a JSON body trickling slower than timeout fails with APIConnectionTimeoutError, not retried', async () => {
  const body = JSON.stringify(chatCompletionBody('never complete'));
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.flushHeaders();
    // One byte every 40 ms: the headers are quick, the body would take seconds.
    await writePieces(res, [...body], { delayMs: 40 });
    res.end();
  });
  const client = clientFor(server, { timeout: 300, maxRetries: 2 });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toBe('Request timed out after 300 ms.');
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
  expect(server.requests).toHaveLength(1);
});

test('a streaming request whose headers never come times out the same way, not retried', async () => {
  const server = await serve(neverAnswers);
  const client = clientFor(server, { timeout: 200, maxRetries: 2 });

  await expect(client.chat.completions.create({ ...chatRequest, stream: true })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  expect(server.requests).toHaveLength(1);
});

test('a per-request timeout overrides the client default', async () => {
  const server = await serve(neverAnswers);
  const client = clientFor(server, { timeout: 60_000 });

  const error = await client.models.list({ timeout: 150 }).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toBe('Request timed out after 150 ms.');
});

test('a stream that runs longer than timeout but keeps sending data is not cut by timeout', async () => {
  const chunks = answerChunks();
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...chunks.map(sseEvent), DONE], { delayMs: 120 }); // ~600 ms in all
    res.end();
  });
  const client = clientFor(server, { timeout: 200, idleTimeout: 2_000 });

  const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
  const { chunks: received, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
});
