// Fault row 6: 400, 401, 402 and 422 fail at once with their own class: one attempt, no
// backoff sleep, even when the server sends a Retry-After and retries are allowed.
// Bodies are the ones DeepSeek really sent (../shared/deepseek-real/error-*), inlined.
import { expect, test } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  InsufficientBalanceError,
  UnprocessableEntityError,
  type APIError,
} from '../../src/index';
import { chatRequest, clientFor, recordingLogger, sendJson, useFaultServers, type FaultHandler } from '../helpers/fault-server';

const serve = useFaultServers();

const plainText422 = 'Failed to deserialize the JSON body into the target type: messages[0].role: unknown variant `users`';

const cases: { status: number; Class: typeof APIError; handler: FaultHandler; message: string }[] = [
  {
    status: 400,
    Class: BadRequestError,
    handler: (_req, res) =>
      sendJson(res, 400, { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } }, { 'retry-after': '0' }),
    message: '400 Model Not Exist',
  },
  {
    status: 401,
    Class: AuthenticationError,
    handler: (_req, res) =>
      sendJson(res, 401, { error: { message: 'Authentication Fails (no such user)', type: 'authentication_error', param: null, code: 'invalid_request_error' } }, { 'retry-after': '0' }),
    message: '401 Authentication Fails (no such user)',
  },
  {
    status: 402,
    Class: InsufficientBalanceError,
    handler: (_req, res) =>
      sendJson(res, 402, { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } }, { 'retry-after-ms': '0' }),
    message: '402 Insufficient Balance',
  },
  {
    status: 422,
    Class: UnprocessableEntityError,
    handler: (_req, res) => {
      res.writeHead(422, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '0' });
      res.end(plainText422);
    },
    message: `422 ${plainText422}`,
  },
];

test.each(cases)('$status fails at once with $Class.name after a single attempt', async ({ status, Class, handler, message }) => {
  const logger = recordingLogger();
  const server = await serve(handler);
  const client = clientFor(server, { maxRetries: 5, logger, logLevel: 'info' });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(Class);
  expect((error as APIError).status).toBe(status);
  expect((error as Error).message).toBe(message);
  expect(server.requests).toHaveLength(1);
  expect(logger.lines.filter((line) => line.includes('retrying'))).toEqual([]);
});

test.each(cases)('$status on a streaming request fails before any stream with $Class.name, unretried', async ({ Class, handler }) => {
  const server = await serve(handler);
  const client = clientFor(server, { maxRetries: 5 });

  await expect(client.chat.completions.create({ ...chatRequest, stream: true })).rejects.toBeInstanceOf(Class);
  expect(server.requests).toHaveLength(1);
});

test('GET endpoints follow the same rule: 401 on models.list() is not retried', async () => {
  const server = await serve(cases[1]!.handler);
  const client = clientFor(server, { maxRetries: 3 });

  await expect(client.models.list()).rejects.toBeInstanceOf(AuthenticationError);
  expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /models']);
});
