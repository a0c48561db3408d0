/**
 * The shapes of a tool run: its settings next to the chat parameters, what each step and each
 * tool call produced, the events of a streamed run, and the stop conditions.
 */
import type { RequestOptions } from '../transport';
import type { AssistantMessage, ChatCompletion, ChatCompletionCreateParams, ChatMessage, ToolCall, Usage } from '../types';
import type { ToolFailureKind } from './errors';
import type { SchemaIssue } from './schema';
import type { RunnableTool } from './tool';

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

