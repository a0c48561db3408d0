import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { DeepSeek, StreamError, type ChatCompletionChunk, type Logger } from '../../src/index';
import { collect, fakeFetch, scriptedBody, sseData, sseResponse, testApiKey, thinkingChunks, userMessages } from '../helpers/sse-response';

const params = { model: 'deepseek-flash', messages: userMessages, stream: true } as const;
const [c0, c1] = thinkingChunks() as [ChatCompletionChunk, ChatCompletionChunk];

/** A distinctive, secret-looking value the server put in a broken event. */
const secret = 'sk-live-CANARY7Q2f9e8d7c6b5a4';
const fragment = 'CANARY7Q2';

function loggingClient(steps: string[]) {
  const lines: string[] = [];
  const record = (...args: unknown[]): void => void lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 10 }))).join(' '));
  const logger: Logger = { error: record, warn: record, info: record, debug: record };
  const { fetch } = fakeFetch((request) => sseResponse(scriptedBody(steps, request.signal).body));
  const client = new DeepSeek({ apiKey: testApiKey, baseURL: 'http://127.0.0.1:1', fetch, maxRetries: 0, logger, logLevel: 'debug' });
  return { client, lines };
}

/** Every way an error can end up in a log or a report. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    e.message,
    String(e.stack),
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: Infinity, showHidden: true }),
    inspect(e.cause, { depth: Infinity, showHidden: true }),
    JSON.stringify(Object.getOwnPropertyNames(e).map((name) => [name, String((e as unknown as Record<string, unknown>)[name])])),
  ];
}

describe('a malformed stream event', () => {
  test.each([
    ['truncated JSON holding a secret', `data: {"choices":[{"index":0,"delta":{"content":"${secret}`],
    ['a JSON string holding a secret', `data: "${secret}"`],
    ['a JSON array holding a secret', `data: ["${secret}"]`],
    ['non-JSON text holding a secret', `data: token=${secret}; retry`],
    ['a [DONE] look-alike holding a secret', `data: [DONE]${secret}`],
  ])('made of %s fails with StreamError "malformed" whose message, stack, cause and serializations hold none of the payload', async (_, line) => {
    const { client, lines } = loggingClient([sseData(c0), `${line}\n\n`, sseData(c1), 'data: [DONE]\n\n']);
    const { chunks, error } = await collect(await client.chat.completions.create(params));
    expect(chunks).toEqual([c0]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('malformed');
    expect((error as StreamError).cause).toBeUndefined();
    for (const text of renderings(error)) {
      expect(text).not.toContain(fragment);
    }
    for (const text of lines) expect(text).not.toContain(fragment);
    // JSON.parse's own message quotes the input ("Unexpected token ... in JSON at ..."): it must not leak through
    expect((error as StreamError).message).not.toMatch(/Unexpected|position|JSON at/);
  });

  test('does not leak the payload through finalCompletion() either', async () => {
    const { client } = loggingClient([sseData(c0), `data: {"content":"${secret}\n\n`]);
    const stream = await client.chat.completions.create(params);
    const error: unknown = await stream.finalCompletion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    for (const text of renderings(error)) expect(text).not.toContain(fragment);
  });

  test('does not leak the API key into debug logs of a streamed request', async () => {
    const { client, lines } = loggingClient([sseData(c0), 'data: [DONE]\n\n']);
    await collect(await client.chat.completions.create(params));
    expect(lines.length).toBeGreaterThan(0);
    for (const text of lines) expect(text).not.toContain(testApiKey);
  });
});
