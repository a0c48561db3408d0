import { inspect } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DeepSeek, type Logger, type LogLevel } from '../../src/index';
import { errorResponse, fixtures, jsonResponse, observedFetch, sseResponse, textResponse } from '../helpers/observed-fetch';

const key = 'sk-test-logcheck-0123456789abcdef';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A logger that records every call as [level, message, ...details]. */
function capturingLogger() {
  const entries: { level: keyof Logger; message: string; details: unknown[] }[] = [];
  const record =
    (level: keyof Logger) =>
    (message: string, ...details: unknown[]) =>
      void entries.push({ level, message, details });
  const logger: Logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
  const text = () => entries.map((entry) => inspect(entry, { depth: Number.POSITIVE_INFINITY, showHidden: true })).join('\n');
  return { entries, logger, text };
}

/** A session that exercises every path that logs: success, a retry, a final error, a stream, a connection failure. */
async function busySession(client: DeepSeek): Promise<void> {
  await client.chat.completions.create(fixtures.chatRequest);
  await client.models.list();
  await client.balance.retrieve().catch(() => undefined);
  const stream = await client.chat.completions.create({ ...fixtures.chatRequest, stream: true });
  await stream.finalCompletion();
}

const busyScript = () => [
  errorResponse(429, `Rate limit reached for ${key}`), // retried (logged at info)
  jsonResponse(fixtures.chatCompletion),
  jsonResponse(fixtures.modelList),
  errorResponse(401, `Authentication Fails, Your api key: ${key} is invalid`),
  sseResponse([fixtures.chatChunk('Hi', 'stop')]),
];

describe('debug logging', () => {
  test('shows each request with its headers, authorization as ***', async () => {
    const { entries, logger } = capturingLogger();
    const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
    await new DeepSeek({ apiKey: key, fetch, logger, logLevel: 'debug', defaultHeaders: { 'x-team': 'search' } }).chat.completions.create(fixtures.chatRequest);
    const request = entries.find((entry) => entry.level === 'debug' && entry.message.includes('POST https://api.deepseek.com/chat/completions'));
    expect(request).toBeDefined();
    expect(request!.message).toMatch(/^\[deepseek-fetch\] /);
    expect(request!.details[0]).toEqual({
      headers: expect.objectContaining({ authorization: '***', accept: 'application/json', 'x-team': 'search', 'content-type': 'application/json' }),
    });
    // The status line is logged too.
    expect(entries.some((entry) => entry.level === 'debug' && /→ 200/.test(entry.message))).toBe(true);
  });

  test('other secret headers passed by the caller are redacted too', async () => {
    const { logger, text } = capturingLogger();
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const client = new DeepSeek({ apiKey: key, fetch, logger, logLevel: 'debug', defaultHeaders: { 'x-api-key': 'proxy-secret-1', cookie: 'session=proxy-secret-2' } });
    await client.models.list({ headers: { 'proxy-authorization': 'Basic proxy-secret-3', 'api-key': 'proxy-secret-4' } });
    for (const secret of ['proxy-secret-1', 'proxy-secret-2', 'proxy-secret-3', 'proxy-secret-4']) expect(text()).not.toContain(secret);
    // ... while fetch still receives them.
    expect(fetch.calls[0]!.headers.get('x-api-key')).toBe('proxy-secret-1');
  });

  test('redacting for the log does not change what is sent', async () => {
    const { logger } = capturingLogger();
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    await new DeepSeek({ apiKey: key, fetch, logger, logLevel: 'debug' }).models.list();
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(`Bearer ${key}`);
  });

  test('never contains the key, across successes, retries, errors that echo it, and streams', async () => {
    const { entries, logger, text } = capturingLogger();
    const fetch = observedFetch(busyScript());
    await busySession(new DeepSeek({ apiKey: key, fetch, logger, logLevel: 'debug' }));
    expect(fetch.calls).toHaveLength(5);
    expect(entries.length).toBeGreaterThanOrEqual(10); // a request line and a status line per call, plus the retry
    expect(entries.some((entry) => entry.level === 'info' && /retrying/.test(entry.message))).toBe(true);
    expect(text()).not.toContain(key);
  });
});

describe('log levels', () => {
  test('logLevel: off logs nothing at all, even with retries and errors', async () => {
    const { entries, logger } = capturingLogger();
    await busySession(new DeepSeek({ apiKey: key, fetch: observedFetch(busyScript()), logger, logLevel: 'off' }));
    expect(entries).toEqual([]);
  });

  test('the default level (warn) logs neither requests nor retries', async () => {
    vi.stubEnv('DEEPSEEK_LOG', undefined);
    const { entries, logger } = capturingLogger();
    await busySession(new DeepSeek({ apiKey: key, fetch: observedFetch(busyScript()), logger }));
    expect(entries.filter((entry) => entry.level === 'debug' || entry.level === 'info')).toEqual([]);
  });

  test('logLevel: info logs the retry but no request details', async () => {
    const { entries, logger } = capturingLogger();
    await busySession(new DeepSeek({ apiKey: key, fetch: observedFetch(busyScript()), logger, logLevel: 'info' }));
    expect(entries.map((entry) => entry.level)).toEqual(['info']);
    expect(entries[0]!.message).toMatch(/retrying POST .* \(retry 1 of 2\): 429 Rate limit reached for sk-…cdef/);
  });

  test.each<{ env: string; expectDebug: boolean }>([
    { env: 'debug', expectDebug: true },
    { env: 'off', expectDebug: false },
    { env: 'warn', expectDebug: false },
    { env: 'verbose', expectDebug: false }, // not a level: the default (warn) applies
  ])('DEEPSEEK_LOG=$env sets the level (debug lines: $expectDebug)', async ({ env, expectDebug }) => {
    vi.stubEnv('DEEPSEEK_LOG', env);
    const { entries, logger } = capturingLogger();
    await new DeepSeek({ apiKey: key, fetch: observedFetch([jsonResponse(fixtures.modelList)]), logger }).models.list();
    expect(entries.some((entry) => entry.level === 'debug')).toBe(expectDebug);
  });

  test('DEEPSEEK_LOG=off logs nothing, even on retries', async () => {
    vi.stubEnv('DEEPSEEK_LOG', 'off');
    const { entries, logger } = capturingLogger();
    await busySession(new DeepSeek({ apiKey: key, fetch: observedFetch(busyScript()), logger }));
    expect(entries).toEqual([]);
  });

  test('an explicit logLevel wins over DEEPSEEK_LOG', async () => {
    vi.stubEnv('DEEPSEEK_LOG', 'debug');
    const { entries, logger } = capturingLogger();
    const level: LogLevel = 'off';
    await new DeepSeek({ apiKey: key, fetch: observedFetch([jsonResponse(fixtures.modelList)]), logger, logLevel: level }).models.list();
    expect(entries).toEqual([]);
  });

  test('a failed request logged at debug shows its status, never the echoed key', async () => {
    const { entries, logger, text } = capturingLogger();
    const fetch = observedFetch([textResponse(`bad key ${key}`, { status: 422 })]);
    await new DeepSeek({ apiKey: key, fetch, logger, logLevel: 'debug' }).models.list().catch(() => undefined);
    expect(entries.some((entry) => /→ 422/.test(entry.message))).toBe(true);
    expect(text()).not.toContain(key);
  });
});
