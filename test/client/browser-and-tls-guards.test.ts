import { afterEach, describe, expect, test, vi } from 'vitest';
import { DeepSeek, DeepSeekError } from '../../src/index';
import { fixtures, jsonResponse, observedFetch, testKey } from '../helpers/observed-fetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

const build = (options: ConstructorParameters<typeof DeepSeek>[0] = {}) => () => new DeepSeek({ apiKey: testKey, fetch: observedFetch([]), ...options });

const browserUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

function stubBrowserPage(): void {
  const document = { nodeType: 9 };
  vi.stubGlobal('window', { document });
  vi.stubGlobal('document', document);
  vi.stubGlobal('navigator', { userAgent: browserUserAgent });
}

function stubBrowserWorker(): void {
  vi.stubGlobal('WorkerGlobalScope', function WorkerGlobalScope() {});
  vi.stubGlobal('navigator', { userAgent: browserUserAgent });
}

describe('browsers are refused unless dangerouslyAllowBrowser is set', () => {
  test.each([
    { where: 'a web page (window, document, navigator)', stub: stubBrowserPage },
    { where: 'a browser worker (WorkerGlobalScope and a Mozilla user agent)', stub: stubBrowserWorker },
  ])('in $where construction throws a DeepSeekError that explains the risk and the opt-in', ({ stub }) => {
    stub();
    expect(build()).toThrow(DeepSeekError);
    expect(build()).toThrow(/browser/);
    expect(build()).toThrow(/dangerouslyAllowBrowser: true/);
  });

  test.each([
    { where: 'a web page', stub: stubBrowserPage },
    { where: 'a browser worker', stub: stubBrowserWorker },
  ])('in $where dangerouslyAllowBrowser: true lets the client be built and used', async ({ stub }) => {
    stub();
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const client = new DeepSeek({ apiKey: testKey, fetch, dangerouslyAllowBrowser: true });
    await expect(client.models.list()).resolves.toEqual(fixtures.modelList);
  });

  test('the refusal comes before anything is sent and does not quote the key', () => {
    stubBrowserPage();
    const fetch = observedFetch([]);
    let error: unknown;
    try {
      new DeepSeek({ apiKey: testKey, fetch });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).not.toContain(testKey);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('server runtimes are not browsers', () => {
  test('Node (this test run) is not a browser', () => {
    expect(build()).not.toThrow();
  });

  test('Deno is not a browser, even with window and navigator globals', () => {
    vi.stubGlobal('Deno', { env: { get: () => undefined } });
    stubBrowserPage();
    expect(build()).not.toThrow();
  });

  test('Bun is not a browser, even with a Mozilla-like user agent', () => {
    vi.stubGlobal('Bun', { version: '1.2.0' });
    stubBrowserWorker();
    expect(build()).not.toThrow();
  });

  test('Cloudflare Workers (navigator.userAgent Cloudflare-Workers) are not a browser', () => {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    vi.stubGlobal('WorkerGlobalScope', function WorkerGlobalScope() {});
    expect(build()).not.toThrow();
  });

  test('a worker with a non-browser user agent is not a browser', () => {
    vi.stubGlobal('WorkerGlobalScope', function WorkerGlobalScope() {});
    vi.stubGlobal('navigator', { userAgent: 'Node.js/20' });
    expect(build()).not.toThrow();
  });
});

describe('the base URL must be safe for a bearer token', () => {
  test.each(['http://api.example.com', 'http://api.deepseek.com/v1', 'http://10.0.0.8:8080', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'ftp://api.example.com', 'ws://127.0.0.1:4010'])(
    '%s is refused: plain text to a non-loopback host (or not http at all)',
    (baseURL) => {
      expect(build({ baseURL })).toThrow(DeepSeekError);
      expect(build({ baseURL })).toThrow(/https/);
    },
  );

  test.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/models'],
    ['http://127.8.9.10:4010', 'http://127.8.9.10:4010/models'],
    ['http://localhost:4010', 'http://localhost:4010/models'],
    ['http://LOCALHOST:4010/mock/', 'http://localhost:4010/mock/models'],
    ['http://[::1]:4010', 'http://[::1]:4010/models'],
  ])('%s is allowed (loopback) and used', async (baseURL, expected) => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    await new DeepSeek({ apiKey: testKey, fetch, baseURL }).models.list();
    expect(fetch.calls[0]!.url).toBe(expected);
  });

  test.each([
    { baseURL: 'https://user:secret@api.example.com', reason: /credentials/ },
    { baseURL: 'https://:secret@api.example.com', reason: /credentials/ },
    { baseURL: 'https://api.example.com/?key=abc', reason: /query/ },
    { baseURL: 'https://api.example.com/#frag', reason: /fragment/ },
    { baseURL: 'not a url', reason: /not a valid URL/ },
    { baseURL: '', reason: /not a valid URL/ },
  ])('$baseURL is refused ($reason)', ({ baseURL, reason }) => {
    expect(build({ baseURL })).toThrow(DeepSeekError);
    expect(build({ baseURL })).toThrow(reason);
  });

  test('the refusal of credentials in the base URL does not repeat them', () => {
    let error: unknown;
    try {
      build({ baseURL: 'https://user:hunter2secret@api.example.com' })();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).not.toContain('hunter2secret');
  });

  test('DEEPSEEK_BASE_URL gets the same checks', () => {
    vi.stubEnv('DEEPSEEK_BASE_URL', 'http://api.example.com');
    try {
      expect(build()).toThrow(/https/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
