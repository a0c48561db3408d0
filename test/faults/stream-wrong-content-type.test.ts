// Fault row 13: a streaming request answered with 200 but not `text/event-stream` (a JSON error,
// a JSON completion from a server that ignored `stream: true`, a captive-portal HTML page).
// The body is never fed to the SSE decoder: the call fails with `APIError` (status 200) naming
// what came back, and is not retried.
import { expect, test } from 'vitest';
import { APIError } from '../../src/index';
import {
  answerChunks,
  chatCompletionBody,
  chatRequest,
  clientFor,
  consume,
  DONE,
  sendJson,
  sseEvent,
  useFaultServers,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();

async function streamFailure(handler: Parameters<typeof serve>[0]) {
  const server = await serve(handler);
  const error = await clientFor(server, { maxRetries: 2 })
    .chat.completions.create({ ...chatRequest, stream: true })
    .catch((reason: unknown) => reason);
  expect(error).toBeInstanceOf(APIError);
  expect(server.requests).toHaveLength(1);
  return error as APIError;
}

test('200 application/json with an error object fails with APIError carrying the server message', async () => {
  const error = await streamFailure((_req, res) =>
    sendJson(res, 200, { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } }),
  );

  expect(error.status).toBe(200);
  expect(error.message).toBe('200 Model Not Exist');
  expect(error.type).toBe('invalid_request_error');
});

test('200 application/json with a whole completion (stream ignored) fails with APIError naming the content type', async () => {
  const error = await streamFailure((_req, res) => sendJson(res, 200, chatCompletionBody()));

  expect(error.status).toBe(200);
  expect(error.message).toBe('200 expected a text/event-stream response but got application/json');
  expect(error.body).toEqual(chatCompletionBody());
});

test('200 text/html from a captive portal fails with APIError naming the content type, the page kept as body', async () => {
  const page = '<html><body><h1>Welcome to Airport Wi-Fi</h1><a href="/login">Log in</a></body></html>';
  const error = await streamFailure((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });

  expect(error.status).toBe(200);
  expect(error.message).toBe('200 expected a text/event-stream response but got text/html; charset=utf-8');
  expect(error.body).toBe(page);
});

test('200 text/plain that happens to look like SSE is still refused', async () => {
  const chunks = answerChunks();
  const error = await streamFailure((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(chunks.map(sseEvent).join('') + DONE);
  });

  expect(error.message).toMatch(/got text\/plain/);
});

test('a stream with no Content-Type at all is read as SSE (nothing says it is something else)', async () => {
  const chunks = answerChunks();
  const server = await serve(async (_req, res) => {
    res.writeHead(200);
    await writePieces(res, [...chunks.map(sseEvent), DONE]);
    res.end();
  });

  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });
  const { chunks: received, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
});
