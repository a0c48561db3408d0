/**
 * The opt-in `Responses` resource of the `DeepSeek` class
 * (`new DeepSeek().with({ responses: Responses })`): `create()` and `parse()` over the
 * functional core's `createResponse()` and `parseResponse()`.
 */
import type { APIPromise } from './api-promise';
import type { DeepSeekCore } from './core';
import { createResponse } from './responses';
import { parseResponse, type ParsedResponse, type ParseResponseParams } from './responses-parse';
import type { ResponseStream } from './responses-stream';
import type { ResponseCreateParams, ResponseCreateParamsNonStreaming, ResponseCreateParamsStreaming, ResponseObject } from './responses-types';
import type { InferSchemaOutput, SchemaLike } from './toolkit/schema';
import type { RequestOptions } from './transport';

/**
 * `client.responses`: `POST /responses`, an opt-in resource. Attach it with
 * `client.with({ responses: Responses })`.
 *
 * @example
 * ```ts
 * import { DeepSeek, Responses } from 'deepseek-fetch';
 *
 * const client = new DeepSeek().with({ responses: Responses });
 * const response = await client.responses.create({ model: 'deepseek-flash', input: 'Hi!' });
 * ```
 */
export class Responses {
  readonly #client: DeepSeekCore;

  /** @internal Built by `client.with({ responses: Responses })`. */
  constructor(client: DeepSeekCore) {
    this.#client = client;
  }

  /**
   * Creates a model response. With `stream: true` it resolves (once headers arrive) to a
   * {@link ResponseStream}: iterate its events (narrowed by `event.type`), then
   * `finalResponse()`. Without, to the response object. `.withResponse()` gives the raw HTTP
   * response and DeepSeek's trace id too.
   *
   * @example
   * ```ts
   * const response = await client.responses.create({
   *   model: 'deepseek-flash',
   *   instructions: 'Be brief.',
   *   input: 'How many r are in strawberry?',
   *   reasoning: { effort: 'high' },
   * });
   * console.log(outputText(response), response.usage);
   *
   * const stream = await client.responses.create({ model: 'deepseek-flash', input: 'Hi!', stream: true });
   * for await (const event of stream) if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
   * const final = await stream.finalResponse();
   * ```
   */
  create(body: ResponseCreateParamsStreaming, options?: RequestOptions): APIPromise<ResponseStream>;
  create(body: ResponseCreateParamsNonStreaming, options?: RequestOptions): APIPromise<ResponseObject>;
  create(body: ResponseCreateParams, options?: RequestOptions): APIPromise<ResponseObject | ResponseStream>;
  create(body: ResponseCreateParams, options?: RequestOptions): APIPromise<ResponseObject | ResponseStream> {
    return createResponse(this.#client, body, options);
  }

  /**
   * Asks for an answer that matches `schema` (`text.format` `json_schema`) and resolves to the
   * validated value, with one repair round by default; see {@link parseResponse}.
   *
   * @example
   * ```ts
   * import { z } from 'zod';
   *
   * const { parsed } = await client.responses.parse({
   *   model: 'deepseek-flash',
   *   input: 'Extract: "Ada Lovelace, born 1815 in London"',
   *   schema: z.object({ name: z.string(), born: z.number().int(), city: z.string() }),
   *   name: 'person',
   * });
   * ```
   */
  parse<S extends SchemaLike>(params: ParseResponseParams<S>, options?: RequestOptions): Promise<ParsedResponse<InferSchemaOutput<S>>> {
    return parseResponse(this.#client, params, options);
  }
}
