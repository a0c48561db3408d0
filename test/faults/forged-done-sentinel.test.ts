// Fault row 18: forged or malformed sentinels. Only a `message` event whose data is exactly
// `[DONE]` ends the stream. `[DONE]x`, `[DONE] `, `[DONE]` plus another data line, a quoted
// "[DONE]" go through JSON parsing and fail as `StreamError` kind 'malformed'; a named event
// carrying [DONE] is not the sentinel.
import { describe, expect, test } from 'vitest';
import { StreamError } from '../../src/index';
import {
  answerChunks,
  chatRequest,
  clientFor,
  consume,
  DONE,
  sseEvent,
  startSse,
  useFaultServers,
  writeForever,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();

describe.each([
  ['[DONE]x', 'data: [DONE]x\n\n'],
  ['[DONE] with a trailing space', 'data: [DONE] \n\n'],
  ['[DONE] followed by a second data line', `data: [DONE]\ndata: ${JSON.stringify(chunks[2])}\n\n`],
  ['lower-case [done]', 'data: [done]\n\n'],
  ['a JSON string "[DONE]"', 'data: "[DONE]"\n\n'],
  ['DONE without brackets', 'data: DONE\n\n'],
])('a forged sentinel (%s)', (_name, wire) => {
  test('does not end the stream: it fails as StreamError malformed after the chunks before it', async () => {
    const server = await serve(async (_req, res) => {
      startSse(res);
      await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1]), wire, sseEvent(chunks[2]), DONE]);
      await writeForever(res, ': keep-alive\n\n', { intervalMs: 20 });
    });
    const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

    const { chunks: received, error } = await consume(stream);

    expect(received).toEqual([chunks[0], chunks[1]]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('malformed');
  });
});

test.each([
  ['data:[DONE] (no space: the same data by the SSE rules)', 'data:[DONE]\n\n'],
  ['data: [DONE] with CRLF line ends', 'data: [DONE]\r\n\r\n'],
])('the exact sentinel %s ends the stream', async (_name, wire) => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [...chunks.map(sseEvent), wire]);
    await new Promise(() => {});
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error, gaveUp } = await consume(stream, { giveUpAfterMs: 2_000 });

  expect(gaveUp).toBe(false);
  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
});

test('a named event carrying [DONE] is not the sentinel: the stream goes on to the real one', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0]), 'event: done\ndata: [DONE]\n\n', ...chunks.slice(1).map(sseEvent), DONE]);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks: received, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
});

test('a named event carrying [DONE] followed by EOF is incomplete, not a success', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0]), 'event: done\ndata: [DONE]\n\n']);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { error } = await consume(stream);

  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('incomplete');
});
