/**
 * The client's settings and safety checks, without the resources: `DeepSeekCore` holds the
 * options and the transport (and so the key); the `DeepSeek` class adds `chat`, `fim`,
 * `models` and `balance` on top of it, and the functional core (`createChatCompletion` and
 * the rest, in operations.ts) takes a `DeepSeekCore` as its first argument. A bundle that
 * imports only the functions it calls leaves the others out.
 */
import { DeepSeekError } from './errors';
import { isLogLevel, leveledLogger, type Logger, type LogLevel } from './log';
import { maskKey } from './redact';
import { retryPolicy } from './retry';
import { isBrowserLike, isLoopbackHost, readEnv } from './runtime';
import { nonNegative, nonNegativeInteger, Transport, type FetchLike } from './transport';

/** Options of `new DeepSeek(options)` and `new DeepSeekCore(options)`. Every one is optional. */
export interface ClientOptions {
  /** API key. Default: the `DEEPSEEK_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /**
   * Base URL of the OpenAI-format API. Default: `DEEPSEEK_BASE_URL`, else
   * `https://api.deepseek.com`. Beta features go to `<baseURL>/beta` automatically; a
   * trailing `/v1` (DeepSeek's OpenAI-compatibility alias) is dropped.
   */
  baseURL?: string | undefined;
  /** Deadline in ms for one attempt (connect, headers and, for JSON, the body). Default 600 000 (10 min). */
  timeout?: number | undefined;
  /**
   * Streams: longest wait in ms for the next data event; keep-alive comments do not count.
   * Default 600 000 (10 min, the longest DeepSeek keeps a request queued); lower it (e.g.
   * 60 000) to detect stalled answers sooner.
   */
  idleTimeout?: number | undefined;
  /** Retries after the first attempt (connection errors, 408, 409, 429, 5xx, empty 200 bodies). Default 2. */
  maxRetries?: number | undefined;
  /** A `fetch` to use instead of the global one (proxies, undici agents, tests). */
  fetch?: FetchLike | undefined;
  /** Extra `RequestInit` fields for every request, e.g. `{ dispatcher }` for an undici Agent on Node. */
  fetchOptions?: Record<string, unknown> | undefined;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Where logs go. Default: `console`. */
  logger?: Logger | undefined;
  /** How much to log. Default: `DEEPSEEK_LOG`, else `'warn'`. Secret headers are always redacted. */
  logLevel?: LogLevel | undefined;
  /**
   * Allow running in a browser, where every visitor of the page can read the API key.
   * Only for prototypes and internal tools. Default `false`.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

const defaultBaseURL = 'https://api.deepseek.com';
const defaultTimeout = 600_000;
const defaultIdleTimeout = 600_000;

/** Each client's transport. Kept out of the object so that no property, even a hidden one, leads to the key. */
const transports = new WeakMap<DeepSeekCore, Transport>();

/** @internal The transport of a client made by this package; a clear error for anything else. */
export function transportOf(client: DeepSeekCore): Transport {
  const transport = transports.get(client);
  if (!transport) throw new DeepSeekError('Expected a client made with new DeepSeekCore() or new DeepSeek().');
  return transport;
}

/**
 * The smallest DeepSeek client: the options, checks and connection settings of
 * {@link DeepSeek} without its resource objects. Pass it to the functional core
 * (`createChatCompletion`, `createFimCompletion`, `listModels`, `retrieveBalance`); a bundler
 * then includes only the functions you import. A `DeepSeek` is a `DeepSeekCore` too.
 *
 * @example
 * ```ts
 * import { DeepSeekCore, createChatCompletion } from 'deepseek-fetch';
 *
 * const deepseek = new DeepSeekCore(); // reads DEEPSEEK_API_KEY
 * const stream = await createChatCompletion(deepseek, {
 *   model: 'deepseek-flash',
 *   messages: [{ role: 'user', content: 'Hello!' }],
 *   stream: true,
 * });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * ```
 */
export class DeepSeekCore {
  /** The resolved base URL (no trailing slash). */
  readonly baseURL: string;
  /** Default per-attempt deadline in ms. */
  readonly timeout: number;
  /** Default stream idle timeout in ms. */
  readonly idleTimeout: number;
  /** Default number of retries. */
  readonly maxRetries: number;
  readonly #maskedKey: string;

  constructor(options: ClientOptions = {}) {
    const apiKey = (options.apiKey ?? readEnv('DEEPSEEK_API_KEY'))?.trim();
    if (apiKey === undefined || apiKey === '') {
      throw new DeepSeekError(
        'No API key: set the DEEPSEEK_API_KEY environment variable, or pass it as new DeepSeek({ apiKey }).',
      );
    }
    // Checked here because fetch's own error for a bad header value quotes the whole value.
    if (/[^\x21-\x7E]/.test(apiKey)) {
      throw new DeepSeekError(
        'The API key contains whitespace, control or non-ASCII characters (a stray newline or an invisible character from copy-paste?), so it cannot be sent in an HTTP header.',
      );
    }
    if (!options.dangerouslyAllowBrowser && isBrowserLike()) {
      throw new DeepSeekError(
        'This looks like a browser, where every visitor of the page could read your API key. ' +
          'Call DeepSeek from a server instead; if you understand the risk (a prototype, an internal tool), ' +
          'pass dangerouslyAllowBrowser: true.',
      );
    }
    this.baseURL = normalizeBaseURL(options.baseURL ?? readEnv('DEEPSEEK_BASE_URL') ?? defaultBaseURL);
    this.timeout = nonNegative('timeout', options.timeout ?? defaultTimeout);
    this.idleTimeout = nonNegative('idleTimeout', options.idleTimeout ?? defaultIdleTimeout);
    this.maxRetries = nonNegativeInteger('maxRetries', options.maxRetries ?? retryPolicy.maxRetries);
    const fetchImpl = options.fetch ?? globalFetch();
    const envLevel = readEnv('DEEPSEEK_LOG');
    const logLevel = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : 'warn');
    this.#maskedKey = maskKey(apiKey);

    transports.set(this, new Transport({
      apiKey,
      baseURL: this.baseURL,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      fetch: fetchImpl,
      fetchOptions: options.fetchOptions,
      defaultHeaders: { ...options.defaultHeaders },
      logger: leveledLogger(options.logger ?? console, logLevel),
    }));
  }

  /** What `JSON.stringify(client)` shows: the settings, with the key masked. */
  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, apiKey: this.#maskedKey, timeout: this.timeout, idleTimeout: this.idleTimeout, maxRetries: this.maxRetries };
  }

  /** What `util.inspect(client)` and `console.log(client)` show in Node. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `DeepSeek ${JSON.stringify(this.toJSON())}`;
  }
}

function globalFetch(): FetchLike {
  if (typeof globalThis.fetch !== 'function') {
    throw new DeepSeekError('No global fetch in this runtime: pass one as new DeepSeek({ fetch }).');
  }
  // Called through globalThis: some runtimes throw "Illegal invocation" for a detached fetch.
  return (input, init) => globalThis.fetch(input, init);
}

/**
 * Checks and normalizes the base URL: HTTPS only (plain HTTP is allowed for loopback hosts,
 * e.g. a local mock), no trailing slash, and no trailing `/v1`.
 */
export function normalizeBaseURL(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new DeepSeekError(`baseURL is not a valid URL: ${JSON.stringify(input)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new DeepSeekError(
      `baseURL must use https (plain http is allowed only for localhost and 127.0.0.1): the API key would travel in clear text to ${url.host}.`,
    );
  }
  if (url.username || url.password) throw new DeepSeekError('baseURL must not contain credentials.');
  if (url.search || url.hash) throw new DeepSeekError('baseURL must not contain a query or fragment.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`;
}
