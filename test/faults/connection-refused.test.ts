// Fault row 19: no server listening (connection refused) or a name that does not resolve.
// `APIConnectionError` with the transport error kept as `cause`; retried with backoff, since
// the server never saw the request, so a server that comes up in time gets exactly one request.
import { expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, DeepSeek, type FetchLike } from '../../src/index';
import { chatCompletionBody, chatRequest, closedPort, sendJson, startFaultServer, testKey, type FaultServer } from '../helpers/fault-server';

/** The global fetch, counting calls: with no server, the only way to see the attempts. */
function countingFetch(onFailure?: (attempt: number) => Promise<void>): FetchLike & { calls: number } {
  const counted = Object.assign(
    async (input: string, init: RequestInit) => {
      const attempt = counted.calls++;
      try {
        return await globalThis.fetch(input, init);
      } catch (error) {
        await onFailure?.(attempt);
        throw error;
      }
    },
    { calls: 0 },
  );
  return counted;
}

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current != null && depth < 6; depth++) {
    const { code, errors } = current as { code?: unknown; errors?: unknown[] };
    if (typeof code === 'string') codes.push(code);
    for (const inner of errors ?? []) if (typeof (inner as { code?: unknown }).code === 'string') codes.push((inner as { code: string }).code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

test('a refused connection is APIConnectionError with the ECONNREFUSED error kept as cause', async () => {
  const client = new DeepSeek({ apiKey: testKey, baseURL: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0, logLevel: 'off' });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionError);
  expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toBe('Connection error.');
  expect(causeCodes(error)).toContain('ECONNREFUSED');
});

test('a refused connection is retried with backoff: maxRetries 1 makes two attempts', async () => {
  const fetch = countingFetch();
  const client = new DeepSeek({ apiKey: testKey, baseURL: `http://127.0.0.1:${await closedPort()}`, maxRetries: 1, fetch, logLevel: 'off' });

  await expect(client.models.list()).rejects.toBeInstanceOf(APIConnectionError);
  expect(fetch.calls).toBe(2);
});

test('a server that comes up before the retry gets exactly one request and the call succeeds', async () => {
  const port = await closedPort();
  let server: FaultServer | undefined;
  const fetch = countingFetch(async (attempt) => {
    if (attempt === 0) server = await startFaultServer((_req, res) => sendJson(res, 200, chatCompletionBody('up now')), { port });
  });
  const client = new DeepSeek({ apiKey: testKey, baseURL: `http://127.0.0.1:${port}`, maxRetries: 2, fetch, logLevel: 'off' });

  try {
    const completion = await client.chat.completions.create(chatRequest);

    expect(completion.choices[0]?.message.content).toBe('up now');
    expect(fetch.calls).toBe(2);
    expect(server?.requests).toHaveLength(1);
  } finally {
    await server?.close();
  }
});

test('a host name that does not resolve is APIConnectionError too', async () => {
  // `.invalid` never resolves (RFC 2606); no packet reaches any API.
  const client = new DeepSeek({ apiKey: testKey, baseURL: 'https://deepseek-fault.invalid', maxRetries: 0, timeout: 10_000, logLevel: 'off' });

  const error = await client.models.list().catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionError);
  expect((error as Error).cause).toBeDefined();
});

