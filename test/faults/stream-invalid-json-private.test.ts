// Fault row 8: a `data:` line that is not valid JSON (or not a JSON object). The chunks before
// it are yielded, then `StreamError` kind 'malformed' with a fixed message; the request is
// cancelled; the payload appears nowhere: not in the message, stack or cause, nor in any log line.
import { describe, expect, test } from 'vitest';
import { StreamError } from '../../src/index';
import {
  answerChunks,
  chatRequest,
  clientFor,
  consume,
  errorText,
  recordingLogger,
  sseEvent,
  startSse,
  testKey,
  useFaultServers,
  writeForever,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const chunks = answerChunks();
const secret = 'PRIVATE-PAYLOAD-7f3a';

const malformed = [
  ['truncated JSON', `{"choices":[{"index":0,"delta":{"content":"${secret} ${testKey}"`],
  ['a JSON number', '42'],
  ['a JSON string', `"${secret}"`],
  ['a JSON array', `["${secret}"]`],
  ['JSON null', 'null'],
  ['text', `${secret} is not JSON`],
] as const;

describe.each(malformed)('a data event that is %s', (_name, data) => {
  test('yields the chunks before it, then throws StreamError malformed holding none of the payload', async () => {
    const logger = recordingLogger();
    const server = await serve(async (_req, res) => {
      startSse(res);
      await writePieces(res, [sseEvent(chunks[0]), sseEvent(chunks[1]), `data: ${data}\n\n`]);
      await writeForever(res, sseEvent(chunks[2]), { intervalMs: 10 });
    });
    const client = clientFor(server, { logger, logLevel: 'debug' });
    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });

    const { chunks: received, error } = await consume(stream);

    expect(received).toEqual([chunks[0], chunks[1]]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('malformed');
    expect((error as Error).cause).toBeUndefined();
    const text = errorText(error) + JSON.stringify(error) + logger.lines.join('\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(testKey);
    expect(await server.requests[0]!.closed).toEqual({ completed: false }); // reading stopped, request cancelled
  });
});

test('finalCompletion() rejects with StreamError malformed too', async () => {
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0]), `data: {"broken": ${secret}\n\n`]);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const error = await stream.finalCompletion().catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('malformed');
  expect(errorText(error)).not.toContain(secret);
});
