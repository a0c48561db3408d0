/**
 * Structured output on DeepSeek's chat endpoint, which has no `json_schema` response format and,
 * in thinking mode, refuses a forced `tool_choice` (400 "Thinking mode does not support this
 * tool_choice"). So, in every mode: `response_format: {type: 'json_object'}` with the schema in
 * a system instruction that contains the word "json" (JSON mode requires it,
 * https://api-docs.deepseek.com/guides/json_mode), the answer validated with the schema, and a
 * bounded repair round that shows the model its invalid answer and the issues.
 */
import type { DeepSeekCore } from '../core';
import { DeepSeekError } from '../errors';
import { toAssistantMessage } from '../messages';
import { createChatCompletion } from '../operations';
import type { RequestOptions } from '../transport';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatMessage, Usage } from '../types';
import { StructuredOutputError, type StructuredOutputErrorKind } from './errors';
import { formatIssues, toJSONSchema, validateSchema, type InferSchemaOutput, type SchemaIssue, type SchemaLike } from './schema';
import { addUsage, emptyUsage } from './usage';

/**
 * Parameters of `parse()`: a non-streamed chat request without `response_format`, `tools`,
 * `tool_choice` or `stream` (the call sets the response format and never forces a tool), plus
 * the schema of the answer.
 */
export type ParseChatCompletionParams<S extends SchemaLike = SchemaLike> = Omit<
  ChatCompletionCreateParamsNonStreaming,
  'response_format' | 'tools' | 'tool_choice' | 'stream'
> & {
  /** The answer's schema: a Standard Schema with JSON Schema support, `jsonSchema<T>()`, or a JSON Schema object. Its root should be an object. */
  schema: S;
  /**
   * How many times an invalid answer (not JSON, not matching the schema, or empty) is sent back
   * with the problem for a corrected one. Default 1; 0 turns repair off.
   */
  repairRounds?: number | undefined;
  /**
   * The system instruction placed after your leading system messages. Default: a sentence
   * asking for json only, followed by the JSON Schema. It must contain the word "json".
   */
  instruction?: string | undefined;
};

/** What `parse()` resolves to. */
export interface ParsedChatCompletion<T> {
  /** The answer, validated (and transformed) by the schema. */
  readonly parsed: T;
  /** The answer's text, exactly as returned. */
  readonly raw: string;
  /** The completion that carried the valid answer. */
  readonly completion: ChatCompletion;
  /** Requests made: 1 plus the repair rounds used. */
  readonly attempts: number;
  /** Usage summed over every attempt. */
  readonly usage: Usage;
}

/**
 * Asks for a JSON answer that matches `schema`, in thinking mode or not, and resolves to the
 * validated value. Rejects with {@link StructuredOutputError} (carrying the raw text and the
 * issues) when no valid answer came within the repair rounds, or the answer was cut
 * (`finish_reason: length`: raise `max_tokens`).
 *
 * @example
 * ```ts
 * import { DeepSeekCore, parseChatCompletion } from 'deepseek-fetch';
 * import { z } from 'zod';
 *
 * const deepseek = new DeepSeekCore();
 * const { parsed } = await parseChatCompletion(deepseek, {
 *   model: 'deepseek-flash',
 *   messages: [{ role: 'user', content: 'Extract: "Ada Lovelace, born 1815 in London"' }],
 *   schema: z.object({ name: z.string(), born: z.number().int(), city: z.string() }),
 * });
 * parsed.born; // number
 * ```
 */
export async function parseChatCompletion<S extends SchemaLike>(
  core: DeepSeekCore,
  params: ParseChatCompletionParams<S>,
  options?: RequestOptions,
): Promise<ParsedChatCompletion<InferSchemaOutput<S>>> {
  const { schema, repairRounds = 1, instruction, ...body } = params;
  if (!Number.isInteger(repairRounds) || repairRounds < 0) throw new DeepSeekError(`repairRounds must be a non-negative integer; got ${String(repairRounds)}.`);
  const system = instruction ?? defaultInstruction(schema);
  if (!/json/i.test(system)) throw new DeepSeekError('The structured-output instruction must contain the word "json": DeepSeek\'s JSON mode requires it.');

  const messages = withInstruction(body.messages, system);
  let usage = emptyUsage();
  for (let attempt = 1; ; attempt++) {
    const completion = await createChatCompletion(core, { ...body, messages, response_format: { type: 'json_object' } }, options);
    usage = addUsage(usage, completion.usage);
    const outcome = await judge(schema, completion);
    if (outcome.ok) return { parsed: outcome.value as InferSchemaOutput<S>, raw: outcome.raw, completion, attempts: attempt, usage };
    // A cut answer would be cut again: only a larger max_tokens helps.
    if (outcome.kind === 'truncated' || attempt > repairRounds) {
      throw new StructuredOutputError(outcome.kind, outcome.message, { raw: outcome.raw, completion, attempts: attempt, issues: outcome.issues, cause: outcome.cause });
    }
    // An empty answer is asked again as it was; an invalid one is shown back with its problem.
    if (outcome.kind !== 'empty') messages.push(toAssistantMessage(completion), { role: 'user', content: repairRequest(outcome) });
  }
}

type Outcome =
  | { ok: true; value: unknown; raw: string }
  | { ok: false; kind: StructuredOutputErrorKind; message: string; raw: string; issues: readonly SchemaIssue[]; cause?: unknown };

async function judge(schema: SchemaLike, completion: ChatCompletion): Promise<Outcome> {
  const choice = completion.choices?.[0];
  const raw = choice?.message.content ?? '';
  const finish = choice?.finish_reason;
  if (finish === 'length' || finish === 'content_filter' || finish === 'insufficient_system_resource') {
    const hint = finish === 'length' ? ' Raise max_tokens (reasoning counts against it in thinking mode).' : '';
    return { ok: false, kind: 'truncated', message: `The structured answer was cut (finish_reason: ${finish}), so it is not complete json.${hint}`, raw, issues: [] };
  }
  if (raw.trim() === '') {
    return { ok: false, kind: 'empty', message: 'The model returned empty content in JSON mode (DeepSeek\'s JSON mode does so occasionally).', raw, issues: [] };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    // The parser's message quotes part of the answer; it stays in `cause`, not in the message.
    return { ok: false, kind: 'invalid_json', message: 'The structured answer is not valid JSON.', raw, issues: [], cause: error };
  }
  const checked = await validateSchema(schema, value);
  if (checked.success) return { ok: true, value: checked.value, raw };
  return { ok: false, kind: 'invalid', message: `The structured answer does not match the schema:\n${formatIssues(checked.issues)}`, raw, issues: checked.issues };
}

function defaultInstruction(schema: SchemaLike): string {
  return (
    'Reply with json only: a single JSON value that conforms to the JSON Schema below. ' +
    'No prose, no Markdown code fences.\n\nJSON Schema:\n' +
    JSON.stringify(toJSONSchema(schema))
  );
}

/** The conversation with the instruction after the leading system messages, so it stays in the cached prefix. */
function withInstruction(messages: readonly ChatMessage[], instruction: string): ChatMessage[] {
  let at = 0;
  while (at < messages.length && messages[at]!.role === 'system') at++;
  return [...messages.slice(0, at), { role: 'system', content: instruction }, ...messages.slice(at)];
}

function repairRequest(outcome: Extract<Outcome, { ok: false }>): string {
  const problem =
    outcome.kind === 'invalid_json'
      ? `it is not valid JSON (${outcome.cause instanceof Error ? outcome.cause.message : 'parse error'})`
      : `it does not match the JSON Schema:\n${formatIssues(outcome.issues)}`;
  return `Your previous reply is not usable: ${problem}\nReply again with only the corrected json, conforming to the JSON Schema.`;
}
