/**
 * Structured output on the Responses endpoint, which (unlike chat) takes a JSON Schema natively:
 * `text.format: {type: 'json_schema', name, schema}`. The schema may be a Standard Schema with
 * JSON Schema support (zod, ArkType, Valibot) or a plain JSON Schema, as in the toolkit; the
 * answer is validated on this side too, since nothing documents how strictly DeepSeek holds the
 * model to it, and an invalid answer gets a bounded repair round that replays the turn with the
 * problem. The schema handling is the toolkit's (src/toolkit/schema.ts), so both endpoints read
 * and check schemas the same way.
 */
import type { DeepSeekCore } from './core';
import { DeepSeekError, named } from './errors';
import { createResponse } from './responses';
import { toInputItems } from './responses-history';
import { outputText } from './responses-output';
import type { ResponseCreateParamsNonStreaming, ResponseInputItem, ResponseObject } from './responses-types';
import type { StructuredOutputErrorKind } from './toolkit/errors';
import { formatIssues, toJSONSchema, validateSchema, type InferSchemaOutput, type SchemaIssue, type SchemaLike } from './toolkit/schema';
import type { RequestOptions } from './transport';

/**
 * Parameters of `parseResponse()`: a non-streamed Responses request without `text` (the call
 * sets `text.format`), plus the schema of the answer and how it is named to the model.
 */
export type ParseResponseParams<S extends SchemaLike = SchemaLike> = Omit<ResponseCreateParamsNonStreaming, 'text' | 'stream'> & {
  /** The answer's schema: a Standard Schema with JSON Schema support, `jsonSchema<T>()`, or a JSON Schema object. */
  schema: S;
  /** The format's `name` (letters, digits, `_` and `-`). Default `output`. */
  name?: string | undefined;
  /** The format's `description`: what the answer is, for the model. */
  description?: string | undefined;
  /**
   * The format's `strict`: asks the server to hold the model to the schema. Left out by
   * default; the answer is validated here either way.
   */
  strict?: boolean | undefined;
  /**
   * How many times an invalid answer (not JSON, or not matching the schema) is replayed with
   * the problem for a corrected one. Default 1; 0 turns repair off.
   */
  repairRounds?: number | undefined;
};

/** What `parseResponse()` resolves to. */
export interface ParsedResponse<T> {
  /** The answer, validated (and transformed) by the schema. */
  readonly parsed: T;
  /** The answer's text (`outputText(response)`), exactly as returned. */
  readonly raw: string;
  /** The response that carried the valid answer. */
  readonly response: ResponseObject;
  /** Requests made: 1 plus the repair rounds used. */
  readonly attempts: number;
}

/**
 * A Responses structured answer did not produce a valid value, after the repair rounds
 * allowed. `raw` is the last answer's text and `response` the last response, so nothing the
 * model wrote is lost; the message names the problem and the issues, never the answer.
 */
export class StructuredResponseError extends DeepSeekError {
  /** What was wrong with the last answer (the same kinds as chat's `StructuredOutputError`). */
  readonly kind: StructuredOutputErrorKind;
  /** The last answer's text, exactly as returned (`''` when empty). */
  readonly raw: string;
  /** Schema issues of the last answer (`kind: 'invalid'`), else `[]`. */
  readonly issues: readonly SchemaIssue[];
  /** The last response. */
  readonly response: ResponseObject;
  /** Requests made: 1 plus the repair rounds used. */
  readonly attempts: number;

  constructor(
    kind: StructuredOutputErrorKind,
    message: string,
    details: { raw: string; response: ResponseObject; attempts: number; issues?: readonly SchemaIssue[]; cause?: unknown },
  ) {
    // Named here, not by a top-level call, which a bundler keeps in every bundle of dist/index.js.
    named(StructuredResponseError, 'StructuredResponseError');
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.raw = details.raw;
    this.issues = details.issues ?? [];
    this.response = details.response;
    this.attempts = details.attempts;
  }
}

/**
 * Asks for an answer that matches `schema` with `text.format` `json_schema`, and resolves to the
 * validated value. Rejects with {@link StructuredResponseError} (carrying the raw text, the
 * issues and the response) when no valid answer came within the repair rounds, or the response
 * ended `incomplete` (raise `max_output_tokens`).
 *
 * @example
 * ```ts
 * import { DeepSeekCore, parseResponse } from 'deepseek-fetch';
 * import { z } from 'zod';
 *
 * const deepseek = new DeepSeekCore();
 * const { parsed } = await parseResponse(deepseek, {
 *   model: 'deepseek-flash',
 *   input: 'Extract: "Ada Lovelace, born 1815 in London"',
 *   schema: z.object({ name: z.string(), born: z.number().int(), city: z.string() }),
 *   name: 'person',
 * });
 * parsed.born; // number
 * ```
 */
export async function parseResponse<S extends SchemaLike>(
  core: DeepSeekCore,
  params: ParseResponseParams<S>,
  options?: RequestOptions,
): Promise<ParsedResponse<InferSchemaOutput<S>>> {
  const { schema, name = 'output', description, strict, repairRounds = 1, ...body } = params;
  if (!Number.isInteger(repairRounds) || repairRounds < 0) throw new DeepSeekError(`repairRounds must be a non-negative integer; got ${String(repairRounds)}.`);
  const format = {
    type: 'json_schema' as const,
    name,
    schema: toJSONSchema(schema),
    ...(description === undefined ? {} : { description }),
    ...(strict === undefined ? {} : { strict }),
  };
  let input = body.input;
  for (let attempt = 1; ; attempt++) {
    const response = await createResponse(core, { ...body, input, text: { format } }, options);
    try {
      return { ...(await parseResponseOutput(response, schema)), response, attempts: attempt };
    } catch (error) {
      if (!(error instanceof StructuredResponseError)) throw error;
      const failed = new StructuredResponseError(error.kind, error.message, { raw: error.raw, response, attempts: attempt, issues: error.issues, cause: error.cause });
      // A cut answer would be cut again, and an empty one is asked again as it was.
      if (failed.kind === 'truncated' || attempt > repairRounds) throw failed;
      if (failed.kind !== 'empty') input = [...asItems(input), ...toInputItems(response), { role: 'user', content: repairRequest(failed) }];
    }
  }
}

/**
 * Validates a finished response's answer against `schema`: for a response from
 * `responses.create()` with your own `text.format`, or a stream's `finalResponse()`. Rejects
 * with {@link StructuredResponseError} as `parseResponse()` does (`attempts` is 1).
 *
 * @example
 * ```ts
 * const stream = await client.responses.create({ model, input, stream: true, text: { format: { type: 'json_schema', name: 'weather', schema: toJSONSchema(Weather) } } });
 * for await (const event of stream) if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
 * const { parsed } = await parseResponseOutput(await stream.finalResponse(), Weather);
 * ```
 */
export async function parseResponseOutput<S extends SchemaLike>(response: ResponseObject, schema: S): Promise<{ parsed: InferSchemaOutput<S>; raw: string }> {
  const raw = outputText(response);
  const fail = (kind: StructuredOutputErrorKind, message: string, extra: { issues?: readonly SchemaIssue[]; cause?: unknown } = {}): never => {
    throw new StructuredResponseError(kind, message, { raw, response, attempts: 1, ...extra });
  };
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    fail('truncated', `The structured answer was cut (status: incomplete${reason ? `, reason: ${reason}` : ''}), so it is not complete JSON.${reason === 'max_output_tokens' ? ' Raise max_output_tokens (reasoning counts against it).' : ''}`);
  }
  if (raw.trim() === '') fail('empty', 'The response has no answer text to parse (no output_text in its message items).');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    // The parser's message quotes part of the answer; it stays in `cause`, not in the message.
    fail('invalid_json', 'The structured answer is not valid JSON.', { cause: error });
  }
  const checked = await validateSchema(schema, value);
  if (!checked.success) fail('invalid', `The structured answer does not match the schema:\n${formatIssues(checked.issues)}`, { issues: checked.issues });
  return { parsed: (checked as { value: InferSchemaOutput<S> }).value, raw };
}

/** The request's input as items, so the replayed turn and the repair request can follow it. */
function asItems(input: ParseResponseParams['input']): ResponseInputItem[] {
  if (input === undefined || input === null) return [];
  return typeof input === 'string' ? [{ role: 'user', content: input }] : [...input];
}

function repairRequest(error: StructuredResponseError): string {
  const problem =
    error.kind === 'invalid_json'
      ? `it is not valid JSON (${error.cause instanceof Error ? error.cause.message : 'parse error'})`
      : `it does not match the JSON Schema:\n${formatIssues(error.issues)}`;
  return `Your previous answer is not usable: ${problem}\nAnswer again with only the corrected JSON, conforming to the schema.`;
}
