/**
 * The `DeepSeek` client: a {@link DeepSeekCore} with the resources (`chat.completions`,
 * `fim.completions`, `models`, `balance`) that mirror the HTTP API. Each resource method calls
 * the functional core (operations.ts) with the class's richer streams.
 *
 * Newer surfaces (files, responses, the agent toolkit) are opt-in resources added with
 * `client.with({ ... })`: the class never imports them, so a bundle of a chat-only client does
 * not carry them. A property of an object cannot be tree-shaken (a bundler cannot know it is
 * never read), and a lazy `import()` is inlined again by the single-file bundles edge workers
 * use; a small class plus resources the caller names is the design that holds everywhere.
 */
import type { APIPromise } from './api-promise';
import { DeepSeekCore, type ClientOptions } from './core';
import { DeepSeekError } from './errors';
import { chatCompletion, fimCompletion, listModels, retrieveBalance } from './operations';
import { ChatCompletionStream, TextCompletionStream } from './stream';
import type { RequestOptions } from './transport';
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
export class DeepSeek extends DeepSeekCore {
  /** Chat completions (`POST /chat/completions`). */
  readonly chat: { readonly completions: ChatCompletions };
  /** FIM code completion (`POST /beta/completions`). */
  readonly fim: { readonly completions: FimCompletions };
  /** Models (`GET /models`). */
  readonly models: Models;
  /** Account balance (`GET /user/balance`). */
  readonly balance: Balance;

  constructor(options: ClientOptions = {}) {
    super(options);
    this.chat = Object.freeze({ completions: new ChatCompletions(this) });
    this.fim = Object.freeze({ completions: new FimCompletions(this) });
    this.models = new Models(this);
    this.balance = new Balance(this);
  }

  /**
   * Adds opt-in resources to this client and returns it, typed with them. Each value is a
   * resource class, constructed once with this client; the key is the property it appears
   * under. A key may be new or replace a resource (`chat` by a toolkit that adds methods to
   * `chat.completions`), never a setting or method of the client.
   *
   * @example
   * ```ts
   * import { DeepSeek, Files, Responses } from 'deepseek-fetch';
   *
   * const client = new DeepSeek().with({ files: Files, responses: Responses });
   * const file = await client.files.create({ file: await toFile('photo.png'), purpose: 'user_data' });
   * ```
   */
  with<R extends Record<string, ResourceClass>>(resources: R): this & WithResources<R> {
    for (const name of Object.keys(resources)) {
      // Settings are primitives and methods functions; `__proto__` is an object but no resource.
      const current: unknown = (this as Record<string, unknown>)[name];
      if (name === '__proto__' || (name in this && (typeof current !== 'object' || current === null))) {
        throw new DeepSeekError(`with(): "${name}" is a setting or method of the client, not a resource name.`);
      }
      const Resource = resources[name]!;
      Object.defineProperty(this, name, { value: new Resource(this), enumerable: true, configurable: true, writable: false });
    }
    return this as this & WithResources<R>;
  }
}

/** A resource class for {@link DeepSeek.with}: built once per client, with that client. */
export type ResourceClass<T extends object = object> = new (client: DeepSeekCore) => T;

/** The properties {@link DeepSeek.with} adds: one read-only resource per key. */
export type WithResources<R extends Record<string, ResourceClass>> = { readonly [K in keyof R]: InstanceType<R[K]> };

/** `client.chat.completions` */
export class ChatCompletions {
  readonly #client: DeepSeekCore;

  /** @internal */
  constructor(client: DeepSeekCore) {
    this.#client = client;
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
  create(body: ChatCompletionCreateParams, options?: RequestOptions): APIPromise<ChatCompletion | ChatCompletionStream> {
    return chatCompletion(this.#client, body, options, ChatCompletionStream.create);
  }
}

/** `client.fim.completions` */
export class FimCompletions {
  readonly #client: DeepSeekCore;

  /** @internal */
  constructor(client: DeepSeekCore) {
    this.#client = client;
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
  create(body: FimCompletionCreateParams, options?: RequestOptions): APIPromise<TextCompletion | TextCompletionStream> {
    return fimCompletion(this.#client, body, options, TextCompletionStream.create);
  }
}

/** `client.models` */
export class Models {
  readonly #client: DeepSeekCore;

  /** @internal */
  constructor(client: DeepSeekCore) {
    this.#client = client;
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
    return listModels(this.#client, options);
  }
}

/** `client.balance` */
export class Balance {
  readonly #client: DeepSeekCore;

  /** @internal */
  constructor(client: DeepSeekCore) {
    this.#client = client;
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
    return retrieveBalance(this.#client, options);
  }
}
