// Fault row 20 (and §5 "Redirects"): a 3xx to another origin. Redirects are never followed for
// API calls: the call fails with `APIError` carrying the status and Location, the request is
// not retried, and the API key never reaches the Location host.
import { expect, test } from 'vitest';
import { APIError } from '../../src/index';
import { chatCompletionBody, chatRequest, clientFor, errorText, sendJson, testKey, useFaultServers, type FaultHandler } from '../helpers/fault-server';

const serve = useFaultServers();

const redirectTo =
  (status: number, location: string): FaultHandler =>
  (_req, res) => {
    res.writeHead(status, { location, 'content-type': 'text/html' });
    res.end(`<a href="${location}">moved</a>`);
  };

test.each([301, 302, 303, 307, 308])('%i to another origin fails with APIError, once, and the key never reaches the target', async (status) => {
  const elsewhere = await serve((_req, res) => sendJson(res, 200, chatCompletionBody('stolen')));
  const target = `${elsewhere.url}/collect`;
  const server = await serve(redirectTo(status, target));

  const error = await clientFor(server, { maxRetries: 2 }).chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(status);
  expect((error as Error).message).toBe(`${status} redirect to ${target} not followed: the SDK never follows redirects, so the API key cannot leak to another host`);
  expect(errorText(error)).not.toContain(testKey);
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${testKey}`); // it did go to the API host
  expect(elsewhere.requests).toHaveLength(0);
});

test('a redirect on a streaming request is refused the same way', async () => {
  const elsewhere = await serve((_req, res) => sendJson(res, 200, chatCompletionBody()));
  const server = await serve(redirectTo(307, `${elsewhere.url}/chat/completions`));

  const error = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true }).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(307);
  expect(elsewhere.requests).toHaveLength(0);
});

test('a same-origin redirect is not followed either (DeepSeek never redirects API calls)', async () => {
  const server = await serve([redirectTo(308, '/v2/models'), (_req, res) => sendJson(res, 200, chatCompletionBody())]);

  const error = await clientFor(server, { maxRetries: 2 }).models.list().catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(308);
  expect(server.requests.map((request) => request.url)).toEqual(['/models']);
});

test('a 3xx without Location is an APIError too', async () => {
  const server = await serve((_req, res) => {
    res.writeHead(302);
    res.end();
  });

  const error = await clientFor(server).chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIError);
  expect((error as Error).message).toMatch(/^302 redirect not followed/);
});
