// Fault rows 4 and 5: 429 with Retry-After / retry-after-ms, and 5xx (plus 408/409) followed by
// success. The SDK waits what the server asks (seconds, milliseconds or an HTTP date, up to 60 s),
// else backs off 0.5 s·2ⁿ with jitter; it re-sends the identical request; the wait is cut short
// by the caller's signal; when retries run out the last error is thrown.
// The waits are read from the SDK's own `retrying … in N ms` info log, not measured.
import { describe, expect, test } from 'vitest';
import { APIUserAbortError, InternalServerError, RateLimitError } from '../../src/index';
import {
  answerChunks,
  chatCompletionBody,
  chatRequest,
  clientFor,
  consume,
  DONE,
  loggedRetryDelays,
  recordingLogger,
  sendJson,
  sleep,
  sseEvent,
  startSse,
  testKey,
  useFaultServers,
  writePieces,
  type FaultHandler,
  type FaultServer,
} from '../helpers/fault-server';

const serve = useFaultServers();

const rateLimited =
  (headers: Record<string, string>, message = 'Rate Limit Reached'): FaultHandler =>
  (_req, res) =>
    sendJson(res, 429, { error: { message, type: 'rate_limit_error', param: null, code: 'rate_limit' } }, headers);

const failing =
  (status: number, headers: Record<string, string> = { 'retry-after-ms': '0' }, message = `status ${status}`): FaultHandler =>
  (_req, res) =>
    sendJson(res, status, { error: { message, type: 'server_error', param: null, code: 'server_error' } }, headers);

const succeeding: FaultHandler = (_req, res) => sendJson(res, 200, chatCompletionBody('retried OK'));

function expectIdenticalAttempts(server: FaultServer, count: number): void {
  expect(server.requests).toHaveLength(count);
  const [first] = server.requests;
  for (const request of server.requests) {
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/chat/completions');
    expect(request.body).toBe(first!.body);
    expect(request.headers.authorization).toBe(`Bearer ${testKey}`);
  }
  expect(JSON.parse(first!.body)).toMatchObject(chatRequest);
}

describe('429 with a server-requested wait', () => {
  test('429 with retry-after-ms: 10 is retried and the identical body is re-sent', async () => {
    const logger = recordingLogger();
    const server = await serve([rateLimited({ 'retry-after-ms': '10' }), succeeding]);
    const client = clientFor(server, { maxRetries: 2, logger, logLevel: 'info' });

    const completion = await client.chat.completions.create(chatRequest);

    expect(completion.choices[0]?.message.content).toBe('retried OK');
    expectIdenticalAttempts(server, 2);
    expect(loggedRetryDelays(logger.lines)).toEqual([10]);
  });

  test('429 with Retry-After: 0 is retried at once', async () => {
    const logger = recordingLogger();
    const server = await serve([rateLimited({ 'retry-after': '0' }), succeeding]);
    const client = clientFor(server, { maxRetries: 2, logger, logLevel: 'info' });

    await expect(client.chat.completions.create(chatRequest)).resolves.toMatchObject({ object: 'chat.completion' });

    expectIdenticalAttempts(server, 2);
    expect(loggedRetryDelays(logger.lines)).toEqual([0]);
  });

  test('retry-after-ms wins over Retry-After', async () => {
    const logger = recordingLogger();
    const server = await serve([rateLimited({ 'retry-after-ms': '5', 'retry-after': '30' }), succeeding]);
    const client = clientFor(server, { maxRetries: 1, logger, logLevel: 'info' });

    await client.chat.completions.create(chatRequest);

    expect(loggedRetryDelays(logger.lines)).toEqual([5]);
  });

  test('Retry-After as an HTTP date in the past means retry now', async () => {
    const logger = recordingLogger();
    const past = new Date(Date.now() - 60_000).toUTCString();
    const server = await serve([rateLimited({ 'retry-after': past }), succeeding]);
    const client = clientFor(server, { maxRetries: 1, logger, logLevel: 'info' });

    await client.chat.completions.create(chatRequest);

    expectIdenticalAttempts(server, 2);
    expect(loggedRetryDelays(logger.lines)).toEqual([0]);
  });

  test('Retry-After as an HTTP date in the future is waited for, not replaced by backoff', async () => {
    const logger = recordingLogger();
    const server = await serve([
      // Dated when the 429 is sent; HTTP dates have whole seconds, so this lands 1-2 s ahead.
      (req, res, context) => rateLimited({ 'retry-after': new Date(Date.now() + 2_000).toUTCString() })(req, res, context),
      succeeding,
    ]);
    const client = clientFor(server, { maxRetries: 1, logger, logLevel: 'info' });

    await client.chat.completions.create(chatRequest);

    expectIdenticalAttempts(server, 2);
    const [delay] = loggedRetryDelays(logger.lines);
    expect(delay).toBeGreaterThan(800); // backoff for a first retry would be 375-500 ms
    expect(delay).toBeLessThanOrEqual(2_000);
  });

  test.each([
    ['Retry-After: 3600 (an hour)', { 'retry-after': '3600' }],
    ['retry-after-ms: 120000', { 'retry-after-ms': '120000' }],
    ['Retry-After as a date 10 minutes ahead', { 'retry-after': new Date(Date.now() + 600_000).toUTCString() }],
  ])('a wait above the 60 s cap (%s) falls back to exponential backoff', async (_name, headers) => {
    const logger = recordingLogger();
    const server = await serve([rateLimited(headers), succeeding]);
    const client = clientFor(server, { maxRetries: 1, logger, logLevel: 'info' });

    await client.chat.completions.create(chatRequest);

    expectIdenticalAttempts(server, 2);
    const [delay] = loggedRetryDelays(logger.lines);
    expect(delay).toBeGreaterThanOrEqual(375); // 500 ms minus up to 25 % jitter
    expect(delay).toBeLessThanOrEqual(500);
  });

  test('aborting the signal during the retry wait rejects with APIUserAbortError and sends no further attempt', async () => {
    const controller = new AbortController();
    // Abort the moment the SDK announces its (30 s) wait: only an abortable sleep lets this test end in time.
    const logger = recordingLogger();
    const info = logger.info;
    logger.info = (message, ...details) => {
      info(message, ...details);
      if (message.includes('retrying')) setTimeout(() => controller.abort(new Error('caller gave up')), 20);
    };
    const server = await serve([rateLimited({ 'retry-after-ms': '30000' }), succeeding]);
    const client = clientFor(server, { maxRetries: 2, logger, logLevel: 'info' });

    const error = await client.chat.completions.create(chatRequest, { signal: controller.signal }).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(loggedRetryDelays(logger.lines)).toEqual([30_000]);
    await sleep(100);
    expect(server.requests).toHaveLength(1);
  });
});

describe('5xx, 408 and 409 then success', () => {
  test.each([408, 409, 500, 502, 503, 504])('%i then 200 is retried once and succeeds with the identical request', async (status) => {
    const server = await serve([failing(status), succeeding]);
    const client = clientFor(server, { maxRetries: 2 });

    const completion = await client.chat.completions.create(chatRequest);

    expect(completion.choices[0]?.message.content).toBe('retried OK');
    expectIdenticalAttempts(server, 2);
  });

  test('503 "Server Overloaded" twice then 200 uses both default retries', async () => {
    const server = await serve([failing(503), failing(503), succeeding]);
    const client = clientFor(server, { maxRetries: undefined }); // the default: 2

    await expect(client.chat.completions.create(chatRequest)).resolves.toMatchObject({ id: 'fault-0002' });

    expectIdenticalAttempts(server, 3);
  });

  test('without Retry-After the waits follow 0.5 s·2ⁿ backoff with up to 25 % jitter', async () => {
    const logger = recordingLogger();
    const server = await serve([failing(500, {}), failing(502, {}), succeeding]);
    const client = clientFor(server, { maxRetries: 2, logger, logLevel: 'info' });

    await client.chat.completions.create(chatRequest);

    const [first, second] = loggedRetryDelays(logger.lines);
    expect(first).toBeGreaterThanOrEqual(375);
    expect(first).toBeLessThanOrEqual(500);
    expect(second).toBeGreaterThanOrEqual(750);
    expect(second).toBeLessThanOrEqual(1_000);
    expectIdenticalAttempts(server, 3);
  });

  test('when retries run out the last error is thrown, with its own class and message', async () => {
    const server = await serve([failing(503), failing(500), rateLimited({ 'retry-after-ms': '0' }, 'still too many requests')]);
    const client = clientFor(server, { maxRetries: 2 });

    const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as Error).message).toBe('429 still too many requests');
    expectIdenticalAttempts(server, 3);
  });

  test('maxRetries: 0 makes a single attempt and throws the 5xx as InternalServerError', async () => {
    const server = await serve([failing(503, {}, 'Server Overloaded'), succeeding]);
    const client = clientFor(server, { maxRetries: 0 });

    const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe('503 Server Overloaded');
    expect(server.requests).toHaveLength(1);
  });

  test('a per-request maxRetries overrides the client default', async () => {
    const server = await serve([failing(500), failing(500), succeeding]);
    const client = clientFor(server, { maxRetries: 0 });

    await expect(client.chat.completions.create(chatRequest, { maxRetries: 2 })).resolves.toMatchObject({ id: 'fault-0002' });
    expect(server.requests).toHaveLength(3);
  });

  test('a 503 before a stream starts is retried, then the stream is read in full', async () => {
    const chunks = answerChunks();
    const server = await serve([
      failing(503),
      async (_req, res) => {
        startSse(res);
        await writePieces(res, [...chunks.map(sseEvent), DONE]);
        res.end();
      },
    ]);
    const client = clientFor(server, { maxRetries: 1 });

    const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
    const { chunks: received, error } = await consume(stream);

    expect(error).toBeUndefined();
    expect(received).toEqual(chunks);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    expect(JSON.parse(server.requests[1]!.body)).toMatchObject({ stream: true });
  });
});
