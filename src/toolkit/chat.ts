/**
 * The toolkit as an opt-in resource of the `DeepSeek` class: `client.with({ chat: ToolkitChat })`
 * replaces `chat` by one whose `completions` is a `ChatCompletions` (so `create()` is unchanged)
 * with `runTools()` and `parse()`. The class never imports this module, so a bundle that does
 * not use the toolkit does not carry it.
 */
import { ChatCompletions } from '../client';
import type { DeepSeekCore } from '../core';
import type { RequestOptions } from '../transport';
import { parseChatCompletion, type ParseChatCompletionParams, type ParsedChatCompletion } from './parse';
import { runTools, type ToolRunStream } from './run-tools';
import type { RunToolsParams, RunToolsParamsNonStreaming, RunToolsParamsStreaming, ToolRunResult } from './run-types';
import type { InferSchemaOutput, SchemaLike } from './schema';

/** `client.chat.completions` with the toolkit: `create()`, `runTools()` and `parse()`. */
export class ToolkitChatCompletions extends ChatCompletions {
  readonly #client: DeepSeekCore;

  /** @internal Built by {@link ToolkitChat}. */
  constructor(client: DeepSeekCore) {
    super(client);
    this.#client = client;
  }

  /**
   * Runs a tool loop: the model's tool calls run (in parallel) and their results go back in
   * call order, every turn's `reasoning_content` is kept as DeepSeek requires, and the loop ends
   * when the model answers without a tool call, `stopWhen` holds, or after `maxSteps` requests
   * (default 10). With `stream: true` it returns a {@link ToolRunStream} of events at once;
   * otherwise a promise of the {@link ToolRunResult}: the last completion, every step, the whole
   * conversation and the summed usage.
   *
   * @example
   * ```ts
   * import { DeepSeek, ToolkitChat, tool } from 'deepseek-fetch';
   * import { z } from 'zod';
   *
   * const client = new DeepSeek().with({ chat: ToolkitChat });
   * const getWeather = tool({
   *   name: 'get_weather',
   *   description: 'Current weather in a city.',
   *   parameters: z.object({ city: z.string() }),
   *   execute: async ({ city }) => ({ city, condition: 'light rain', celsius: 18 }),
   * });
   *
   * const result = await client.chat.completions.runTools({
   *   model: 'deepseek-flash',
   *   messages: [{ role: 'user', content: 'Do I need an umbrella in Hangzhou?' }],
   *   tools: [getWeather],
   * });
   * console.log(result.completion.choices[0].message.content);
   *
   * const run = client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [getWeather], stream: true });
   * for await (const event of run) if (event.type === 'text_delta') process.stdout.write(event.delta);
   * ```
   */
  runTools(params: RunToolsParamsStreaming, options?: RequestOptions): ToolRunStream;
  runTools(params: RunToolsParamsNonStreaming, options?: RequestOptions): Promise<ToolRunResult>;
  runTools(params: RunToolsParams, options?: RequestOptions): ToolRunStream | Promise<ToolRunResult>;
  runTools(params: RunToolsParams, options?: RequestOptions): ToolRunStream | Promise<ToolRunResult> {
    return runTools(this.#client, params, options);
  }

  /**
   * Structured output that works in thinking mode: JSON mode (`response_format: json_object`)
   * with the schema in a system instruction, the answer validated by the schema, and one repair
   * round by default. Resolves to `{ parsed, raw, completion, attempts, usage }`; rejects with a
   * `StructuredOutputError` that carries the raw text and the issues.
   *
   * @example
   * ```ts
   * const { parsed } = await client.chat.completions.parse({
   *   model: 'deepseek-flash',
   *   messages: [{ role: 'user', content: 'Extract: "Ada Lovelace, born 1815 in London"' }],
   *   schema: z.object({ name: z.string(), born: z.number().int(), city: z.string() }),
   * });
   * console.log(parsed.name, parsed.born);
   * ```
   */
  parse<S extends SchemaLike>(params: ParseChatCompletionParams<S>, options?: RequestOptions): Promise<ParsedChatCompletion<InferSchemaOutput<S>>> {
    return parseChatCompletion(this.#client, params, options);
  }
}

/**
 * The toolkit's `chat` resource, for `client.with({ chat: ToolkitChat })`: `chat.completions`
 * gains `runTools()` and `parse()`, and `create()` works as before.
 *
 * @example
 * ```ts
 * import { DeepSeek, ToolkitChat } from 'deepseek-fetch';
 *
 * const client = new DeepSeek().with({ chat: ToolkitChat });
 * const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools });
 * ```
 */
export class ToolkitChat {
  /** Chat completions with `runTools()` and `parse()`. */
  readonly completions: ToolkitChatCompletions;

  /** Built by `client.with({ chat: ToolkitChat })` with that client (any `DeepSeekCore` works). */
  constructor(client: DeepSeekCore) {
    this.completions = new ToolkitChatCompletions(client);
  }
}
