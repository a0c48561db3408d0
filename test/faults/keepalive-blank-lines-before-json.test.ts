// Fault row 15: while a non-streaming request is queued, DeepSeek sends blank lines before the
// JSON body. They are skipped (JSON allows leading whitespace); the attempt's `timeout` covers
// the whole wait, so blank lines forever end in `APIConnectionTimeoutError`, not a hang.
import { expect, test } from 'vitest';
import { APIConnectionTimeoutError } from '../../src/index';
import { chatCompletionBody, chatRequest, clientFor, useFaultServers, writeForever, writePieces } from '../helpers/fault-server';

const serve = useFaultServers();

test('blank lines trickled before the JSON body are skipped and the completion parses', async () => {
  const body = chatCompletionBody('after the queue');
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    await writePieces(res, ['\n', '\n', '\n', '\n', '\n', JSON.stringify(body)], { delayMs: 30 });
    res.end();
  });

  const completion = await clientFor(server).chat.completions.create(chatRequest);

  expect(completion).toEqual(body);
});

test('CRLF and mixed blank lines before the body are fine too', async () => {
  const body = chatCompletionBody('mixed');
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    await writePieces(res, ['\r\n', '\n\r\n', ' \n', JSON.stringify(body), '\n']);
    res.end();
  });

  await expect(clientFor(server).chat.completions.create(chatRequest)).resolves.toEqual(body);
});

test('blank lines that never stop end in APIConnectionTimeoutError when timeout passes, not retried', async () => {
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    await writeForever(res, '\n', { intervalMs: 20 });
  });
  const client = clientFor(server, { timeout: 300, maxRetries: 2 });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
  expect(server.requests).toHaveLength(1);
});
