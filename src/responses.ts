/**
 * `POST /responses`, DeepSeek's dialect of OpenAI's Responses API: the functional core's
 * `createResponse(core, params)`, which the opt-in `Responses` resource (responses-resource.ts)
 * calls. Neither the `DeepSeek` class nor the chat functions import this module, so a
 * chat-only bundle does not carry it.
 *
 * The endpoint keeps no state: every request carries the whole conversation as `input` items
 * (see `toInputItems` for the order DeepSeek requires).
 */
import { APIPromise } from './api-promise';
import { transportOf, type DeepSeekCore } from './core';
import { settle, streamed } from './operations';
import { ResponseStream } from './responses-stream';
import type { ResponseCreateParams, ResponseCreateParamsNonStreaming, ResponseCreateParamsStreaming, ResponseObject } from './responses-types';
import type { RequestOptions } from './transport';

/**
 * Creates a model response. With `stream: true` it resolves (once headers arrive) to a
 * {@link ResponseStream} of typed events; otherwise to the response object. Request options
 * are chat's: `signal`, `timeout`, `idleTimeout` (streams), `maxRetries`, `headers`.
 *
 * @example
 * ```ts
 * import { DeepSeekCore, createResponse, outputText } from 'deepseek-fetch';
 *
 * const deepseek = new DeepSeekCore();
 * const response = await createResponse(deepseek, { model: 'deepseek-flash', input: 'Hi!' });
 * console.log(outputText(response));
 *
 * const stream = await createResponse(deepseek, { model: 'deepseek-flash', input: 'Hi!', stream: true });
 * for await (const event of stream) if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
 * ```
 */
export function createResponse(client: DeepSeekCore, body: ResponseCreateParamsStreaming, options?: RequestOptions): APIPromise<ResponseStream>;
export function createResponse(client: DeepSeekCore, body: ResponseCreateParamsNonStreaming, options?: RequestOptions): APIPromise<ResponseObject>;
export function createResponse(client: DeepSeekCore, body: ResponseCreateParams, options?: RequestOptions): APIPromise<ResponseObject | ResponseStream>;
export function createResponse(client: DeepSeekCore, body: ResponseCreateParams, options: RequestOptions = {}): APIPromise<ResponseObject | ResponseStream> {
  if (body.stream === true) return streamed(client, '/responses', body, options, false, ResponseStream.create);
  return APIPromise.from(settle(() => transportOf(client).post('/responses', body, options)));
}
