/**
 * Typed tools: a name, a description, a schema for the arguments and the function that runs
 * them. `tool()` checks everything it can before a request is sent (the name, the schema's JSON
 * Schema, DeepSeek's strict subset) and builds the wire definition once.
 */
import { DeepSeekError } from '../errors';
import type { ChatMessage, Tool } from '../types';
import { StrictSchemaError } from './errors';
import { toJSONSchema, type InferSchemaOutput, type SchemaLike } from './schema';
import { strictSchemaProblems } from './strict';

/** What `execute` receives besides the arguments. */
export interface ToolContext {
  /** Fires when the run is aborted (your `signal`, `abort()`, or a failure in `toolErrors: 'throw'` mode): stop work then. */
  readonly signal: AbortSignal;
  /** The id of the call being run (`call_00_…`). */
  readonly toolCallId: string;
  /** The step (model request) that made the call, from 1. */
  readonly step: number;
  /** The conversation up to and including the assistant message that made the call. */
  readonly messages: readonly ChatMessage[];
}

/** The arguments `execute` gets for a `parameters` schema: its output type; none without a schema. */
export type InferToolArguments<S> = [S] extends [undefined] ? Record<string, never> : InferSchemaOutput<S>;

/** What `tool()` takes. */
export interface ToolOptions<S extends SchemaLike | undefined, Result> {
  /** The function name the model calls: `a-z A-Z 0-9 _ -`, at most 64 characters. */
  name: string;
  /** What the tool does and when to call it; the model reads it. */
  description?: string | undefined;
  /**
   * The arguments' schema: a Standard Schema with JSON Schema support (zod 4, ArkType 2,
   * Valibot via `toStandardJsonSchema()`), `jsonSchema<T>(...)`, or a JSON Schema object.
   * Omit it for a tool without arguments.
   */
  parameters?: S;
  /**
   * DeepSeek's strict mode (beta): the server holds the model to the schema. The schema must
   * be inside DeepSeek's strict subset (checked here, see `strictSchemaProblems`), and requests
   * go to the beta server by themselves.
   */
  strict?: boolean | undefined;
  /**
   * Runs the call with validated arguments. Return a string to send it as it is, anything else
   * to send it as JSON. A throw becomes an error result the model sees (see `toolErrors`).
   */
  execute: (args: InferToolArguments<S>, context: ToolContext) => Result | Promise<Result>;
}

/** A tool made by {@link tool}, ready for `runTools`. */
export interface RunnableTool<Args = unknown, Result = unknown> {
  /** The function name the model calls. */
  readonly name: string;
  /** What the model reads about the tool. */
  readonly description: string | undefined;
  /** The arguments' schema, as given (`undefined` for a tool without arguments). */
  readonly parameters: SchemaLike<Args> | undefined;
  /** Whether DeepSeek's strict mode (beta) holds the model to the schema. */
  readonly strict: boolean;
  /** The definition sent in the request's `tools`. */
  readonly definition: Tool;
  /** Runs the call (the loop validates the arguments first). */
  execute(args: Args, context: ToolContext): Result | Promise<Result>;
}

const namePattern = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a tool for `runTools`. The arguments' type comes from `parameters`, and the loop
 * validates the model's arguments against it before `execute` runs.
 *
 * @throws {DeepSeekError} for a name DeepSeek would refuse, or a schema that cannot be
 * converted to JSON Schema.
 * @throws {StrictSchemaError} for a `strict` tool whose schema is outside DeepSeek's strict subset.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { tool } from 'deepseek-fetch';
 *
 * const getWeather = tool({
 *   name: 'get_weather',
 *   description: 'Current weather in a city.',
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => fetchWeather(city, { signal }), // city: string
 * });
 * ```
 */
export function tool<S extends SchemaLike | undefined = undefined, Result = unknown>(
  options: ToolOptions<S, Result>,
): RunnableTool<InferToolArguments<S>, Result> {
  const { name, description, parameters, execute } = options;
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new DeepSeekError(`A tool name must be 1 to 64 characters of a-z, A-Z, 0-9, _ and -; got ${JSON.stringify(name)}.`);
  }
  if (typeof execute !== 'function') throw new DeepSeekError(`Tool "${name}" needs an execute function.`);
  const strict = options.strict === true;
  const json = parameters === undefined ? undefined : toJSONSchema(parameters);
  if (strict) {
    const problems = strictSchemaProblems(json ?? { type: 'object', properties: {}, additionalProperties: false });
    if (problems.length > 0) throw new StrictSchemaError(name, problems);
  }
  const definition: Tool = {
    type: 'function',
    function: {
      name,
      ...(description === undefined ? {} : { description }),
      ...(json === undefined ? {} : { parameters: json }),
      ...(strict ? { strict: true } : {}),
    },
  };
  return Object.freeze({
    name,
    description,
    parameters: parameters as SchemaLike<InferToolArguments<S>> | undefined,
    strict,
    definition,
    execute,
  });
}
