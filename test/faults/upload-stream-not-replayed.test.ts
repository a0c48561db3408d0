// A ReadableStream can be read once, so an upload from one is never re-sent silently: after a
// 429 or 5xx, or a connection broken in the middle of the body, the call fails with the
// attempt's own error (its class kept) whose message says why it was not retried and how to
// make the upload retryable. The one safe case is a connection that failed before any byte of
// the file was handed over: that one is retried, and the server gets the whole file once.
import { describe, expect, test } from 'vitest';
import { APIConnectionError, DeepSeek, DeepSeekError, Files, InternalServerError, RateLimitError, type FetchLike } from '../../src/index';
import { breaksAfter, clientFor, closedPort, sendJson, startFaultServer, testKey, useFaultServers, type FaultHandler, type FaultServer } from '../helpers/fault-server';
import { fileObject, fingerprint, image, MiB, parseMultipart, streamOf } from '../helpers/files';

const serve = useFaultServers();
const notRetriedAdvice = 'pass a Blob, File, bytes or toFile(path) to make the upload retryable)';

const answering =
  (status: number, message: string): FaultHandler =>
  (_req, res) =>
    sendJson(res, status, { error: { message, type: 'server_error', param: null, code: 'invalid_request_error' } }, { 'retry-after-ms': '0' });

/** A source that records whether it was cancelled (an upload that gives up must release it). */
function trackedStream(bytes: Uint8Array, chunk: number) {
  const inner = streamOf(bytes, chunk);
  const reader = inner.getReader();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, cancelled: () => cancelled };
}

describe('after an answer', () => {
  test.each([
    [503, InternalServerError, 'Server Overloaded'],
    [500, InternalServerError, 'Server Error'],
    [429, RateLimitError, 'Rate Limit Reached'],
  ] as const)('%i is not retried: %o whose message says why and how to make the upload retryable', async (status, ErrorClass, message) => {
    const server = await serve([answering(status, message), (_req, res) => sendJson(res, 200, fileObject())]);
    const client = clientFor(server, { maxRetries: 2 }).with({ files: Files });
    const source = trackedStream(image('png', 64 * 1024), 4096);

    const error = await client.files.create({ file: source.stream, purpose: 'user_data' }).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).message).toMatch(new RegExp(`^${status} ${message} \\(not retried: `));
    expect((error as Error).message).toContain('ReadableStream');
    expect((error as Error).message.endsWith(notRetriedAdvice)).toBe(true);
    expect((error as Error).stack?.split('\n')[0]).toBe(`${(error as Error).name}: ${(error as Error).message}`);
    expect(server.requests).toHaveLength(1);
  });

  test('with maxRetries 0 nothing is overruled: the error is the plain one', async () => {
    const server = await serve(answering(503, 'Server Overloaded'));
    const client = clientFor(server, { maxRetries: 0 }).with({ files: Files });
    const error = await client.files.create({ file: streamOf(image('png', 1024)), purpose: 'user_data' }).catch((reason: unknown) => reason);
    expect((error as Error).message).toBe('503 Server Overloaded');
  });
});

describe('a connection broken in the middle of the body', () => {
  test('is not retried: APIConnectionError saying part of the file was already sent, and the source is cancelled', async () => {
    const server = await serve(breaksAfter(512 * 1024), { readBody: false });
    const client = clientFor(server, { maxRetries: 2 }).with({ files: Files });
    const source = trackedStream(image('png', 8 * MiB), 64 * 1024);

    const error = await client.files.create({ file: source.stream, purpose: 'user_data' }).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(`Connection error. (not retried: part of the file had already been sent from its ReadableStream, which can be read only once; ${notRetriedAdvice}`);
    expect(server.requests).toHaveLength(1);
    expect(source.cancelled()).toBe(true);
  });
});

describe("the caller's stream failing while it is sent", () => {
  test("ends the call with a DeepSeekError carrying the stream's error as cause; nothing is retried", async () => {
    const server = await serve((req) => void req.resume(), { readBody: false });
    let attempts = 0;
    const fetch: FetchLike = (input, init) => (attempts++, globalThis.fetch(input, init));
    const client = clientFor(server, { maxRetries: 2, fetch }).with({ files: Files });
    const failure = new Error('disk read failed');
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulls < 4) controller.enqueue(pulls === 1 ? image('png', 64 * 1024) : new Uint8Array(64 * 1024));
        else controller.error(failure);
      },
    });

    const error = await client.files.create({ file: source, purpose: 'user_data' }).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toBe("The file's ReadableStream failed while it was being sent: disk read failed");
    expect((error as Error).cause).toBe(failure);
    expect(attempts).toBe(1);
  });
});

describe('a connection refused before any byte of the file was sent', () => {
  test('is retried, and the server that came up meanwhile gets the whole file in one request', async () => {
    const port = await closedPort();
    let server: FaultServer | undefined;
    let calls = 0;
    const fetch: FetchLike = async (input, init) => {
      calls++;
      try {
        return await globalThis.fetch(input, init);
      } catch (error) {
        server ??= await startFaultServer((_req, res) => sendJson(res, 200, fileObject()), { port });
        throw error;
      }
    };
    const client = new DeepSeek({ apiKey: testKey, baseURL: `http://127.0.0.1:${port}`, maxRetries: 2, fetch, logLevel: 'off' }).with({ files: Files });
    const bytes = image('png', 2 * MiB);

    try {
      await expect(client.files.create({ file: streamOf(bytes, 64 * 1024), purpose: 'user_data' })).resolves.toEqual(fileObject());
      expect(calls).toBe(2);
      expect(server?.requests).toHaveLength(1);
      const [request] = server!.requests;
      expect(request!.headers['transfer-encoding']).toBe('chunked');
      expect(fingerprint((await parseMultipart(request!.raw, request!.headers['content-type'])).file?.bytes)).toBe(fingerprint(bytes));
    } finally {
      await server?.close();
    }
  });
});
