/**
 * DeepSeek's strict-mode schema subset (deepseek-api-facts.md §11.2), checked before sending:
 * every rule, with the path it names; schemas inside the subset (the strict tools of the request
 * the live API accepted, zod's strict objects) pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { StrictSchemaError, strictSchemaProblems, tool, toJSONSchema, type JSONSchema } from '../../src/index';

const obj = (properties: Record<string, JSONSchema>, extra: JSONSchema = {}): JSONSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

describe('strictSchemaProblems', () => {
  test('accepts every documented feature', () => {
    const schema = obj(
      {
        email: { type: 'string', format: 'email', description: 'Where to write.' },
        code: { type: 'string', pattern: '^[A-Z]{3}$' },
        id: { type: 'string', format: 'uuid' },
        count: { type: 'integer', minimum: 1, maximum: 9, default: 1 },
        ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.01 },
        version: { type: 'number', const: 2 },
        tags: { type: 'array', items: { type: 'string' } },
        unit: { type: 'string', enum: ['c', 'f'] },
        flag: { type: 'boolean' },
        note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        home: { $ref: '#/$def/address' },
      },
      { $def: { address: obj({ street: { type: 'string' }, city: { type: 'string' } }) }, title: 'Args' },
    );
    expect(strictSchemaProblems(schema)).toEqual([]);
  });

  const cases: [string, JSONSchema, { path: string; rule: RegExp }][] = [
    ['a root that is not an object', { type: 'string' }, { path: '', rule: /must be an object schema/ }],
    ['an object without additionalProperties: false', { type: 'object', properties: {} }, { path: '', rule: /additionalProperties: false/ }],
    ['an optional property', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, { path: '', rule: /property "a" must be listed in required/ }],
    ['an object without properties (a map)', obj({ m: { type: 'object', additionalProperties: false } }), { path: '/properties/m', rule: /must declare its properties/ }],
    ['minLength', obj({ s: { type: 'string', minLength: 1 } }), { path: '/properties/s', rule: /not minLength/ }],
    ['maxLength', obj({ s: { type: 'string', maxLength: 9 } }), { path: '/properties/s', rule: /not maxLength/ }],
    ['an unsupported format', obj({ d: { type: 'string', format: 'date-time' } }), { path: '/properties/d', rule: /format "date-time" is not supported.*email, hostname, ipv4, ipv6, uuid/ }],
    ['minItems', obj({ a: { type: 'array', items: { type: 'string' }, minItems: 1 } }), { path: '/properties/a', rule: /not minItems/ }],
    ['maxItems', obj({ a: { type: 'array', items: { type: 'string' }, maxItems: 3 } }), { path: '/properties/a', rule: /not maxItems/ }],
    ['an array without items', obj({ a: { type: 'array' } }), { path: '/properties/a', rule: /must declare its items/ }],
    ['oneOf', obj({ u: { oneOf: [{ type: 'string' }, { type: 'number' }] } }), { path: '/properties/u', rule: /anyOf, not oneOf/ }],
    ['allOf', obj({ u: { allOf: [{ type: 'string' }] } }), { path: '/properties/u', rule: /anyOf, not allOf/ }],
    ['a list of types', obj({ u: { type: ['string', 'null'] } }), { path: '/properties/u', rule: /list of types.*anyOf/ }],
    ['$defs (DeepSeek spells it $def)', obj({ p: { $ref: '#/$defs/p' } }, { $defs: { p: obj({}) } }), { path: '', rule: /\$def .*not \$defs/ }],
    ['a $ref outside $def', obj({ p: { $ref: '#/$defs/p' } }, { $def: { p: obj({}) } }), { path: '/properties/p', rule: /must point into the root's \$def/ }],
    ['a $ref to a missing definition', obj({ p: { $ref: '#/$def/nope' } }, { $def: {} }), { path: '/properties/p', rule: /names no schema in \$def/ }],
    ['const on a string (documented for numbers only)', obj({ s: { type: 'string', const: 'x' } }), { path: '/properties/s', rule: /const is not part of DeepSeek's strict-mode subset for string/ }],
    ['a schema without a type', obj({ any: {} }), { path: '/properties/any', rule: /needs a type/ }],
    ['a type named like an Object.prototype member', obj({ t: { type: 'toString' } }), { path: '/properties/t', rule: /type "toString" is not supported/ }],
    ['a keyword named like an Object.prototype member', obj({ s: { type: 'string', constructor: 1 } }), { path: '/properties/s', rule: /constructor is not part of/ }],
    ['a $ref to an Object.prototype member', obj({ p: { $ref: '#/$def/toString' } }, { $def: {} }), { path: '/properties/p', rule: /names no schema in \$def/ }],
    ['an unsupported keyword deep inside anyOf', obj({ u: { anyOf: [{ type: 'string', minLength: 2 }, { type: 'null' }] } }), { path: '/properties/u/anyOf/0', rule: /not minLength/ }],
    ['nested objects checked too', obj({ o: obj({ inner: { type: 'string', maxLength: 2 } }) }), { path: '/properties/o/properties/inner', rule: /not maxLength/ }],
  ];

  test.each(cases)('names the path and the rule for %s', (_name, schema, expected) => {
    const problems = strictSchemaProblems(schema);
    expect(problems).toContainEqual({ path: expected.path, rule: expect.stringMatching(expected.rule) });
  });

  const realDir = process.env.DEEPSEEK_REAL_DIR ?? resolve(import.meta.dirname, '../../../shared/deepseek-real');
  const accepted = resolve(realDir, 'request-v4-thinking-tool-loop-accepted.json');
  test.skipIf(!existsSync(accepted))('accepts the strict tools of a request the live API accepted', () => {
    const request = JSON.parse(readFileSync(accepted, 'utf8')) as { tools: { function: { strict?: boolean; parameters: JSONSchema } }[] };
    const strict = request.tools.filter((each) => each.function.strict);
    expect(strict).toHaveLength(2);
    for (const each of strict) expect(strictSchemaProblems(each.function.parameters)).toEqual([]);
  });

  test("accepts zod's strict objects; a plain z.object is refused for lacking additionalProperties: false", () => {
    expect(strictSchemaProblems(toJSONSchema(z.strictObject({ city: z.string(), days: z.number().int().min(1) })))).toEqual([]);
    expect(strictSchemaProblems(toJSONSchema(z.object({ city: z.string() })))).toEqual([{ path: '', rule: 'an object must set additionalProperties: false' }]);
  });
});

describe('tool({ strict: true })', () => {
  test('throws a StrictSchemaError naming the tool, each path and each rule, before any request', () => {
    const error = (() => {
      try {
        tool({ name: 'book', strict: true, parameters: z.strictObject({ name: z.string().min(1), seats: z.array(z.string()).max(4) }), execute: () => 'ok' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StrictSchemaError);
    expect(error).toMatchObject({
      name: 'StrictSchemaError',
      toolName: 'book',
      problems: [
        { path: '/properties/name', rule: expect.stringContaining('minLength') },
        { path: '/properties/seats', rule: expect.stringContaining('maxItems') },
      ],
    });
    expect((error as Error).message).toContain('Tool "book" is strict');
    expect((error as Error).message).toContain('/properties/seats: arrays take only items in strict mode, not maxItems');
  });

  test('a strict tool without parameters is an empty strict object, and marks the definition strict', () => {
    const ping = tool({ name: 'ping', strict: true, execute: () => 'pong' });
    expect(ping.definition).toEqual({ type: 'function', function: { name: 'ping', strict: true } });
  });
});
