/**
 * The tool loop: ask the model, run the tools it called (in parallel), send the results back,
 * and repeat until it answers without a tool call, a stop condition holds, or `maxSteps`
 * requests were made. DeepSeek's history rules are kept by construction, from what the server
 * returned and never from the model id: each assistant turn is replayed by `toAssistantMessage`
 * with its `reasoning_content` exactly as returned (streamed fragments concatenated), and a
 * tool-call turn without one gets `""` (https://api-docs.deepseek.com/guides/thinking_mode:
 * since V4 a missing one is a 400 "The `reasoning_content` in the thinking mode must be passed
 * back to the API.").
 */
import { ChatCompletionAccumulator } from '../accumulate';
import type { DeepSeekCore } from '../core';
import { APIUserAbortError, DeepSeekError } from '../errors';
import { toAssistantMessage } from '../messages';
import { createChatCompletion } from '../operations';
import type { RequestOptions } from '../transport';
import type { ChatCompletion, ChatCompletionCreateParams, ChatMessage, ToolMessage } from '../types';
import type {
  RunToolsParams,
  RunToolsParamsNonStreaming,
  RunToolsParamsStreaming,
  ToolResult,
  ToolRunEvent,
  ToolRunResult,
  ToolRunState,
  ToolRunStep,
} from './run-types';
import type { RunnableTool } from './tool';
import { runCall, type CallRunner } from './tool-call';
import { addUsage, emptyUsage } from './usage';

const defaultMaxSteps = 10;
const cutReasons = new Set(['length', 'content_filter', 'insufficient_system_resource']);

/**
 * A streamed tool run: `for await` its {@link ToolRunEvent}s, or call `finalResult()`. It can
 * be iterated once. `break` stops it (the request in flight is cancelled and running tools get
 * the abort signal); `abort()` does the same from elsewhere and ends the iteration quietly.
 */
export class ToolRunStream implements AsyncIterable<ToolRunEvent> {
  readonly #controller = new AbortController();
  readonly #events: AsyncGenerator<ToolRunEvent, void, undefined>;
  #started = false;
  #aborted = false;
  #result: ToolRunResult | undefined;
  #final: Promise<ToolRunResult> | undefined;

  /** @internal Made by `runTools()`. */
  constructor(core: DeepSeekCore, params: RunToolsParams, options: RequestOptions, streaming: boolean) {
    this.#events = this.#run(core, params, options, streaming);
  }

  async *#run(core: DeepSeekCore, params: RunToolsParams, options: RequestOptions, streaming: boolean): AsyncGenerator<ToolRunEvent, void, undefined> {
    const controller = this.#controller;
    const caller = options.signal;
    const forward = (): void => controller.abort(caller?.reason);
    if (caller?.aborted) forward();
    else caller?.addEventListener('abort', forward, { once: true });
    try {
      this.#result = yield* toolLoop(core, params, { ...options, signal: controller.signal }, streaming);
    } catch (error) {
      if (this.#aborted && error instanceof APIUserAbortError) return;
      throw error;
    } finally {
      caller?.removeEventListener('abort', forward);
      // A break, a failure or an abort: the request in flight and running tools stop too.
      if (!this.#result) controller.abort();
    }
  }

  /** Iterates the run's events; see {@link ToolRunEvent}. */
  [Symbol.asyncIterator](): AsyncIterator<ToolRunEvent> {
    if (this.#started) throw new DeepSeekError('This tool run has already been consumed; it can be iterated once.');
    this.#started = true;
    return this.#events;
  }

  /**
   * Runs whatever is left of the loop (all of it if nothing was iterated) and resolves to its
   * result. Rejects with the run's error, or `APIUserAbortError` if it was stopped first.
   */
  finalResult(): Promise<ToolRunResult> {
    this.#final ??= (async () => {
      this.#started = true;
      for (;;) if ((await this.#events.next()).done) break;
      if (this.#result) return this.#result;
      throw new APIUserAbortError('The tool run was stopped (abort(), break or return()) before it finished.');
    })();
    return this.#final;
  }

  /** Stops the run: cancels the request in flight, signals running tools, ends the iteration quietly. */
  abort(): void {
    this.#aborted = true;
    this.#controller.abort(new APIUserAbortError('The tool run was aborted.'));
  }
}

/**
 * Runs a tool loop over the functional core: the model's tool calls run (in parallel), their
 * results go back in call order, and every turn's `reasoning_content` is kept, until the model
 * answers without a tool call, `stopWhen` holds, or `maxSteps` requests were made. With
 * `stream: true` it returns a {@link ToolRunStream} of events at once; otherwise a promise of
 * the {@link ToolRunResult}. `options` apply to every request; its `signal` reaches the tools.
 *
 * @example
 * ```ts
 * import { DeepSeekCore, runTools, tool } from 'deepseek-fetch';
 * import { z } from 'zod';
 *
 * const deepseek = new DeepSeekCore();
 * const getWeather = tool({
 *   name: 'get_weather',
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }) => ({ city, celsius: 18 }),
 * });
 * const result = await runTools(deepseek, {
 *   model: 'deepseek-flash',
 *   messages: [{ role: 'user', content: 'Weather in Hangzhou?' }],
 *   tools: [getWeather],
 * });
 * console.log(result.completion.choices[0].message.content, result.usage);
 * ```
 */
export function runTools(core: DeepSeekCore, params: RunToolsParamsStreaming, options?: RequestOptions): ToolRunStream;
export function runTools(core: DeepSeekCore, params: RunToolsParamsNonStreaming, options?: RequestOptions): Promise<ToolRunResult>;
export function runTools(core: DeepSeekCore, params: RunToolsParams, options?: RequestOptions): ToolRunStream | Promise<ToolRunResult>;
export function runTools(core: DeepSeekCore, params: RunToolsParams, options: RequestOptions = {}): ToolRunStream | Promise<ToolRunResult> {
  const streaming = params.stream === true;
  const run = new ToolRunStream(core, params, options, streaming);
  return streaming ? run : run.finalResult();
}

async function* toolLoop(core: DeepSeekCore, params: RunToolsParams, options: RequestOptions, streaming: boolean): AsyncGenerator<ToolRunEvent, ToolRunResult, undefined> {
  const { tools, maxSteps = defaultMaxSteps, stopWhen, approve, toolErrors = 'report', stepOptions, ...body } = params;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new DeepSeekError(`maxSteps must be a positive integer; got ${String(maxSteps)}.`);
  if (!Array.isArray(tools)) throw new DeepSeekError('runTools() needs tools: a list of tools made with tool().');
  const byName = new Map<string, RunnableTool>();
  for (const each of tools) {
    if (typeof each?.execute !== 'function' || typeof each.definition !== 'object') {
      const raw = each as unknown as { name?: unknown; function?: { name?: unknown } } | null | undefined;
      throw new DeepSeekError(`Every entry of tools must be made with tool(), which holds the schema and execute; got ${JSON.stringify(raw?.function?.name ?? raw?.name ?? String(raw))}.`);
    }
    if (byName.has(each.name)) throw new DeepSeekError(`Two tools are named "${each.name}"; tool names must be unique.`);
    byName.set(each.name, each);
  }
  const definitions = tools.map((each) => each.definition);
  const conditions = stopWhen === undefined ? [] : typeof stopWhen === 'function' ? [stopWhen] : stopWhen;
  const signal = options.signal!;
  const messages: ChatMessage[] = [...body.messages];
  const steps: ToolRunStep[] = [];
  let usage = emptyUsage();
  const runner: CallRunner = { byName, approve, toolErrors, signal };

  for (let step = 1; ; step++) {
    if (signal.aborted) throw abortError(signal);
    yield { type: 'step_start', step };
    const request: ChatCompletionCreateParams = { ...body, messages: messages.slice(), ...(definitions.length > 0 ? { tools: definitions } : {}) };
    const requestOptions = stepOptions ? overlay(options, stepOptions(step, { steps: steps.slice(), messages: messages.slice() })) : options;
    let completion: ChatCompletion;
    if (streaming) {
      const stream = await createChatCompletion(core, { ...request, stream: true }, requestOptions);
      const accumulator = new ChatCompletionAccumulator();
      for await (const chunk of stream) {
        accumulator.add(chunk);
        const delta = chunk.choices?.[0]?.delta;
        if (delta?.reasoning_content) yield { type: 'reasoning_delta', step, delta: delta.reasoning_content };
        if (delta?.content) yield { type: 'text_delta', step, delta: delta.content };
      }
      completion = accumulator.result();
    } else {
      completion = await createChatCompletion(core, request as ChatCompletionCreateParams & { stream?: false }, requestOptions);
    }

    const choice = completion.choices?.[0];
    if (!choice) throw new DeepSeekError('The completion has no choices, so the tool loop cannot go on.');
    const message = toAssistantMessage(completion);
    messages.push(message);
    usage = addUsage(usage, completion.usage);
    const toolCalls = choice.message.tool_calls ?? [];
    const cut = cutReasons.has(choice.finish_reason);

    if (toolCalls.length === 0 || cut) {
      const last: ToolRunStep = { step, completion, message, toolCalls, toolResults: [], usage: completion.usage };
      steps.push(last);
      yield { type: 'step_end', ...last };
      return yield* finish({ completion, steps, messages, usage, stopReason: cut ? 'truncated' : 'done' });
    }

    const context = { step, messages: Object.freeze(messages.slice()) };
    const results: ToolResult[] = new Array(toolCalls.length);
    const running = new Map<number, Promise<number>>();
    toolCalls.forEach((toolCall, index) => {
      running.set(index, runCall(runner, toolCall, context).then((result) => ((results[index] = result), index)));
    });
    for (const toolCall of toolCalls) yield { type: 'tool_call', step, toolCall };
    while (running.size > 0) {
      const index = await untilAborted(Promise.race(running.values()), signal);
      running.delete(index);
      yield { type: 'tool_result', step, result: results[index]! };
    }
    // Results go back in call order, whatever order the calls finished in.
    for (const result of results) messages.push({ role: 'tool', tool_call_id: result.toolCall.id, content: result.content } satisfies ToolMessage);

    const done: ToolRunStep = { step, completion, message, toolCalls, toolResults: results, usage: completion.usage };
    steps.push(done);
    yield { type: 'step_end', ...done };
    const state: ToolRunState = { steps: steps.slice(), messages: messages.slice() };
    for (const condition of conditions) {
      if (await condition(state)) return yield* finish({ completion, steps, messages, usage, stopReason: 'stop_when' });
    }
    if (step >= maxSteps) return yield* finish({ completion, steps, messages, usage, stopReason: 'max_steps' });
  }
}

async function* finish(result: ToolRunResult): AsyncGenerator<ToolRunEvent, ToolRunResult, undefined> {
  yield { type: 'final', result };
  return result;
}

/** The run's options with one step's laid over them; the run's signal always stays. */
function overlay(options: RequestOptions, step: RequestOptions | undefined): RequestOptions {
  if (!step) return options;
  return { ...options, ...step, headers: { ...options.headers, ...step.headers }, signal: options.signal };
}

function abortError(signal: AbortSignal): APIUserAbortError {
  return new APIUserAbortError(undefined, { cause: signal.reason });
}

/** `promise`, or a rejection with `APIUserAbortError` as soon as `signal` fires (a tool that ignores its signal does not hold the run). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
