/**
 * schema.ts: what is sent for each kind of schema (zod 4, ArkType 2, Valibot through
 * @valibot/to-json-schema, `jsonSchema<T>()`, a plain JSON Schema) and how values are checked.
 * This is the API a Responses client reuses for `text.format: json_schema`.
 */
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DeepSeekError, formatIssues, issuePointer, jsonSchema, toJSONSchema, validateSchema, type SchemaLike } from '../../src/index';

const expected = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };

describe('toJSONSchema', () => {
  test.each<[string, SchemaLike]>([
    ['zod 4', z.strictObject({ city: z.string() })],
    ['ArkType 2', type({ city: 'string', '+': 'reject' })],
    ['Valibot via toStandardJsonSchema', toStandardJsonSchema(v.strictObject({ city: v.string() }))],
    ['jsonSchema<T>()', jsonSchema<{ city: string }>(expected)],
    ['a plain JSON Schema', expected],
  ])('turns a %s schema into the same JSON Schema, without $schema', (_name, schema) => {
    expect(toJSONSchema(schema)).toEqual(expected);
  });

  test('converts a Standard Schema once and hands back the same object', () => {
    const schema = z.object({ a: z.number() });
    expect(toJSONSchema(schema)).toBe(toJSONSchema(schema));
  });

  test('sends the input side of a schema: what the model must write, before transforms and defaults', () => {
    const schema = z.object({ when: z.string().transform((text) => new Date(text)), n: z.number().default(1) });
    expect(toJSONSchema(schema)).toEqual({ type: 'object', properties: { when: { type: 'string' }, n: { type: 'number', default: 1 } }, required: ['when'] });
  });

  test('says how to fix a Standard Schema that cannot describe itself as JSON Schema (plain Valibot)', () => {
    expect(() => toJSONSchema(v.object({ city: v.string() }) as never)).toThrow(DeepSeekError);
    expect(() => toJSONSchema(v.object({ city: v.string() }) as never)).toThrow(/valibot schema cannot describe itself.*toStandardJsonSchema\(\) from @valibot\/to-json-schema/);
  });

  test('refuses what is not a schema', () => {
    expect(() => toJSONSchema(null as never)).toThrow(DeepSeekError);
    expect(() => toJSONSchema([] as never)).toThrow(DeepSeekError);
  });
});

describe('validateSchema', () => {
  test('validates with the library and returns its output, transforms included', async () => {
    const schema = z.object({ n: z.string().transform(Number) });
    await expect(validateSchema(schema, { n: '42' })).resolves.toEqual({ success: true, value: { n: 42 } });
  });

  test.each<[string, SchemaLike]>([
    ['zod', z.object({ items: z.array(z.object({ qty: z.number() })) })],
    ['ArkType', type({ items: type({ qty: 'number' }).array() })],
    ['Valibot', toStandardJsonSchema(v.object({ items: v.array(v.object({ qty: v.number() })) }))],
    ['a plain JSON Schema', { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { qty: { type: 'number' } } } } } }],
  ])('reports %s issues with a path of plain keys and indexes', async (_name, schema) => {
    const result = await validateSchema(schema, { items: [{ qty: 1 }, { qty: 'two' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toEqual(['items', 1, 'qty']);
    expect(result.issues[0]!.message).toBeTypeOf('string');
  });

  test('jsonSchema() uses the validator it is given instead of the built-in checker', async () => {
    const schema = jsonSchema<number>({ type: 'string' }, { validate: (value) => (value === 'seven' ? { success: true, value: 7 } : { success: false, issues: [{ message: 'not seven', path: [] }] }) });
    await expect(validateSchema(schema, 'seven')).resolves.toEqual({ success: true, value: 7 });
    await expect(validateSchema(schema, 'eight')).resolves.toEqual({ success: false, issues: [{ message: 'not seven', path: [] }] });
  });
});

describe('issue formatting', () => {
  test('paths are JSON Pointers, escaped as RFC 6901 says', () => {
    expect(issuePointer(['a/b', 0, 'c~d'])).toBe('/a~1b/0/c~0d');
    expect(issuePointer([])).toBe('');
  });

  test('formatIssues writes one line per issue, the root as (root), and cuts long lists', () => {
    const issues = Array.from({ length: 3 }, (_, i) => ({ message: `bad ${i}`, path: i === 0 ? [] : ['x', i] }));
    expect(formatIssues(issues)).toBe('(root): bad 0\n/x/1: bad 1\n/x/2: bad 2');
    expect(formatIssues(issues, 2)).toBe('(root): bad 0\n/x/1: bad 1\n… and 1 more');
  });
});
