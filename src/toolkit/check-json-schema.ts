/**
 * A small structural JSON Schema checker, for plain JSON Schemas (the toolkit may not depend on
 * a validator library). It covers the keywords that decide the shape of model-written JSON and
 * reports every problem with its path; it does not check `format`, and ignores keywords it does
 * not know (they constrain nothing here rather than fail). Pure: no I/O, no shared state.
 */
import type { JSONSchema, SchemaIssue } from './schema';

type Path = (string | number)[];

/** Checks `value` against `schema` and returns every issue found (`[]` when it conforms). */
export function checkJSONSchema(schema: JSONSchema, value: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(schema, value, [], { root: schema, issues, depth: 0 });
  return issues;
}

interface Context {
  root: JSONSchema;
  issues: SchemaIssue[];
  /** `$ref` chains followed so far; a self-referencing schema stops instead of recursing forever. */
  depth: number;
}

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function check(schema: unknown, value: unknown, path: Path, context: Context): void {
  if (schema === true || schema === undefined) return;
  if (schema === false) return void context.issues.push({ message: 'no value is allowed here', path });
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as JSONSchema;
  const fail = (message: string, at: Path = path): void => void context.issues.push({ message, path: at });

  if (typeof s.$ref === 'string') {
    const target = resolvePointer(context.root, s.$ref);
    if (target === undefined) fail(`unresolvable $ref ${s.$ref}`);
    else if (context.depth < 64) check(target, value, path, { ...context, depth: context.depth + 1 });
  }

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type];
    if (!types.some((type) => hasType(value, type))) {
      return fail(`expected ${types.join(' or ')}, got ${typeName(value)}`);
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => sameJSON(option, value))) {
    fail(`expected one of ${s.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if (own(s, 'const') && !sameJSON(s.const, value)) fail(`expected ${JSON.stringify(s.const)}`);

  if (typeof value === 'string') checkString(s, value, fail);
  else if (typeof value === 'number') checkNumber(s, value, fail);
  else if (Array.isArray(value)) checkArray(s, value, path, context, fail);
  else if (typeof value === 'object' && value !== null) checkObject(s, value as Record<string, unknown>, path, context, fail);

  if (Array.isArray(s.allOf)) for (const part of s.allOf) check(part, value, path, context);
  if (Array.isArray(s.anyOf) && !s.anyOf.some((part) => conforms(part, value, path, context))) {
    fail('matches none of the anyOf alternatives');
  }
  if (Array.isArray(s.oneOf)) {
    const matches = s.oneOf.filter((part) => conforms(part, value, path, context)).length;
    if (matches !== 1) fail(`matches ${matches} of the oneOf alternatives instead of exactly one`);
  }
  if (s.not !== undefined && conforms(s.not, value, path, context)) fail('matches a schema it must not match (not)');
}

function conforms(schema: unknown, value: unknown, path: Path, context: Context): boolean {
  const scratch: Context = { ...context, issues: [] };
  check(schema, value, path, scratch);
  return scratch.issues.length === 0;
}

function checkString(s: JSONSchema, value: string, fail: (message: string) => void): void {
  // JSON Schema counts characters as code points, not UTF-16 units.
  const length = typeof s.minLength === 'number' || typeof s.maxLength === 'number' ? [...value].length : 0;
  if (typeof s.minLength === 'number' && length < s.minLength) fail(`must have at least ${s.minLength} characters`);
  if (typeof s.maxLength === 'number' && length > s.maxLength) fail(`must have at most ${s.maxLength} characters`);
  if (typeof s.pattern === 'string') {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(s.pattern, 'u');
    } catch {
      // A pattern JavaScript cannot compile constrains nothing here.
    }
    if (pattern && !pattern.test(value)) fail(`must match the pattern ${s.pattern}`);
  }
}

function checkNumber(s: JSONSchema, value: number, fail: (message: string) => void): void {
  if (typeof s.minimum === 'number' && value < s.minimum) fail(`must be >= ${s.minimum}`);
  if (typeof s.maximum === 'number' && value > s.maximum) fail(`must be <= ${s.maximum}`);
  if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) fail(`must be > ${s.exclusiveMinimum}`);
  if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) fail(`must be < ${s.exclusiveMaximum}`);
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
    const quotient = value / s.multipleOf;
    // Tolerates binary rounding: 0.3 is a multiple of 0.1.
    if (Math.abs(quotient - Math.round(quotient)) > 1e-9) fail(`must be a multiple of ${s.multipleOf}`);
  }
}

function checkArray(s: JSONSchema, value: unknown[], path: Path, context: Context, fail: (message: string, at?: Path) => void): void {
  if (typeof s.minItems === 'number' && value.length < s.minItems) fail(`must have at least ${s.minItems} items`);
  if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail(`must have at most ${s.maxItems} items`);
  // draft 2020-12 `prefixItems` + `items`; draft-07 tuple `items: [...]` + `additionalItems`.
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : [];
  const rest = Array.isArray(s.items) ? s.additionalItems : s.items;
  value.forEach((item, index) => check(index < prefix.length ? prefix[index] : rest, item, [...path, index], context));
  if (s.uniqueItems === true) {
    for (let i = 1; i < value.length; i++) {
      if (value.slice(0, i).some((earlier) => sameJSON(earlier, value[i]))) fail('items must be unique', [...path, i]);
    }
  }
}

function checkObject(s: JSONSchema, value: Record<string, unknown>, path: Path, context: Context, fail: (message: string, at?: Path) => void): void {
  const properties = (typeof s.properties === 'object' && s.properties !== null ? s.properties : {}) as Record<string, unknown>;
  if (Array.isArray(s.required)) {
    for (const name of s.required) if (typeof name === 'string' && !own(value, name)) fail(`missing required property "${name}"`);
  }
  const patterns = typeof s.patternProperties === 'object' && s.patternProperties !== null ? Object.entries(s.patternProperties as Record<string, unknown>) : [];
  for (const key of Object.keys(value)) {
    const at = [...path, key];
    let matched = false;
    if (own(properties, key)) {
      matched = true;
      check(properties[key], value[key], at, context);
    }
    for (const [pattern, schema] of patterns) {
      if (safeTest(pattern, key)) {
        matched = true;
        check(schema, value[key], at, context);
      }
    }
    if (matched || s.additionalProperties === undefined) continue;
    if (s.additionalProperties === false) fail(`property "${key}" is not allowed`, at);
    else check(s.additionalProperties, value[key], at, context);
  }
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true; // an unknown type name constrains nothing here
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Equality of JSON values (key order does not matter). */
function sameJSON(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameJSON(item, (b as unknown[])[i]));
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return aKeys.length === Object.keys(b).length && aKeys.every((key) => own(bRecord, key) && sameJSON((a as Record<string, unknown>)[key], bRecord[key]));
}

/** Resolves a local `$ref` (`#`, `#/$defs/name`, `#/$def/name`, `#/definitions/name`…) in `root`. */
function resolvePointer(root: JSONSchema, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined; // remote references are not fetched
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !own(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
