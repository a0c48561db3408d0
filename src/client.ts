/**
 * The `DeepSeek` client: options, defaults, safety checks, and the resources
 * (`chat.completions`, `fim.completions`, `models`, `balance`) that mirror the HTTP API.
 */
import { APIPromise } from './api-promise';
import { DeepSeekError } from './errors';
import { isLogLevel, leveledLogger, type Logger, type LogLevel } from './log';
import { maskKey } from './redact';
import { retryPolicy } from './retry';
import { isBrowserLike, isLoopbackHost, readEnv } from './runtime';
import { ChatCompletionStream, TextCompletionStream, type StreamSettings } from './stream';
import { nonNegative, nonNegativeInteger, Transport, type FetchLike, type RequestOptions } from './transport';
import type {
  ChatCompletion,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  FimCompletionCreateParams,
  FimCompletionCreateParamsNonStreaming,
  FimCompletionCreateParamsStreaming,
  ModelList,
  TextCompletion,
  UserBalance,
} from './types';

/** Options of `new DeepSeek(options)`. Every one is optional. */
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

/**
 * A DeepSeek API client.
 *
 * @example
 * ```ts
 * import { DeepSeek } from 'deepseek-fetch';
 *
 * const client = new DeepSeek(); // reads DEEPSEEK_API_KEY
 * const completion = await client.chat.completions.create({
 *   model: 'deepseek-flash',
 *   messages: [{ role: 'user', content: 'Hello!' }],
 * });
 * console.log(completion.choices[0].message.content);
 * ```
 */
export class DeepSeek {
  /** Chat completions (`POST /chat/completions`). */
  readonly chat: { readonly completions: ChatCompletions };
  /** FIM code completion (`POST /beta/completions`). */
  readonly fim: { readonly completions: FimCompletions };
  /** Models (`GET /models`). */
  readonly models: Models;
  /** Account balance (`GET /user/balance`). */
  readonly balance: Balance;
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

    const transport = new Transport({
      apiKey,
      baseURL: this.baseURL,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      fetch: fetchImpl,
      fetchOptions: options.fetchOptions,
      defaultHeaders: { ...options.defaultHeaders },
      logger: leveledLogger(options.logger ?? console, logLevel),
    });
    const settings = (requestOptions: RequestOptions): StreamSettings => ({
      idleTimeout: nonNegative('idleTimeout', requestOptions.idleTimeout ?? this.idleTimeout),
    });
    this.chat = Object.freeze({ completions: new ChatCompletions(transport, settings) });
    this.fim = Object.freeze({ completions: new FimCompletions(transport, settings) });
    this.models = new Models(transport);
    this.balance = new Balance(transport);
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

type StreamSettingsFor = (options: RequestOptions) => StreamSettings;

/** `client.chat.completions` */
export class ChatCompletions {
  readonly #transport: Transport;
  readonly #settings: StreamSettingsFor;

  /** @internal */
  constructor(transport: Transport, settings: StreamSettingsFor) {
    this.#transport = transport;
    this.#settings = settings;
  }

  /**
   * Creates a chat completion. With `stream: true` it resolves (once headers arrive) to a
   * {@link ChatCompletionStream}. Chat prefix completion (last message `assistant` with
   * `prefix: true`) and `strict` tools are sent to the beta server automatically.
   *
   * @example
   * ```ts
   * const completion = await client.chat.completions.create({
   *   model: 'deepseek-flash',
   *   messages: [{ role: 'user', content: 'How many r are in strawberry?' }],
   * });
   * const { reasoning_content, content } = completion.choices[0].message;
   *
   * const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true });
   * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
   * ```
   */
  create(body: ChatCompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<ChatCompletionStream>;
  create(body: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<ChatCompletion>;
  create(body: ChatCompletionCreateParams, options?: RequestOptions): APIPromise<ChatCompletion | ChatCompletionStream>;
  create(body: ChatCompletionCreateParams, options: RequestOptions = {}): APIPromise<ChatCompletion | ChatCompletionStream> {
    const beta = needsBetaServer(body);
    if (body.stream === true) {
      return APIPromise.from(
        // Settings are checked before anything is sent.
        settle(() => this.#settings(options)).then((settings) =>
          this.#transport
            .postStream('/chat/completions', body, options, beta)
            .then((result) => ({ data: ChatCompletionStream.create(result, settings), response: result.response })),
        ),
      );
    }
    return APIPromise.from(this.#transport.post('/chat/completions', body, options, beta));
  }
}

/**
 * Chat prefix completion and `strict` function tools are beta features, served only under
 * `<baseURL>/beta` (https://api-docs.deepseek.com/guides/chat_prefix_completion).
 */
export function needsBetaServer(body: ChatCompletionCreateParams): boolean {
  const last = body.messages.at(-1);
  if (last?.role === 'assistant' && last.prefix === true) return true;
  return body.tools?.some((tool) => tool.function.strict === true) ?? false;
}

/** `client.fim.completions` */
export class FimCompletions {
  readonly #transport: Transport;
  readonly #settings: StreamSettingsFor;

  /** @internal */
  constructor(transport: Transport, settings: StreamSettingsFor) {
    this.#transport = transport;
    this.#settings = settings;
  }

  /**
   * Creates a FIM (fill-in-the-middle) completion on the beta server: the model writes what
   * goes between `prompt` and `suffix`. Non-thinking mode only; output is capped at 4K tokens.
   *
   * @example
   * ```ts
   * const fim = await client.fim.completions.create({
   *   model: 'deepseek-v4-flash',
   *   prompt: 'def fib(a):\n',
   *   suffix: '    return fib(a-1) + fib(a-2)',
   *   max_tokens: 128,
   * });
   * console.log(fim.choices[0].text);
   * ```
   */
  create(body: FimCompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<TextCompletionStream>;
  create(body: FimCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<TextCompletion>;
  create(body: FimCompletionCreateParams, options?: RequestOptions): APIPromise<TextCompletion | TextCompletionStream>;
  create(body: FimCompletionCreateParams, options: RequestOptions = {}): APIPromise<TextCompletion | TextCompletionStream> {
    if (body.stream === true) {
      return APIPromise.from(
        settle(() => this.#settings(options)).then((settings) =>
          this.#transport
            .postStream('/completions', body, options, true)
            .then((result) => ({ data: TextCompletionStream.create(result, settings), response: result.response })),
        ),
      );
    }
    return APIPromise.from(this.#transport.post('/completions', body, options, true));
  }
}

/** `client.models` */
export class Models {
  readonly #transport: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Lists the models the account can call (canonical ids only, not aliases).
   *
   * @example
   * ```ts
   * const { data } = await client.models.list();
   * console.log(data.map((model) => model.id));
   * ```
   */
  list(options?: RequestOptions): APIPromise<ModelList> {
    return APIPromise.from(this.#transport.get('/models', options));
  }
}

/** `client.balance` */
export class Balance {
  readonly #transport: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Retrieves the account balance. Amounts are decimal strings; look entries up by
   * `currency`, since the order of `balance_infos` is not stable.
   *
   * @example
   * ```ts
   * const balance = await client.balance.retrieve();
   * const cny = balance.balance_infos.find((info) => info.currency === 'CNY');
   * if (!balance.is_available) throw new Error('top up first');
   * ```
   */
  retrieve(options?: RequestOptions): APIPromise<UserBalance> {
    return APIPromise.from(this.#transport.get('/user/balance', options));
  }
}

/** Runs `fn` and turns a throw into a rejection, so a bad option rejects the call's promise. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
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
