// Fault row 7, the Node note: Node's fetch (undici) has its own 300 s headersTimeout and
// bodyTimeout, whatever the SDK's `timeout` says. The documented fix (README "Timeouts") is
// `fetchOptions: { dispatcher: new Agent({ headersTimeout: 0, bodyTimeout: 0 }) }`.
// Proven without waiting 300 s: an Agent with 200 ms limits stands in for undici's defaults.
// undici runs these two timers on a coarse clock (1 s resolution: a 200 ms limit fires after
// roughly 0.5-1 s), so the server stays quiet for a clear 2 s rather than just over 200 ms.
import { Agent } from 'undici';
import { afterAll, expect, test } from 'vitest';
import { APIConnectionTimeoutError } from '../../src/index';
import {
  answerChunks,
  chatCompletionBody,
  chatRequest,
  clientFor,
  consume,
  DONE,
  sendJson,
  sleep,
  sseEvent,
  startSse,
  useFaultServers,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const quietMs = 2_000;
const agents: Agent[] = [];
afterAll(async () => {
  await Promise.all(agents.map((agent) => agent.close()));
});
function agent(options: ConstructorParameters<typeof Agent>[0]): Agent {
  const created = new Agent(options);
  agents.push(created);
  return created;
}

const headersAfter2s = async (_req: unknown, res: Parameters<typeof sendJson>[0]): Promise<void> => {
  await sleep(quietMs);
  sendJson(res, 200, chatCompletionBody('worth the wait'));
};

test("undici's own headersTimeout fires before a longer SDK timeout, as APIConnectionTimeoutError naming the 300 s limit", async () => {
  const server = await serve(headersAfter2s);
  const client = clientFor(server, { timeout: 5_000, maxRetries: 2, fetchOptions: { dispatcher: agent({ headersTimeout: 200 }) } });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toContain('UND_ERR_HEADERS_TIMEOUT');
  expect((error as Error).message).toContain('300 s');
  expect((error as Error).message).toContain('"Timeouts" in the README');
  expect((error as Error).cause).toBeDefined();
  expect(server.requests).toHaveLength(1); // a timeout is not retried
});

test('with an Agent without undici limits, a timeout longer than the headers wait succeeds', async () => {
  const server = await serve(headersAfter2s);
  const client = clientFor(server, { timeout: 5_000, fetchOptions: { dispatcher: agent({ headersTimeout: 0, bodyTimeout: 0 }) } });

  const completion = await client.chat.completions.create(chatRequest);

  expect(completion.choices[0]?.message.content).toBe('worth the wait');
});

test("undici's bodyTimeout on a JSON body that pauses is APIConnectionTimeoutError naming the 300 s limit too", async () => {
  const body = JSON.stringify(chatCompletionBody('paused'));
  const server = await serve(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    await writePieces(res, [body.slice(0, 20), body.slice(20)], { delayMs: quietMs });
    res.end();
  });
  const client = clientFor(server, { timeout: 5_000, fetchOptions: { dispatcher: agent({ bodyTimeout: 200 }) } });

  const error = await client.chat.completions.create(chatRequest).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toContain('300 s');
});

test("undici's bodyTimeout on a stream that goes quiet is APIConnectionTimeoutError naming the 300 s limit, after the chunks that arrived", async () => {
  const chunks = answerChunks();
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0])]);
    await sleep(quietMs);
    await writePieces(res, [...chunks.slice(1).map(sseEvent), DONE]);
    res.end();
  });
  // idleTimeout is longer than undici's (stand-in) bodyTimeout, as the SDK default (600 s) is longer than 300 s.
  const client = clientFor(server, { idleTimeout: 5_000, fetchOptions: { dispatcher: agent({ bodyTimeout: 200 }) } });

  const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
  const { chunks: received, error } = await consume(stream);

  expect(received).toEqual([chunks[0]]);
  expect(error).toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toContain('300 s');
});

test('with an Agent without undici limits, a stream quiet for longer than the stand-in bodyTimeout completes', async () => {
  const chunks = answerChunks();
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(chunks[0])]);
    await sleep(quietMs);
    await writePieces(res, [...chunks.slice(1).map(sseEvent), DONE]);
    res.end();
  });
  const client = clientFor(server, { idleTimeout: 5_000, fetchOptions: { dispatcher: agent({ headersTimeout: 0, bodyTimeout: 0 }) } });

  const stream = await client.chat.completions.create({ ...chatRequest, stream: true });
  const { chunks: received, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(received).toEqual(chunks);
});
