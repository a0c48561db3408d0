import { afterEach, describe, expect, test, vi } from 'vitest';
import { isBrowserLike, isLoopbackHost, readEnv } from '../../src/runtime';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** Runs `fn` synchronously with `globalThis.process` replaced (restored before anything else runs). */
function withProcess<T>(replacement: unknown, fn: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!;
  Object.defineProperty(globalThis, 'process', { value: replacement, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    Object.defineProperty(globalThis, 'process', descriptor);
  }
}

/** Runs `fn` synchronously with `globalThis.process` gone, as in a browser or on Deno. */
const withoutProcess = <T>(fn: () => T): T => withProcess(undefined, fn);

const name = 'DEEPSEEK_FETCH_RUNTIME_TEST_VAR';

describe('readEnv', () => {
  test.each<[string, string | undefined, string | undefined]>([
    ['a value', 'debug', 'debug'],
    ['a value with surrounding whitespace, trimmed', '  sk-test-unit-0123456789abcdef \n', 'sk-test-unit-0123456789abcdef'],
    ['an empty value, as absent', '', undefined],
    ['a blank value, as absent', '   ', undefined],
    ['an unset variable', undefined, undefined],
  ])('reads %s from process.env', (_case, value, expected) => {
    vi.stubEnv(name, value);
    expect(readEnv(name)).toBe(expected);
  });

  test('with no process global, reads Deno.env', () => {
    vi.stubGlobal('Deno', { env: { get: (key: string) => (key === name ? ' from-deno ' : undefined) } });
    expect(withoutProcess(() => readEnv(name))).toBe('from-deno');
  });

  test('falls back to Deno.env when process.env lacks the variable', () => {
    vi.stubEnv(name, undefined);
    vi.stubGlobal('Deno', { env: { get: (key: string) => (key === name ? 'from-deno' : undefined) } });
    expect(readEnv(name)).toBe('from-deno');
  });

  test('process.env wins over Deno.env', () => {
    vi.stubEnv(name, 'from-process');
    vi.stubGlobal('Deno', { env: { get: () => 'from-deno' } });
    expect(readEnv(name)).toBe('from-process');
  });

  test('Deno without --allow-env (env.get throws) reads as absent instead of crashing', () => {
    vi.stubGlobal('Deno', {
      env: {
        get: () => {
          throw Object.assign(new Error('Requires env access to "DEEPSEEK_API_KEY"'), { name: 'NotCapable' });
        },
      },
    });
    expect(withoutProcess(() => readEnv('DEEPSEEK_API_KEY'))).toBeUndefined();
  });

  test.each<[string, unknown]>([
    ['no process and no Deno', undefined],
    ['a Deno global without env', {}],
  ])('%s reads as absent', (_case, deno) => {
    vi.stubGlobal('Deno', deno);
    expect(withoutProcess(() => readEnv(name))).toBeUndefined();
  });

  test('a process without env reads as absent', () => {
    expect(withProcess({ versions: {} }, () => readEnv(name))).toBeUndefined();
  });
});

const mozilla = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

describe('isBrowserLike', () => {
  test.each<[string, Record<string, unknown>, boolean]>([
    ['Node (no stubs)', {}, false],
    ['a web page: window with document, navigator', { window: { document: {} }, document: {}, navigator: { userAgent: mozilla } }, true],
    ['a web page without navigator', { window: { document: {} }, document: {} }, true],
    ['a window without a document (jsdom-less shim)', { window: {} }, false],
    ['a browser worker: WorkerGlobalScope and a Mozilla user agent', { WorkerGlobalScope: function WorkerGlobalScope() {}, navigator: { userAgent: mozilla } }, true],
    ['a worker with a non-browser user agent', { WorkerGlobalScope: function WorkerGlobalScope() {}, navigator: { userAgent: 'Node.js/22' } }, false],
    ['a Mozilla user agent without WorkerGlobalScope or window', { navigator: { userAgent: mozilla } }, false],
    ['Cloudflare Workers', { navigator: { userAgent: 'Cloudflare-Workers' }, WorkerGlobalScope: function WorkerGlobalScope() {} }, false],
    ['Deno, even with window, document and a Mozilla user agent', { Deno: { version: {} }, window: { document: {} }, document: {}, navigator: { userAgent: mozilla } }, false],
    ['Bun, even with browser-like globals', { Bun: { version: '1.2.0' }, window: { document: {} }, navigator: { userAgent: mozilla } }, false],
  ])('%s → %s', (_case, globals, expected) => {
    for (const [key, value] of Object.entries(globals)) vi.stubGlobal(key, value);
    expect(isBrowserLike()).toBe(expected);
  });
});

describe('isLoopbackHost', () => {
  test.each<[string, boolean]>([
    ['localhost', true],
    ['LOCALHOST', true],
    ['api.localhost', true],
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['[::1]', true],
    ['::1', true],
    ['api.deepseek.com', false],
    ['localhost.example.com', false],
    ['mylocalhost', false],
    ['127.0.0.1.nip.io', false],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['0.0.0.0', false],
    ['[::2]', false],
    ['', false],
  ])('%j → %s', (hostname, expected) => {
    expect(isLoopbackHost(hostname)).toBe(expected);
  });

  test('agrees with how URL spells hosts', () => {
    expect(isLoopbackHost(new URL('http://[::1]:4010').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://LocalHost:4010').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://127.000.000.001:4010').hostname)).toBe(true); // URL normalizes to 127.0.0.1
  });
});
