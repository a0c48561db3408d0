// Fault row 3: HTTP 200, then an error inside the stream (`data: {"error":…}`,
// `data: {"error":"text"}`, or `event: error`). The chunks before it are yielded, then an
// `APIError` with `status` undefined and the server's message; the error is never yielded as a
// chunk, and reading stops (the request is cancelled even though the server keeps writing).
import { describe, expect, test } from 'vitest';
import { APIError } from '../../src/index';
import {
  answerChunks,
  chatRequest,
  clientFor,
  consume,
  sseEvent,
  startSse,
  useFaultServers,
  writeForever,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();

const cases = [
  {
    name: 'data: {"error": {message, type, code}}',
    wire: sseEvent({ error: { message: 'Server overloaded, please retry later', type: 'server_error', param: null, code: 'overloaded' } }),
    message: 'Server overloaded, please retry later',
    type: 'server_error',
    code: 'overloaded',
  },
  { name: 'data: {"error": "text"}', wire: sseEvent({ error: 'upstream model crashed' }), message: 'upstream model crashed' },
  {
    name: 'event: error with a JSON payload',
    wire: `event: error\ndata: ${JSON.stringify({ error: { message: 'inference failed', type: 'api_error' } })}\n\n`,
    message: 'inference failed',
    type: 'api_error',
  },
  { name: 'event: error with a text payload', wire: 'event: error\ndata: the backend went away\n\n', message: 'the backend went away' },
];

describe.each(cases)('an in-band error ($name)', ({ wire, message, type, code }) => {
  test('yields the chunk before it, then throws APIError with status undefined and the server message', async () => {
    const server = await serve(async (_req, res) => {
      startSse(res);
      await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1]), wire]);
      // A server that keeps talking after its error: the client must stop reading anyway.
      await writeForever(res, sseEvent(chunks[2]), { intervalMs: 10 });
    });
    const stream = await clientFor(server, { maxRetries: 2 }).chat.completions.create({ ...chatRequest, stream: true });

    const { chunks: received, error } = await consume(stream);

    expect(received).toEqual([chunks[0], chunks[1]]);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).constructor).toBe(APIError); // not a status subclass: there is no status
    expect((error as APIError).status).toBeUndefined();
    expect((error as Error).message).toBe(message);
    if (type) expect((error as APIError).type).toBe(type);
    if (code) expect((error as APIError).code).toBe(code);
    expect(await server.requests[0]!.closed).toEqual({ completed: false }); // the client hung up
    expect(server.requests).toHaveLength(1);
  });
});

test('an error as the very first event yields nothing and finalCompletion() rejects with it', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent({ error: { message: 'Content Exists Risk', type: 'invalid_request_error' } })]);
    await writeForever(res, sseEvent(chunks[1]), { intervalMs: 10 });
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const error = await stream.finalCompletion().catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBeUndefined();
  expect((error as Error).message).toBe('Content Exists Risk');
});

test('an in-band error that echoes the API key has it masked in the message and body', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent({ error: { message: 'bad key sk-test-fault-0000 for this model' } })]);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { error } = await consume(stream);

  expect(error).toBeInstanceOf(APIError);
  expect((error as Error).message).not.toContain('sk-test-fault-0000');
  expect(JSON.stringify((error as APIError).body)).not.toContain('sk-test-fault-0000');
});
