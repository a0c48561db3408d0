/**
 * The functional core: one function per operation of the API, each taking a
 * {@link DeepSeekCore} first. The `DeepSeek` class's resources call the same functions, so both
 * styles share one implementation; a bundle that imports only some functions leaves the rest
 * (and the class's accumulation, `tee()` and FIM streams) out.
 */
import { APIPromise } from './api-promise';
import { transportOf, type DeepSeekCore } from './core';
import type { JsonRequestBody, PathsWith } from './openapi';
import { chunkStream, type ChunkStream, type StreamSettings } from './stream';
import { nonNegative, type RequestOptions, type StreamResult } from './transport';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  FimCompletionCreateParams,
  FimCompletionCreateParamsNonStreaming,
  FimCompletionCreateParamsStreaming,
  ModelList,
  TextCompletion,
  TextCompletionChunk,
  UserBalance,
} from './types';

/** Wraps a streaming response; the class passes its richer stream classes here. */
export type MakeStream<S> = (result: StreamResult, settings: StreamSettings) => S;

/**
 * Creates a chat completion. With `stream: true` it resolves (once headers arrive) to a
 * {@link ChunkStream} of chunks. Chat prefix completion (last message `assistant` with
 * `prefix: true`) and `strict` tools are sent to the beta server automatically.
 *
 * @example
 * ```ts
 * import { DeepSeekCore, createChatCompletion } from 'deepseek-fetch';
 *
 * const deepseek = new DeepSeekCore();
 * const completion = await createChatCompletion(deepseek, {
 *   model: 'deepseek-flash',
 *   messages: [{ role: 'user', content: 'How many r are in strawberry?' }],
 * });
 * console.log(completion.choices[0].message.content);
 *
 * const stream = await createChatCompletion(deepseek, { model: 'deepseek-flash', messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * ```
 */
export function createChatCompletion(client: DeepSeekCore, body: ChatCompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<ChunkStream<ChatCompletionChunk>>;
export function createChatCompletion(client: DeepSeekCore, body: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<ChatCompletion>;
export function createChatCompletion(client: DeepSeekCore, body: ChatCompletionCreateParams, options?: RequestOptions): APIPromise<ChatCompletion | ChunkStream<ChatCompletionChunk>>;
export function createChatCompletion(client: DeepSeekCore, body: ChatCompletionCreateParams, options?: RequestOptions): APIPromise<ChatCompletion | ChunkStream<ChatCompletionChunk>> {
  return chatCompletion(client, body, options, chunkStream<ChatCompletionChunk>);
}

/**
 * Creates a FIM (fill-in-the-middle) completion on the beta server: the model writes what
 * goes between `prompt` and `suffix`. With `stream: true` it resolves to a {@link ChunkStream}.
 *
 * @example
 * ```ts
 * const fim = await createFimCompletion(deepseek, {
 *   model: 'deepseek-v4-flash',
 *   prompt: 'def fib(a):\n',
 *   suffix: '    return fib(a-1) + fib(a-2)',
 *   max_tokens: 128,
 * });
 * console.log(fim.choices[0].text);
 * ```
 */
export function createFimCompletion(client: DeepSeekCore, body: FimCompletionCreateParamsStreaming, options?: RequestOptions): APIPromise<ChunkStream<TextCompletionChunk>>;
export function createFimCompletion(client: DeepSeekCore, body: FimCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<TextCompletion>;
export function createFimCompletion(client: DeepSeekCore, body: FimCompletionCreateParams, options?: RequestOptions): APIPromise<TextCompletion | ChunkStream<TextCompletionChunk>>;
export function createFimCompletion(client: DeepSeekCore, body: FimCompletionCreateParams, options?: RequestOptions): APIPromise<TextCompletion | ChunkStream<TextCompletionChunk>> {
  return fimCompletion(client, body, options, chunkStream<TextCompletionChunk>);
}

/**
 * Lists the models the account can call (canonical ids only, not aliases).
 *
 * @example
 * ```ts
 * const { data } = await listModels(deepseek);
 * console.log(data.map((model) => model.id));
 * ```
 */
export function listModels(client: DeepSeekCore, options?: RequestOptions): APIPromise<ModelList> {
  return APIPromise.from(settle(() => transportOf(client).send('GET', '/models', options)));
}

/**
 * Retrieves the account balance. Amounts are decimal strings; look entries up by
 * `currency`, since the order of `balance_infos` is not stable.
 *
 * @example
 * ```ts
 * const balance = await retrieveBalance(deepseek);
 * if (!balance.is_available) throw new Error('top up first');
 * ```
 */
export function retrieveBalance(client: DeepSeekCore, options?: RequestOptions): APIPromise<UserBalance> {
  return APIPromise.from(settle(() => transportOf(client).send('GET', '/user/balance', options)));
}

/** @internal `POST /chat/completions`, its stream wrapped by `makeStream`. */
export function chatCompletion<S>(client: DeepSeekCore, body: ChatCompletionCreateParams, options: RequestOptions = {}, makeStream: MakeStream<S>): APIPromise<ChatCompletion | S> {
  const beta = needsBetaServer(body);
  if (body.stream === true) return streamed(client, '/chat/completions', body, options, beta, makeStream);
  return APIPromise.from(settle(() => transportOf(client).post('/chat/completions', body, options, beta)));
}

/** @internal `POST /beta/completions`, its stream wrapped by `makeStream`. */
export function fimCompletion<S>(client: DeepSeekCore, body: FimCompletionCreateParams, options: RequestOptions = {}, makeStream: MakeStream<S>): APIPromise<TextCompletion | S> {
  if (body.stream === true) return streamed(client, '/completions', body, options, true, makeStream);
  return APIPromise.from(settle(() => transportOf(client).post('/completions', body, options, true)));
}

/** @internal A streamed `POST path`, its stream wrapped by `makeStream` (also the Responses surface's). */
export function streamed<S, P extends PathsWith<'post'>>(
  client: DeepSeekCore,
  path: P,
  body: JsonRequestBody<P>,
  options: RequestOptions,
  beta: boolean,
  makeStream: MakeStream<S>,
): APIPromise<S> {
  return APIPromise.from(
    settle(() => {
      // Settings are checked before anything is sent.
      const settings: StreamSettings = { idleTimeout: nonNegative('idleTimeout', options.idleTimeout ?? client.idleTimeout) };
      return transportOf(client)
        .postStream(path, body, options, beta)
        .then((result) => ({ data: makeStream(result, settings), response: result.response }));
    }),
  );
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

/** @internal Runs `fn` and turns a throw into a rejection, so a bad option rejects the call's promise. */
export function settle<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (error) {
    return Promise.reject(error);
  }
}
