/**
 * The schemas the toolkit accepts, and the two things every surface does with one: turn it into
 * the JSON Schema to send (`toJSONSchema`), and check a value the model produced against it
 * (`validateSchema`). A schema is either a Standard Schema that can describe itself as JSON
 * Schema (`@standard-schema/spec` 1.1, `StandardJSONSchemaV1`: zod >= 4.2, ArkType >= 2.1.28,
 * Valibot through `toStandardJsonSchema()` of `@valibot/to-json-schema` >= 1.5) or a plain
 * JSON Schema object. No schema library is imported here: `@standard-schema/spec` is types only.
 */
import type { StandardJSONSchemaV1, StandardSchemaV1, StandardTypedV1 } from '@standard-schema/spec';
import { DeepSeekError } from '../errors';
import { checkJSONSchema } from './check-json-schema';

/** A JSON Schema object, as sent in `tools[].function.parameters` or a structured-output prompt. */
export type JSONSchema = { [keyword: string]: unknown };

/**
 * A Standard Schema that can describe itself as JSON Schema (`~standard.jsonSchema`). Most
 * libraries also validate (`~standard.validate`) and then their own validation is used;
 * without it the value is checked against the JSON Schema (see {@link validateSchema}).
 */
export type StandardJSONSchema<Output = unknown> = StandardJSONSchemaV1<unknown, Output> & {
  readonly '~standard': { readonly validate?: StandardSchemaV1.Props<unknown, Output>['validate'] };
};

/**
 * What the toolkit accepts as a schema: a {@link StandardJSONSchema} (zod 4, ArkType 2,
 * Valibot wrapped by `toStandardJsonSchema()`, or {@link jsonSchema}) or a plain JSON Schema
 * object (then the value is `unknown` to TypeScript; wrap it with `jsonSchema<T>()` to type it).
 */
export type SchemaLike<Output = unknown> = StandardJSONSchema<Output> | JSONSchema;

/** The type a schema validates to: the Standard Schema's output type, `unknown` for plain JSON Schema. */
export type InferSchemaOutput<S> = S extends StandardTypedV1<unknown, infer Output> ? Output : unknown;

/** One problem found in a value. `path` is where, from the root (`[]` for the value itself). */
export interface SchemaIssue {
  /** What is wrong, in the schema library's words. */
  readonly message: string;
  /** Object keys and array indexes from the root. */
  readonly path: readonly (string | number)[];
}

/** The outcome of {@link validateSchema}: the validated (possibly transformed) value, or the issues. */
export type SchemaResult<T> = { readonly success: true; readonly value: T } | { readonly success: false; readonly issues: readonly SchemaIssue[] };

function isStandard(schema: SchemaLike): schema is StandardJSONSchema {
  const props = (schema as { '~standard'?: unknown } | null)?.['~standard'];
  return typeof props === 'object' && props !== null;
}

/** Converted schemas, so a tool's schema is converted once, not on every request. */
const converted = new WeakMap<object, JSONSchema>();

/**
 * The JSON Schema to send for `schema`: a plain JSON Schema is returned as it is; a Standard
 * Schema is converted with `~standard.jsonSchema.input({ target: 'draft-2020-12' })` (the
 * *input* side: what the model must write), without the top-level `$schema` keyword, which
 * only names the draft and costs prompt tokens. The result is cached per schema object.
 *
 * @throws {DeepSeekError} when a Standard Schema cannot describe itself as JSON Schema (a plain
 * Valibot schema: wrap it with `toStandardJsonSchema()` from `@valibot/to-json-schema`).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * toJSONSchema(z.strictObject({ city: z.string() }));
 * // { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
 * ```
 */
export function toJSONSchema(schema: SchemaLike): JSONSchema {
  // ArkType's schemas are functions, so both objects and functions are accepted.
  if ((typeof schema !== 'object' && typeof schema !== 'function') || schema === null || Array.isArray(schema)) {
    throw new DeepSeekError('A schema must be a Standard Schema with JSON Schema support or a JSON Schema object.');
  }
  let json = converted.get(schema);
  if (json) return json;
  if (isStandard(schema)) {
    const props = schema['~standard'];
    const converter = props.jsonSchema as StandardJSONSchemaV1.Converter | undefined;
    if (typeof converter?.input !== 'function') {
      throw new DeepSeekError(
        `This ${props.vendor ?? 'Standard Schema'} schema cannot describe itself as JSON Schema (it has no ~standard.jsonSchema). ` +
          'Use a library with Standard JSON Schema support (zod >= 4.2, ArkType >= 2.1.28), wrap a Valibot schema with toStandardJsonSchema() from @valibot/to-json-schema, or pass a JSON Schema object.',
      );
    }
    json = withoutDraftTag(converter.input({ target: 'draft-2020-12' }));
  } else {
    json = schema;
  }
  converted.set(schema, json);
  return json;
}

function withoutDraftTag(json: JSONSchema): JSONSchema {
  if (!('$schema' in json)) return json;
  const out: JSONSchema = {};
  for (const key of Object.keys(json)) if (key !== '$schema') out[key] = json[key];
  return out;
}

/**
 * Validates `value` against `schema`. A Standard Schema validates with its own library (and
 * may transform the value, e.g. zod's `.transform()` or defaults); a plain JSON Schema, or a
 * Standard JSON Schema without `validate`, is checked by a small built-in checker of the
 * structural keywords (`type`, `enum`, `const`, `properties`, `required`,
 * `additionalProperties`, `items`, `prefixItems`, `anyOf`/`oneOf`/`allOf`/`not`, `$ref`, and the
 * string, number and array bounds). It does not check `format` and ignores keywords it does not
 * know; pass your own validator to {@link jsonSchema} (e.g. Ajv) when you need more.
 *
 * @example
 * ```ts
 * const result = await validateSchema(z.object({ city: z.string() }), JSON.parse(text));
 * if (result.success) use(result.value);
 * else console.error(formatIssues(result.issues));
 * ```
 */
export async function validateSchema<S extends SchemaLike>(schema: S, value: unknown): Promise<SchemaResult<InferSchemaOutput<S>>> {
  const validate = isStandard(schema) ? schema['~standard'].validate : undefined;
  if (typeof validate !== 'function') {
    const issues = checkJSONSchema(toJSONSchema(schema), value);
    return issues.length === 0 ? { success: true, value: value as InferSchemaOutput<S> } : { success: false, issues };
  }
  const result = await validate(value);
  if (result.issues) return { success: false, issues: result.issues.map(toIssue) };
  return { success: true, value: (result as StandardSchemaV1.SuccessResult<unknown>).value as InferSchemaOutput<S> };
}

function toIssue(issue: StandardSchemaV1.Issue): SchemaIssue {
  // Array.from, not .map: a library's path may be an Array subclass (ArkType's ReadonlyPath) with extra fields.
  const path = Array.from(issue.path ?? [], (segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'number' ? key : String(key);
  });
  return { message: String(issue.message), path };
}

/** Where an issue is, as a JSON Pointer (`/items/0/city`; `` for the root). */
export function issuePointer(path: readonly (string | number)[]): string {
  return path.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Issues as readable lines, one per issue (`/city: Expected string, received number`), at most
 * `limit` of them (default 20) followed by how many were left out.
 */
export function formatIssues(issues: readonly SchemaIssue[], limit = 20): string {
  const lines = issues.slice(0, limit).map((issue) => `${issuePointer(issue.path) || '(root)'}: ${issue.message}`);
  if (issues.length > limit) lines.push(`… and ${issues.length - limit} more`);
  return lines.join('\n');
}

/** Options of {@link jsonSchema}. */
export interface JSONSchemaOptions<T> {
  /**
   * Your own validator (Ajv, a hand-written check…), used instead of the built-in structural
   * checker. Return the value (possibly transformed) or the issues.
   */
  validate?: (value: unknown) => SchemaResult<T> | Promise<SchemaResult<T>>;
}

/**
 * Wraps a JSON Schema object as a Standard Schema typed `T`, so `execute` of a {@link tool} and
 * `parsed` of a structured output get that type. The schema is sent as it is; values are
 * checked by `options.validate` when given, else by the built-in structural checker (see
 * {@link validateSchema}). The type is not checked against the schema: keep them in step.
 *
 * @example
 * ```ts
 * const weatherArgs = jsonSchema<{ city: string }>({
 *   type: 'object',
 *   properties: { city: { type: 'string' } },
 *   required: ['city'],
 *   additionalProperties: false,
 * });
 * ```
 */
export function jsonSchema<T = unknown>(schema: JSONSchema, options: JSONSchemaOptions<T> = {}): StandardJSONSchemaV1<T> & StandardSchemaV1<T> {
  const own = options.validate;
  return {
    '~standard': {
      version: 1,
      vendor: 'deepseek-fetch',
      jsonSchema: { input: () => schema, output: () => schema },
      async validate(value) {
        if (own) {
          const result = await own(value);
          return result.success ? { value: result.value } : { issues: result.issues };
        }
        const issues = checkJSONSchema(schema, value);
        return issues.length === 0 ? { value: value as T } : { issues };
      },
    },
  };
}
