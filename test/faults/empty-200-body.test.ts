// Fault row 14 (and DeepSeek's overload behaviour, api-facts §9): HTTP 200 with an empty or
// whitespace-only body. For a JSON call it is retried, and when retries run out it fails with an
// `APIError` saying the body was empty; a 200 event stream that is empty is `StreamError`
// kind 'incomplete' (nothing was delivered, but the stream had started: no retry).
import { expect, test } from 'vitest';
import { APIError, StreamError } from '../../src/index';
import {
  chatCompletionBody,
  chatRequest,
  clientFor,
  consume,
  sendJson,
  startSse,
  useFaultServers,
  type FaultHandler,
} from '../helpers/fault-server';

const serve = useFaultServers();

const empty: FaultHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0', 'retry-after-ms': '0' });
  res.end();
};
const whitespace: FaultHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'retry-after-ms': '0' });
  res.end('\n\n  \r\n\t\n');
};
const chunkedEmpty: FaultHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'retry-after-ms': '0' });
  res.end();
};

test.each([
  ['empty with Content-Length: 0', empty],
  ['whitespace only', whitespace],
  ['chunked with no bytes', chunkedEmpty],
])('a 200 JSON body that is %s is retried and finally fails with an APIError saying it was empty', async (_name, handler) => {
  const server = await serve(handler);
  const client = clientFor(server, { maxRetries: 2 });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(200);
  expect((error as Error).message).toMatch(/^200 the response body was empty/);
  expect(server.requests).toHaveLength(3);
  expect(new Set(server.requests.map((request) => request.body)).size).toBe(1);
});

test('an empty 200 then a real answer succeeds on the retry with the identical request', async () => {
  const server = await serve([empty, (_req, res) => sendJson(res, 200, chatCompletionBody('second time lucky'))]);

  const completion = await clientFor(server, { maxRetries: 2 }).chat.completions.create(chatRequest);

  expect(completion.choices[0]?.message.content).toBe('second time lucky');
  expect(server.requests).toHaveLength(2);
  expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
});

test('GET endpoints retry empty bodies too', async () => {
  const models = { object: 'list', data: [{ id: 'deepseek-flash', object: 'model', owned_by: 'deepseek' }] };
  const server = await serve([whitespace, (_req, res) => sendJson(res, 200, models)]);

  await expect(clientFor(server, { maxRetries: 1 }).models.list()).resolves.toEqual(models);
  expect(server.requests).toHaveLength(2);
});

test('a 200 event stream with an empty body is StreamError incomplete, with no chunks and no retry', async () => {
  const server = await serve((_req, res) => {
    startSse(res);
    res.end();
  });
  const stream = await clientFor(server, { maxRetries: 2 }).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks, error } = await consume(stream);

  expect(chunks).toEqual([]);
  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('incomplete');
  expect((error as Error).message).toMatch(/before any event/);
  expect(server.requests).toHaveLength(1);
});
