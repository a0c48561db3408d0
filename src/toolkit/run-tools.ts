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
import type { AssistantMessage, ChatCompletion, ChatCompletionCreateParams, ChatMessage, ToolCall, ToolMessage, Usage } from '../types';
import { ToolCallError, type ToolFailureKind } from './errors';
import { formatIssues, validateSchema, type SchemaIssue } from './schema';
import type { RunnableTool } from './tool';
import { addUsage, emptyUsage } from './usage';

/** Why a tool call produced no output: the error result sent to the model is built from it. */
export interface ToolFailure {
  readonly kind: ToolFailureKind;
  /** A sentence for the model (and for you): what went wrong with this call. */
  readonly message: string;
  readonly toolCall: ToolCall;
  /** Schema issues, for `invalid_arguments`. */
  readonly issues: readonly SchemaIssue[];
  /** What `execute` threw, for `execution`. */
  readonly error?: unknown;
}

/** The outcome of one tool call, in the order the model made the calls. */
export interface ToolResult {
  /** The call as the model made it. */
  readonly toolCall: ToolCall;
  /** The tool's name (`toolCall.function.name`). */
  readonly name: string;
  /** The tool message's `content`, as sent to the model. */
  readonly content: string;
  /** `ok`: `execute` returned; `error`: see `failure`; `denied`: the approval hook vetoed it. */
  readonly status: 'ok' | 'error' | 'denied';
  /** What `execute` returned (`status: 'ok'`). */
  readonly output?: unknown;
  /** What went wrong (`status: 'error'` or `'denied'`). */
  readonly failure?: ToolFailure;
}

/** One model request of the loop and the tool calls it led to. */
export interface ToolRunStep {
  /** 1 for the first request. */
  readonly step: number;
  /** The completion of this request (accumulated, when streamed). */
  readonly completion: ChatCompletion;
  /** The assistant message appended to the conversation for it (reasoning kept). */
  readonly message: AssistantMessage;
  /** The tool calls the model made (`[]` on the answering step). */
  readonly toolCalls: readonly ToolCall[];
  /** Their results, in call order. */
  readonly toolResults: readonly ToolResult[];
  /** This request's usage, as reported. */
  readonly usage: Usage | undefined;
}

/** What a stop condition sees after each step that ran tools. */
export interface ToolRunState {
  readonly steps: readonly ToolRunStep[];
  readonly messages: readonly ChatMessage[];
}

/** Ends the loop after a step that ran tools when it returns true (the results are in `messages`). */
export type StopCondition = (state: ToolRunState) => boolean | Promise<boolean>;

/**
 * A stop condition: true once a step called one of the named tools (for example a `final_answer`
 * tool whose arguments are the result).
 *
 * @example
 * ```ts
 * const result = await client.chat.completions.runTools({ model, messages, tools, stopWhen: hasToolCall('submit') });
 * ```
 */
export function hasToolCall(...names: string[]): StopCondition {
  return ({ steps }) => steps.at(-1)?.toolCalls.some((call) => names.includes(call.function.name)) ?? false;
}

/** What the approval hook is asked about: a call whose arguments passed validation. */
export interface ApprovalRequest {
  readonly toolCall: ToolCall;
  readonly tool: RunnableTool;
  /** The validated arguments `execute` would get. */
  readonly args: unknown;
  readonly step: number;
}

/**
 * Decides whether a call runs: `true` runs it; `false` or a string (the reason, shown to the
 * model) vetoes it, and the model gets an error result instead.
 */
export type ApprovalHook = (request: ApprovalRequest) => boolean | string | Promise<boolean | string>;

/** The loop's own settings, next to the chat parameters of `runTools()`. */
export interface ToolRunControls {
  /** The tools the model may call, made with `tool()`. */
  tools: readonly RunnableTool[];
  /** Most model requests to make (default 10). The tools of the last one still run. */
  maxSteps?: number | undefined;
  /** Ends the loop after a step that ran tools, when one of them returns true. */
  stopWhen?: StopCondition | readonly StopCondition[] | undefined;
  /** Asked before each call runs; can veto it. */
  approve?: ApprovalHook | undefined;
  /**
   * What a failed call (unknown tool, arguments that are not JSON or not valid, `execute`
   * throwing) becomes. `'report'` (default): an error result the model sees,
   * `{"error": "<what went wrong>"}`, so it can correct itself. `'throw'`: the run rejects with
   * a `ToolCallError` (other calls of the step get the abort signal). A function: the content
   * to send, built from the failure (vetoed calls too).
   */
  toolErrors?: 'report' | 'throw' | ((failure: ToolFailure) => string) | undefined;
  /**
   * Request options for one step, laid over the run's `options` (headers are merged; the run's
   * signal stays): per-step timeouts, tracing headers with the step number…
   */
  stepOptions?: ((step: number, state: ToolRunState) => RequestOptions | undefined) | undefined;
}

/**
 * Parameters of `runTools()`: a chat request (sent on every step, with the growing `messages`)
 * whose `tools` are `tool()`s, plus the loop's settings. `stream: true` streams every step.
 */
export type RunToolsParams = Omit<ChatCompletionCreateParams, 'tools' | 'stream'> & ToolRunControls & { stream?: boolean | null | undefined };
/** `runTools()` streaming events. */
export type RunToolsParamsStreaming = RunToolsParams & { stream: true };
/** `runTools()` resolving to the result. */
export type RunToolsParamsNonStreaming = RunToolsParams & { stream?: false | null | undefined };

/**
 * Why the loop ended. `done`: the model answered without calling a tool. `truncated`: the last
 * turn was cut (`finish_reason` `length`, `content_filter` or `insufficient_system_resource`);
 * its tool calls, whose arguments may be cut too, did not run. `max_steps` and `stop_when`: the
 * tools of the last step ran and their results end `messages`.
 */
export type ToolRunStopReason = 'done' | 'truncated' | 'max_steps' | 'stop_when';

/** What a finished run returns. */
export interface ToolRunResult {
  /** The last completion: the answer when `stopReason` is `done`. */
  readonly completion: ChatCompletion;
  /** Every step, in order. */
  readonly steps: readonly ToolRunStep[];
  /** The whole conversation: your messages, then every assistant turn and tool result. Append a user message to continue it. */
  readonly messages: readonly ChatMessage[];
  /** Usage summed over every step, cache hits and reasoning tokens included. */
  readonly usage: Usage;
  readonly stopReason: ToolRunStopReason;
}

/** One event of a streamed run, in order: per step `step_start`, deltas, `tool_call`s, `tool_result`s, `step_end`; then `final`. */
export type ToolRunEvent =
  | { readonly type: 'step_start'; readonly step: number }
  /** A fragment of the model's reasoning (thinking mode). */
  | { readonly type: 'reasoning_delta'; readonly step: number; readonly delta: string }
  /** A fragment of the model's answer text. */
  | { readonly type: 'text_delta'; readonly step: number; readonly delta: string }
  /** A complete tool call (arguments whole), once the step's stream ended. */
  | { readonly type: 'tool_call'; readonly step: number; readonly toolCall: ToolCall }
  /** A call finished; results arrive as calls finish (the conversation keeps call order). */
  | { readonly type: 'tool_result'; readonly step: number; readonly result: ToolResult }
  | ({ readonly type: 'step_end' } & ToolRunStep)
  | { readonly type: 'final'; readonly result: ToolRunResult };

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

interface CallRunner {
  byName: ReadonlyMap<string, RunnableTool>;
  approve: ApprovalHook | undefined;
  toolErrors: NonNullable<ToolRunControls['toolErrors']>;
  signal: AbortSignal;
}

/** Runs one call to a result. Rejects only in `toolErrors: 'throw'` mode. */
async function runCall(runner: CallRunner, toolCall: ToolCall, context: { step: number; messages: readonly ChatMessage[] }): Promise<ToolResult> {
  const name = toolCall.function.name;
  const fail = (kind: ToolFailureKind, message: string, extra: { issues?: readonly SchemaIssue[]; error?: unknown } = {}): ToolResult => {
    const failure: ToolFailure = { kind, message, toolCall, issues: extra.issues ?? [], ...('error' in extra ? { error: extra.error } : {}) };
    const { toolErrors } = runner;
    if (toolErrors === 'throw' && kind !== 'denied') throw new ToolCallError(kind, message, toolCall, { cause: extra.error, issues: failure.issues });
    const content = typeof toolErrors === 'function' ? toolErrors(failure) : JSON.stringify({ error: message });
    return { toolCall, name, content, status: kind === 'denied' ? 'denied' : 'error', failure };
  };

  const tool = runner.byName.get(name);
  if (!tool) {
    const known = [...runner.byName.keys()];
    return fail('unknown_tool', `There is no tool named "${name}". Available tools: ${known.length > 0 ? known.join(', ') : 'none'}.`);
  }
  let args: unknown;
  try {
    const text = toolCall.function.arguments ?? '';
    // A tool without parameters may be called with empty arguments.
    args = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return fail('invalid_arguments', `The arguments of ${name} are not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { error });
  }
  if (tool.parameters !== undefined) {
    const checked = await validateSchema(tool.parameters, args);
    if (!checked.success) {
      return fail('invalid_arguments', `The arguments of ${name} do not match its schema:\n${formatIssues(checked.issues)}`, { issues: checked.issues });
    }
    args = checked.value;
  }
  if (runner.approve) {
    const verdict = await runner.approve({ toolCall, tool, args, step: context.step });
    if (verdict !== true) {
      return fail('denied', `The call to ${name} was denied${typeof verdict === 'string' && verdict !== '' ? `: ${verdict}` : '.'}`);
    }
  }
  let output: unknown;
  try {
    output = await tool.execute(args, { signal: runner.signal, toolCallId: toolCall.id, step: context.step, messages: context.messages });
  } catch (error) {
    return fail('execution', `${name} failed: ${error instanceof Error ? error.message : String(error)}`, { error });
  }
  let content: string;
  try {
    content = typeof output === 'string' ? output : (JSON.stringify(output ?? null) ?? 'null');
  } catch (error) {
    return fail('execution', `${name} returned a value that cannot be sent as JSON (${error instanceof Error ? error.message : String(error)}).`, { error });
  }
  return { toolCall, name, content, status: 'ok', output };
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
