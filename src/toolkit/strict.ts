/**
 * DeepSeek's strict-mode schema subset, checked before anything is sent. A `strict: true`
 * function tool (beta) makes the server hold the model to the schema, and the server rejects a
 * schema outside the subset its guide documents
 * (https://api-docs.deepseek.com/guides/tool_calls, "strict mode"):
 *
 * - object: every property listed in `required`, and `additionalProperties: false`;
 * - string: `pattern`, and `format` among email, hostname, ipv4, ipv6, uuid; not
 *   `minLength`/`maxLength`;
 * - number/integer: `const`, `default`, `minimum`, `maximum`, `exclusiveMinimum`,
 *   `exclusiveMaximum`, `multipleOf`;
 * - array: `items`; not `minItems`/`maxItems`;
 * - `enum`, `anyOf`, and `$ref` into the root's `$def` (DeepSeek's spelling, not `$defs`).
 *
 * `boolean` and `null` types are accepted too (the guide lists boolean among the types; `null`
 * is how an optional value is written when every property must be required). Annotations
 * (`description`, `title`, `$comment`) are allowed everywhere.
 */
import type { JSONSchema } from './schema';

/** One place where a schema leaves DeepSeek's strict subset. */
export interface StrictSchemaProblem {
  /** JSON Pointer to the offending schema node (`` for the root, `/properties/city`…). */
  readonly path: string;
  /** The rule it breaks, in words. */
  readonly rule: string;
}

const annotations = new Set(['description', 'title', '$comment']);
const stringFormats = new Set(['email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/** Keywords each type may carry, besides `type`, `enum` and the annotations. */
const keywordsByType: Record<string, ReadonlySet<string>> = {
  object: new Set(['properties', 'required', 'additionalProperties']),
  string: new Set(['pattern', 'format']),
  number: new Set(['const', 'default', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']),
  integer: new Set(['const', 'default', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']),
  array: new Set(['items']),
  boolean: new Set(),
  null: new Set(),
};

/** Why a keyword people often write is refused, where the generic message would not say. */
const refusals: Record<string, string> = {
  minLength: 'strings take only pattern and format in strict mode, not minLength',
  maxLength: 'strings take only pattern and format in strict mode, not maxLength',
  minItems: 'arrays take only items in strict mode, not minItems',
  maxItems: 'arrays take only items in strict mode, not maxItems',
  oneOf: 'strict mode supports anyOf, not oneOf',
  allOf: 'strict mode supports anyOf, not allOf',
  not: 'strict mode does not support not',
  $defs: 'DeepSeek spells the definitions keyword $def in strict mode, not $defs',
  definitions: 'DeepSeek spells the definitions keyword $def in strict mode, not definitions',
  patternProperties: 'objects take only properties, required and additionalProperties: false in strict mode',
  nullable: 'nullable is OpenAPI 3.0, not JSON Schema: use anyOf with {"type": "null"}',
};

/**
 * Every place where `schema` (a tool's `parameters`) leaves DeepSeek's strict-mode subset;
 * `[]` when it is inside. Pure, so you can check hand-written tools too.
 *
 * @example
 * ```ts
 * strictSchemaProblems({ type: 'object', properties: { city: { type: 'string', minLength: 1 } } });
 * // [ { path: '', rule: 'an object must set additionalProperties: false' },
 * //   { path: '', rule: 'property "city" must be listed in required (every property is required)' },
 * //   { path: '/properties/city', rule: 'strings take only pattern and format in strict mode, not minLength' } ]
 * ```
 */
export function strictSchemaProblems(schema: JSONSchema): StrictSchemaProblem[] {
  const problems: StrictSchemaProblem[] = [];
  if (schema.type !== 'object') problems.push({ path: '', rule: 'the parameters of a strict tool must be an object schema (type: "object")' });
  const definitions = schema.$def;
  if (definitions !== undefined && !isRecord(definitions)) problems.push({ path: '/$def', rule: '$def must be an object of named schemas' });
  const context: Walk = { root: schema, problems };
  checkNode(schema, '', context, true);
  if (isRecord(definitions)) for (const [name, node] of Object.entries(definitions)) checkNode(node, `/$def/${escape(name)}`, context, false);
  return problems;
}

interface Walk {
  root: JSONSchema;
  problems: StrictSchemaProblem[];
}

function checkNode(node: unknown, path: string, walk: Walk, isRoot: boolean): void {
  const problem = (rule: string, at = path): void => void walk.problems.push({ path: at, rule });
  if (!isRecord(node)) return problem('a schema must be a JSON object (boolean schemas are not supported)');

  if (node.$ref !== undefined) {
    const ref = node.$ref;
    const name = typeof ref === 'string' && ref.startsWith('#/$def/') ? ref.slice('#/$def/'.length) : undefined;
    if (name === undefined) problem(`$ref must point into the root's $def ("#/$def/<name>"), not ${JSON.stringify(ref)}`);
    else if (!isRecord(walk.root.$def) || !own(walk.root.$def, unescape(name))) problem(`$ref ${ref} names no schema in $def`);
    for (const key of Object.keys(node)) if (key !== '$ref' && !annotations.has(key)) problem(`a $ref may carry only annotations, not ${key}`);
    return;
  }

  const type = node.type;
  const allowed = typeof type === 'string' && own(keywordsByType, type) ? keywordsByType[type] : undefined;
  if (Array.isArray(type)) problem('a list of types is not supported in strict mode: use anyOf');
  else if (type !== undefined && !allowed) problem(`type ${JSON.stringify(type)} is not supported in strict mode`);
  if (type === undefined && node.anyOf === undefined && node.enum === undefined) {
    problem('every schema needs a type (or anyOf, enum or $ref) in strict mode');
  }

  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'enum' || key === 'anyOf' || annotations.has(key) || allowed?.has(key)) continue;
    if (isRoot && (key === '$def' || key === '$schema')) continue;
    const refusal = own(refusals, key) ? refusals[key] : undefined;
    problem(refusal ?? `${key} is not part of DeepSeek's strict-mode subset${typeof type === 'string' ? ` for ${type}` : ''}`);
  }

  if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) problem('enum must be a non-empty list');
  if (node.anyOf !== undefined) {
    if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) problem('anyOf must be a non-empty list of schemas');
    else node.anyOf.forEach((branch, index) => checkNode(branch, `${path}/anyOf/${index}`, walk, false));
  }

  if (type === 'string' && node.format !== undefined && !stringFormats.has(node.format as string)) {
    problem(`format ${JSON.stringify(node.format)} is not supported in strict mode (supported: ${[...stringFormats].join(', ')})`);
  }
  if (type === 'object') checkObject(node, path, walk, problem);
  if (type === 'array') {
    if (node.items === undefined) problem('an array must declare its items');
    else checkNode(node.items, `${path}/items`, walk, false);
  }
}

function checkObject(node: JSONSchema, path: string, walk: Walk, problem: (rule: string, at?: string) => void): void {
  if (node.additionalProperties !== false) problem('an object must set additionalProperties: false');
  if (!isRecord(node.properties)) {
    problem('an object must declare its properties (use {} for none)');
    return;
  }
  const required = Array.isArray(node.required) ? node.required : [];
  for (const [name, property] of Object.entries(node.properties)) {
    if (!required.includes(name)) problem(`property "${name}" must be listed in required (every property is required)`);
    checkNode(property, `${path}/properties/${escape(name)}`, walk, false);
  }
}

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON Pointer escaping of one key (RFC 6901). */
function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescape(key: string): string {
  return key.replace(/~1/g, '/').replace(/~0/g, '~');
}
