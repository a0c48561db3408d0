/**
 * The toolkit's errors, each a `DeepSeekError`, for the three cases a caller branches on: a
 * strict tool whose schema DeepSeek would refuse, a tool failure in a loop configured to throw,
 * and structured output that never became a valid value. Kept out of src/errors.ts, so a
 * bundle without the toolkit carries none of them.
 *
 * Each constructor names its class (`named()`, as src/errors.ts does, on the prototype and
 * before `super()`, so the stack header is right) instead of a top-level `named()` call: the
 * published build is one file, where a bundler must keep every top-level call, so top-level
 * calls here would put these classes into every bundle of the `DeepSeek` class.
 */
import { DeepSeekError, named } from '../errors';
import type { ChatCompletion, FinishReason, ToolCall } from '../types';
import type { SchemaIssue } from './schema';
import type { StrictSchemaProblem } from './strict';

/**
 * A `strict: true` tool's parameters leave DeepSeek's strict-mode subset (the server would
 * answer 400). Thrown by `tool()`, before anything is sent; `problems` lists every place.
 */
export class StrictSchemaError extends DeepSeekError {
  /** The tool's name. */
  readonly toolName: string;
  /** Every problem: a JSON Pointer into the schema and the rule it breaks. */
  readonly problems: readonly StrictSchemaProblem[];

  constructor(toolName: string, problems: readonly StrictSchemaProblem[]) {
    named(StrictSchemaError, 'StrictSchemaError');
    const lines = problems.map((problem) => `  ${problem.path || '(root)'}: ${problem.rule}`);
    super(`Tool "${toolName}" is strict, but its parameters are outside DeepSeek's strict-mode schema subset:\n${lines.join('\n')}`);
    this.toolName = toolName;
    this.problems = problems;
  }
}

/** Why a tool call did not produce a result. */
export type ToolFailureKind =
  /** The model called a tool that is not in `tools`. */
  | 'unknown_tool'
  /** The arguments were not JSON, or did not match the tool's schema. */
  | 'invalid_arguments'
  /** `execute` threw (or returned something that cannot be sent as JSON). */
  | 'execution'
  /** The approval hook vetoed the call. */
  | 'denied';

/**
 * A tool call failed in a loop run with `toolErrors: 'throw'` (by default failures go back to
 * the model as the tool's result instead). What `execute` threw is the `cause`.
 */
export class ToolCallError extends DeepSeekError {
  /** What failed: the tool was unknown, its arguments invalid, or `execute` threw. */
  readonly kind: Exclude<ToolFailureKind, 'denied'>;
  /** The call as the model made it (id, name, arguments text). */
  readonly toolCall: ToolCall;
  /** Schema issues, for `invalid_arguments`. */
  readonly issues: readonly SchemaIssue[];

  constructor(kind: Exclude<ToolFailureKind, 'denied'>, message: string, toolCall: ToolCall, options: { cause?: unknown; issues?: readonly SchemaIssue[] } = {}) {
    named(ToolCallError, 'ToolCallError');
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.toolCall = toolCall;
    this.issues = options.issues ?? [];
  }
}

/** Why structured output failed. */
export type StructuredOutputErrorKind =
  /** The answer was empty (DeepSeek's JSON mode "may occasionally return empty content"). */
  | 'empty'
  /** The answer was cut: `finish_reason` was `length` (raise `max_tokens`), `content_filter` or `insufficient_system_resource`. */
  | 'truncated'
  /** The answer was not JSON. */
  | 'invalid_json'
  /** The answer was JSON that does not match the schema (see `issues`). */
  | 'invalid';

/**
 * Structured output did not produce a valid value, after the repair rounds allowed. `raw` is the
 * last answer's text and `completion` its completion, so nothing the model wrote is lost. The
 * message names the problem and the issues, never the answer itself.
 */
export class StructuredOutputError extends DeepSeekError {
  /** What was wrong with the last answer; see {@link StructuredOutputErrorKind}. */
  readonly kind: StructuredOutputErrorKind;
  /** The last answer's text, exactly as returned (`''` when empty). */
  readonly raw: string;
  /** Schema issues of the last answer (`kind: 'invalid'`), else `[]`. */
  readonly issues: readonly SchemaIssue[];
  /** The last completion. */
  readonly completion: ChatCompletion;
  /** The last answer's finish reason. */
  readonly finishReason: FinishReason | undefined;
  /** Requests made: 1 plus the repair rounds used. */
  readonly attempts: number;

  constructor(
    kind: StructuredOutputErrorKind,
    message: string,
    details: { raw: string; completion: ChatCompletion; attempts: number; issues?: readonly SchemaIssue[]; cause?: unknown },
  ) {
    named(StructuredOutputError, 'StructuredOutputError');
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.raw = details.raw;
    this.issues = details.issues ?? [];
    this.completion = details.completion;
    this.finishReason = details.completion.choices[0]?.finish_reason;
    this.attempts = details.attempts;
  }
}
