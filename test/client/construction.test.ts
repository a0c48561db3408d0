import { afterEach, describe, expect, test, vi } from 'vitest';
import { DeepSeek, DeepSeekError } from '../../src/index';
import { fixtures, jsonResponse, observedFetch, sseResponse, testKey, errorResponse } from '../helpers/observed-fetch';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** Runs `fn` synchronously with `globalThis.process` gone, as in a browser or a worker. */
function withoutProcess<T>(fn: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    Object.defineProperty(globalThis, 'process', descriptor);
  }
}

describe('the API key', () => {
  test('comes from DEEPSEEK_API_KEY when no apiKey is passed', async () => {
    vi.stubEnv('DEEPSEEK_API_KEY', 'sk-test-from-env-0123456789');
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    await new DeepSeek({ fetch }).models.list();
    expect(fetch.calls[0]!.headers.get('authorization')).toBe('Bearer sk-test-from-env-0123456789');
  });

  test('passed as apiKey wins over DEEPSEEK_API_KEY', async () => {
    vi.stubEnv('DEEPSEEK_API_KEY', 'sk-test-from-env-0123456789');
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    await new DeepSeek({ apiKey: testKey, fetch }).models.list();
    expect(fetch.calls[0]!.headers.get('authorization')).toBe(`Bearer ${testKey}`);
  });

  test.each([
    { case: 'no option and no DEEPSEEK_API_KEY', env: undefined, apiKey: undefined },
    { case: 'an empty apiKey', env: undefined, apiKey: '' },
    { case: 'a whitespace apiKey', env: undefined, apiKey: '  \t ' },
    { case: 'an empty DEEPSEEK_API_KEY', env: '', apiKey: undefined },
    { case: 'a whitespace DEEPSEEK_API_KEY', env: '   ', apiKey: undefined },
    { case: 'an empty apiKey even when DEEPSEEK_API_KEY is set', env: 'sk-test-from-env-0123456789', apiKey: '' },
  ])('missing with $case is a DeepSeekError at construction that says how to set it', ({ env, apiKey }) => {
    vi.stubEnv('DEEPSEEK_API_KEY', env);
    const fetch = observedFetch([]);
    let error: unknown;
    try {
      new DeepSeek({ apiKey, fetch });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toMatch(/DEEPSEEK_API_KEY/);
    expect((error as Error).message).toMatch(/apiKey/);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('the base URL', () => {
  test('defaults to https://api.deepseek.com', async () => {
    vi.stubEnv('DEEPSEEK_BASE_URL', undefined);
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const client = new DeepSeek({ apiKey: testKey, fetch });
    await client.models.list();
    expect(client.baseURL).toBe('https://api.deepseek.com');
    expect(fetch.calls[0]!.url).toBe('https://api.deepseek.com/models');
  });

  test('comes from DEEPSEEK_BASE_URL when no baseURL is passed', async () => {
    vi.stubEnv('DEEPSEEK_BASE_URL', 'https://gateway.example.com/deepseek');
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    await new DeepSeek({ apiKey: testKey, fetch }).models.list();
    expect(fetch.calls[0]!.url).toBe('https://gateway.example.com/deepseek/models');
  });

  test('passed as baseURL wins over DEEPSEEK_BASE_URL', async () => {
    vi.stubEnv('DEEPSEEK_BASE_URL', 'https://gateway.example.com/deepseek');
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    await new DeepSeek({ apiKey: testKey, fetch, baseURL: 'https://other.example.com' }).models.list();
    expect(fetch.calls[0]!.url).toBe('https://other.example.com/models');
  });

  test.each([
    ['https://api.deepseek.com/', 'https://api.deepseek.com'],
    ['https://api.deepseek.com/v1', 'https://api.deepseek.com'],
    ['https://api.deepseek.com/v1/', 'https://api.deepseek.com'],
    ['https://host.example/gw', 'https://host.example/gw'],
    ['https://host.example/gw/', 'https://host.example/gw'],
    ['https://host.example/gw//', 'https://host.example/gw'],
    ['https://host.example/gw/v1', 'https://host.example/gw'],
    ['https://HOST.example:8443/gw', 'https://host.example:8443/gw'],
  ])('%s is normalized to %s (no trailing slash, no trailing /v1)', async (input, expected) => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const client = new DeepSeek({ apiKey: testKey, fetch, baseURL: input });
    await client.models.list();
    expect(client.baseURL).toBe(expected);
    expect(fetch.calls[0]!.url).toBe(`${expected}/models`);
  });
});

describe('runtimes without process.env', () => {
  test('a client with an explicit key is built where there is no process global', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const client = withoutProcess(() => new DeepSeek({ apiKey: testKey, fetch }));
    expect(client.baseURL).toBe('https://api.deepseek.com');
    await expect(client.models.list()).resolves.toEqual(fixtures.modelList);
  });

  test('a missing key is still the clear DeepSeekError where there is no process global', () => {
    const build = () => withoutProcess(() => new DeepSeek({ fetch: observedFetch([]) }));
    expect(build).toThrow(DeepSeekError);
    expect(build).toThrow(/DEEPSEEK_API_KEY/);
  });

  test('on Deno the key comes from Deno.env when process is absent', async () => {
    vi.stubGlobal('Deno', { env: { get: (name: string) => (name === 'DEEPSEEK_API_KEY' ? 'sk-test-from-deno-0123456789' : undefined) } });
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const client = withoutProcess(() => new DeepSeek({ fetch }));
    await client.models.list();
    expect(fetch.calls[0]!.headers.get('authorization')).toBe('Bearer sk-test-from-deno-0123456789');
  });

  test('on Deno without env permission (env.get throws) construction does not crash and uses the defaults', async () => {
    vi.stubGlobal('Deno', {
      env: {
        get: () => {
          throw new Error('NotCapable: Requires env access');
        },
      },
    });
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const client = withoutProcess(() => new DeepSeek({ apiKey: testKey, fetch }));
    await client.models.list();
    expect(fetch.calls[0]!.url).toBe('https://api.deepseek.com/models');
    expect(() => withoutProcess(() => new DeepSeek({ fetch }))).toThrow(/DEEPSEEK_API_KEY/);
  });
});

describe('fetch', () => {
  test('without a fetch option the global fetch is used', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    vi.stubGlobal('fetch', fetch);
    await new DeepSeek({ apiKey: testKey }).models.list();
    expect(fetch.calls).toHaveLength(1);
  });

  test('without a fetch option and no global fetch, construction throws a DeepSeekError that says to pass one', () => {
    vi.stubGlobal('fetch', undefined);
    expect(() => new DeepSeek({ apiKey: testKey })).toThrow(DeepSeekError);
    expect(() => new DeepSeek({ apiKey: testKey })).toThrow(/fetch/);
  });
});

describe('client options', () => {
  test('defaults are a 10 minute timeout and idle timeout and 2 retries', () => {
    const client = new DeepSeek({ apiKey: testKey, fetch: observedFetch([]) });
    expect({ timeout: client.timeout, idleTimeout: client.idleTimeout, maxRetries: client.maxRetries }).toEqual({
      timeout: 600_000,
      idleTimeout: 600_000,
      maxRetries: 2,
    });
  });

  test.each([
    { option: 'timeout', value: -1 },
    { option: 'timeout', value: Number.NaN },
    { option: 'timeout', value: '1000' },
    { option: 'idleTimeout', value: -5 },
    { option: 'idleTimeout', value: Number.NaN },
    { option: 'maxRetries', value: -1 },
    { option: 'maxRetries', value: 1.5 },
    { option: 'maxRetries', value: Number.NaN },
    { option: 'maxRetries', value: Number.POSITIVE_INFINITY },
    { option: 'maxRetries', value: '2' },
  ])('$option: $value is refused with a DeepSeekError naming the option', ({ option, value }) => {
    const build = () => new DeepSeek({ apiKey: testKey, fetch: observedFetch([]), [option]: value });
    expect(build).toThrow(DeepSeekError);
    expect(build).toThrow(new RegExp(option));
  });

  test.each([
    { option: 'timeout', value: 0 },
    { option: 'timeout', value: Number.POSITIVE_INFINITY },
    { option: 'idleTimeout', value: Number.POSITIVE_INFINITY },
    { option: 'maxRetries', value: 0 },
    { option: 'maxRetries', value: 10 },
  ])('$option: $value is accepted and exposed on the client', ({ option, value }) => {
    const client = new DeepSeek({ apiKey: testKey, fetch: observedFetch([]), [option]: value });
    expect(client[option as 'timeout' | 'idleTimeout' | 'maxRetries']).toBe(value);
  });

  test('JSON.stringify(client) shows the settings with the key masked', () => {
    const client = new DeepSeek({ apiKey: testKey, fetch: observedFetch([]), baseURL: 'https://host.example/gw', maxRetries: 1 });
    expect(JSON.parse(JSON.stringify(client))).toEqual({
      baseURL: 'https://host.example/gw',
      apiKey: 'sk-…cdef',
      timeout: 600_000,
      idleTimeout: 600_000,
      maxRetries: 1,
    });
  });
});

describe('per-request options are checked like client options, before anything is sent', () => {
  // An unchecked per-request maxRetries of NaN would never stop retrying (retry >= NaN is
  // always false), and an unchecked timeout of NaN silently disables the deadline. The
  // fake answers 503 a few times and then 200, so a missing check shows up as a success.
  const fiveFailuresThenSuccess = () =>
    observedFetch((_call, index) => (index < 5 ? errorResponse(503, 'Server Overloaded') : jsonResponse(fixtures.chatCompletion)));

  test.each([Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY])('maxRetries: %s is refused with a DeepSeekError and no request', async (maxRetries) => {
    const fetch = fiveFailuresThenSuccess();
    const client = new DeepSeek({ apiKey: testKey, fetch });
    const error = await client.chat.completions.create(fixtures.chatRequest, { maxRetries }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toMatch(/maxRetries/);
    expect(fetch.calls).toHaveLength(0);
  });

  test.each([Number.NaN, -1])('timeout: %s is refused with a DeepSeekError and no request', async (timeout) => {
    const fetch = fiveFailuresThenSuccess();
    const client = new DeepSeek({ apiKey: testKey, fetch });
    const error = await client.chat.completions.create(fixtures.chatRequest, { timeout }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toMatch(/timeout/);
    expect(fetch.calls).toHaveLength(0);
  });

  test('idleTimeout: -1 on a stream is refused with a DeepSeekError and no request', async () => {
    const fetch = observedFetch(() => sseResponse([fixtures.chatChunk('Hi', 'stop')]));
    const client = new DeepSeek({ apiKey: testKey, fetch });
    const error = await client.chat.completions
      .create({ ...fixtures.chatRequest, stream: true }, { idleTimeout: -1 })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toMatch(/idleTimeout/);
    expect(fetch.calls).toHaveLength(0);
  });
});
