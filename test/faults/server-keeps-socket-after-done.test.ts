// Fault row 17: the server keeps the connection open (and even keeps writing) after
// `data: [DONE]`. The stream ends at [DONE] without waiting for EOF, nothing after it is parsed
// or yielded, and the body is cancelled so the server sees the client go.
import { expect, test } from 'vitest';
import {
  answerChunks,
  chatRequest,
  clientFor,
  consume,
  DONE,
  KEEP_ALIVE,
  sseEvent,
  startSse,
  useFaultServers,
  writeForever,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();

test('a server that holds the socket open after [DONE] does not hang the loop', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...chunks.map(sseEvent), DONE]);
    await new Promise(() => {}); // never ends the response
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error, gaveUp } = await consume(stream, { giveUpAfterMs: 2_000 });

  expect(gaveUp).toBe(false);
  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
  expect(await server.requests[0]!.closed).toEqual({ completed: false }); // the client let go
});

test('finalCompletion() without iterating resolves at [DONE] too', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...chunks.map(sseEvent), DONE]);
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const completion = await stream.finalCompletion();

  expect(completion.choices[0]?.message.content).toBe('Hello, world');
  expect(completion.usage).toEqual(chunks[3]!.usage);
});

test('events and garbage after [DONE], even in the same write, are neither yielded nor parsed', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    const after = sseEvent(chunks[1]) + 'data: {this is not json}\n\n' + 'event: error\ndata: {"error":{"message":"late"}}\n\n';
    await writePieces(res, [sseEvent(chunks[0]) + DONE + after]);
    await writeForever(res, after, { intervalMs: 10 });
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(received).toEqual([chunks[0]]);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});
