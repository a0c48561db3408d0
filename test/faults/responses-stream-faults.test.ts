// Responses streams against a real node:http server that misbehaves: a body cut before the
// terminal event, a reset connection, bad JSON, an unknown event, response.failed, an error
// event, keep-alive comments without data, a caller's abort, break, and a server that keeps the
// socket open after the terminal event. In every case each event that arrived is delivered, the
// failure comes after them as the right error, a started stream is never retried, and the
// connection is let go.
import { expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, Responses, StreamError, type ResponseStreamEvent } from '../../src/index';
import { breakSocket, clientFor, consume, deferred, KEEP_ALIVE, sleep, startSse, useFaultServers, writeForever, writePieces } from '../helpers/fault-server';
import { eventsFor, item, namedEvent, responseObject } from '../helpers/response-streams';

const serve = useFaultServers();
const final = responseObject([item.reasoning('Say hello in two languages.'), item.message('Hello, 你好 👋')]);
const events = eventsFor(final);
const request = { model: 'deepseek-flash', input: 'Hi', stream: true } as const;
const giveUpAfterMs = 2_500;

const responsesFor = (server: { url: string }, options: Parameters<typeof clientFor>[1] = {}) => clientFor(server, options).with({ responses: Responses });

test('a body cut before the terminal event: the events that came, then StreamError incomplete, and no retry', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, events.slice(0, 7).map(namedEvent), { delayMs: 5 });
    res.end();
  });
  const stream = await responsesFor(server, { maxRetries: 2 }).responses.create(request);
  const { chunks, error } = await consume(stream);
  expect(chunks).toEqual(events.slice(0, 7));
  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('incomplete');
  expect((error as Error).message).toMatch(/after 7 events without a terminal event/);
  await sleep(50);
  expect(server.requests).toHaveLength(1);
});

test('finalResponse() of a cut stream rejects with StreamError incomplete instead of a partial response', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, events.slice(0, -1).map(namedEvent));
    res.end();
  });
  const stream = await responsesFor(server).responses.create(request);
  await expect(stream.finalResponse()).rejects.toMatchObject({ name: 'StreamError', kind: 'incomplete' });
});

test('a connection reset mid-stream: the events that came, then APIConnectionError', async () => {
  const server = await serve(async (req, res) => {
    startSse(res);
    await writePieces(res, events.slice(0, 5).map(namedEvent));
    await sleep(30);
    breakSocket(req);
  });
  const stream = await responsesFor(server, { maxRetries: 2 }).responses.create(request);
  const { chunks, error } = await consume(stream);
  expect(chunks).toEqual(events.slice(0, 5));
  expect(error).toBeInstanceOf(APIConnectionError);
  expect((error as Error).message).toMatch(/mid-stream after 5 events/);
  expect(server.requests).toHaveLength(1);
});

test('an event cut across writes inside a multi-byte character arrives whole', async () => {
  const text = events.map(namedEvent).join('');
  const bytes = Buffer.from(text);
  const at = bytes.indexOf(Buffer.from('你')) + 1;
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [bytes.subarray(0, at), bytes.subarray(at)], { delayMs: 20 });
    res.end();
  });
  const stream = await responsesFor(server).responses.create(request);
  expect((await consume(stream)).chunks).toEqual(events);
  expect(await (await responsesFor(server).responses.create(request)).finalResponse()).toEqual(final);
});

test('bad JSON mid-stream: the events before it, then StreamError malformed, and the connection is closed', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...events.slice(0, 4).map(namedEvent), 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hel\n\n']);
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const stream = await responsesFor(server).responses.create(request);
  const { chunks, error, gaveUp } = await consume(stream, { giveUpAfterMs });
  expect(gaveUp).toBe(false);
  expect(chunks).toEqual(events.slice(0, 4));
  expect((error as StreamError).kind).toBe('malformed');
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('an unknown event is delivered in order and the stream still ends at response.completed', async () => {
  const unknown = { type: 'response.queued', sequence_number: 2, position: 3 };
  const shifted = [events[0]!, events[1]!, unknown, ...events.slice(2).map((e) => ({ ...e, sequence_number: (e.sequence_number as number) + 1 }))];
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, shifted.map(namedEvent), { delayMs: 2 });
    res.end();
  });
  const stream = await responsesFor(server).responses.create(request);
  const { chunks, error } = await consume(stream);
  expect(error).toBeUndefined();
  expect(chunks[2]).toEqual({ type: 'unknown', eventType: 'response.queued', sequence_number: 2, data: unknown });
  expect(chunks.at(-1)!.type).toBe('response.completed');
});

test('response.failed: the events before it, then an APIError with the server\'s message, and no retry', async () => {
  const failed = { type: 'response.failed', sequence_number: 5, response: { ...final, status: 'failed', output: [], usage: null, error: { code: 'server_error', message: 'The model failed to generate a response.' } } };
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...events.slice(0, 5), failed].map(namedEvent));
    res.end();
  });
  const stream = await responsesFor(server, { maxRetries: 2 }).responses.create(request);
  const { chunks, error } = await consume(stream);
  expect(chunks).toEqual(events.slice(0, 5));
  expect(error).toBeInstanceOf(APIError);
  expect(error).toMatchObject({ status: undefined, code: 'server_error', message: 'The model failed to generate a response.' });
  await sleep(50);
  expect(server.requests).toHaveLength(1);
});

test('an error event: the events before it, then an APIError with its message', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...events.slice(0, 3), { type: 'error', sequence_number: 3, message: 'Server overloaded, try again', code: 'server_overloaded', param: null }].map(namedEvent));
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 }); // nothing meaningful follows: the client must not wait
  });
  const stream = await responsesFor(server).responses.create(request);
  const { chunks, error, gaveUp } = await consume(stream, { giveUpAfterMs });
  expect(gaveUp).toBe(false);
  expect(chunks).toEqual(events.slice(0, 3));
  expect(error).toMatchObject({ name: 'APIError', message: 'Server overloaded, try again', code: 'server_overloaded' });
});

test('keep-alive comments and no data: idleTimeout fires after the events that came, saying the stream stalled', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, events.slice(0, 6).map(namedEvent));
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const stream = await responsesFor(server, { idleTimeout: 250 }).responses.create(request);
  const { chunks, error, gaveUp } = await consume(stream, { giveUpAfterMs });
  expect(gaveUp, 'keep-alive comments kept resetting idleTimeout').toBe(false);
  expect(chunks).toEqual(events.slice(0, 6));
  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toMatch(/No data for 250 ms after 6 events: the stream stalled mid-answer/);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('the caller\'s signal aborts mid-stream: the events before, then APIUserAbortError, and the connection closes', async () => {
  const controller = new AbortController();
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, events.slice(0, 4).map(namedEvent));
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const stream = await responsesFor(server).responses.create(request, { signal: controller.signal });
  const { chunks, error } = await consume(stream, {
    onChunk: (_event, count) => {
      if (count === 4) controller.abort(new Error('user navigated away'));
    },
  });
  expect(chunks).toEqual(events.slice(0, 4));
  expect(error).toBeInstanceOf(APIUserAbortError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('abort() mid-stream ends the iteration quietly, and finalResponse() rejects with APIUserAbortError', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, events.slice(0, 4).map(namedEvent));
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const stream = await responsesFor(server).responses.create(request);
  const { chunks, error } = await consume(stream, { onChunk: (_event, count) => void (count === 2 && stream.abort()) });
  expect(chunks).toEqual(events.slice(0, 2));
  expect(error).toBeUndefined();
  await expect(stream.finalResponse()).rejects.toBeInstanceOf(APIUserAbortError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});

test('break ends the loop and closes the connection while the server is still writing', async () => {
  const stop = deferred();
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, events.slice(0, 5).map(namedEvent));
    await Promise.race([writeForever(res, KEEP_ALIVE, { intervalMs: 10 }), stop.promise]);
  });
  const stream = await responsesFor(server).responses.create(request);
  const seen: ResponseStreamEvent[] = [];
  for await (const event of stream) {
    seen.push(event);
    if (event.type === 'response.content_part.added') break;
  }
  expect(seen).toEqual(events.slice(0, 4));
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
  stop.resolve();
});

test('a server that keeps the socket open after response.completed: the stream ends at the terminal event', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, events.map(namedEvent));
    await writeForever(res, KEEP_ALIVE, { intervalMs: 20 });
  });
  const stream = await responsesFor(server).responses.create(request);
  const started = Date.now();
  const { chunks, error, gaveUp } = await consume(stream, { giveUpAfterMs });
  expect(gaveUp).toBe(false);
  expect(error).toBeUndefined();
  expect(chunks).toEqual(events);
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(await stream.finalResponse()).toEqual(final);
});
