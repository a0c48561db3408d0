/**
 * The built-in structural checker for plain JSON Schemas: each keyword it covers, with a value
 * that passes and one that fails (and where the issue is reported), and the keywords it
 * deliberately does not check. Ajv (a devDependency) is the reference: for every row, the
 * checker and Ajv must agree on pass/fail.
 */
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, test } from 'vitest';
import { checkJSONSchema } from '../../src/toolkit/check-json-schema';
import type { JSONSchema } from '../../src/toolkit/schema';

const rows: { name: string; schema: JSONSchema; pass: unknown; fail: unknown; at: (string | number)[] }[] = [
  { name: 'type string', schema: { type: 'string' }, pass: 'a', fail: 1, at: [] },
  { name: 'type integer', schema: { type: 'integer' }, pass: 2, fail: 2.5, at: [] },
  { name: 'type list', schema: { type: ['string', 'null'] }, pass: null, fail: false, at: [] },
  { name: 'enum', schema: { enum: ['c', 'f', { k: [1] }] }, pass: { k: [1] }, fail: 'k', at: [] },
  { name: 'const', schema: { const: { a: 1, b: 2 } }, pass: { b: 2, a: 1 }, fail: { a: 1 }, at: [] },
  { name: 'minLength counts code points', schema: { type: 'string', minLength: 2 }, pass: '😀😀', fail: '😀', at: [] },
  { name: 'maxLength', schema: { type: 'string', maxLength: 2 }, pass: 'ab', fail: 'abc', at: [] },
  { name: 'pattern', schema: { type: 'string', pattern: '^[a-z]+$' }, pass: 'abc', fail: 'ab1', at: [] },
  { name: 'minimum and maximum', schema: { type: 'number', minimum: 1, maximum: 3 }, pass: 3, fail: 4, at: [] },
  { name: 'exclusive bounds', schema: { type: 'number', exclusiveMinimum: 1, exclusiveMaximum: 3 }, pass: 2, fail: 1, at: [] },
  { name: 'multipleOf', schema: { type: 'number', multipleOf: 0.5 }, pass: 1.5, fail: 1.2, at: [] },
  { name: 'required', schema: { type: 'object', required: ['a'] }, pass: { a: 1 }, fail: { b: 1 }, at: [] },
  { name: 'properties', schema: { type: 'object', properties: { a: { type: 'number' } } }, pass: { a: 1 }, fail: { a: '1' }, at: ['a'] },
  { name: 'additionalProperties false', schema: { type: 'object', properties: { a: {} }, additionalProperties: false }, pass: { a: 1 }, fail: { a: 1, b: 2 }, at: ['b'] },
  { name: 'additionalProperties schema', schema: { type: 'object', additionalProperties: { type: 'number' } }, pass: { x: 1 }, fail: { x: 'y' }, at: ['x'] },
  { name: 'patternProperties', schema: { type: 'object', patternProperties: { '^n_': { type: 'number' } }, additionalProperties: false }, pass: { n_a: 1 }, fail: { n_a: 'x' }, at: ['n_a'] },
  { name: 'items', schema: { type: 'array', items: { type: 'string' } }, pass: ['a'], fail: ['a', 2], at: [1] },
  { name: 'prefixItems', schema: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false }, pass: ['a', 1], fail: ['a', 1, 2], at: [2] },
  { name: 'minItems and maxItems', schema: { type: 'array', minItems: 1, maxItems: 2 }, pass: [1], fail: [], at: [] },
  { name: 'uniqueItems', schema: { type: 'array', uniqueItems: true }, pass: [1, 2], fail: [{ a: 1 }, { a: 1 }], at: [1] },
  { name: 'anyOf', schema: { anyOf: [{ type: 'string' }, { type: 'null' }] }, pass: null, fail: 1, at: [] },
  { name: 'oneOf', schema: { oneOf: [{ type: 'number' }, { type: 'integer' }] }, pass: 1.5, fail: 1, at: [] },
  { name: 'allOf', schema: { allOf: [{ minimum: 1 }, { maximum: 2 }] }, pass: 2, fail: 3, at: [] },
  { name: 'not', schema: { not: { type: 'string' } }, pass: 1, fail: 'a', at: [] },
  { name: '$ref into $defs', schema: { type: 'object', properties: { p: { $ref: '#/$defs/point' } }, $defs: { point: { type: 'object', required: ['x'] } } }, pass: { p: { x: 1 } }, fail: { p: {} }, at: ['p'] },
  { name: 'recursive $ref', schema: { type: 'object', properties: { next: { $ref: '#' }, v: { type: 'number' } } }, pass: { v: 1, next: { v: 2 } }, fail: { v: 1, next: { v: 'x' } }, at: ['next', 'v'] },
  { name: 'false schema', schema: { type: 'object', properties: { never: false } }, pass: {}, fail: { never: 1 }, at: ['never'] },
];

describe('the built-in JSON Schema checker', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  test.each(rows)('$name: accepts a conforming value and reports a failing one where it fails', ({ schema, pass, fail, at }) => {
    expect(checkJSONSchema(schema, pass)).toEqual([]);
    const issues = checkJSONSchema(schema, fail);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path).toEqual(at);
    expect(issues[0]!.message).not.toBe('');
    // Ajv, the reference, agrees on both values.
    expect(ajv.validate(schema, pass)).toBe(true);
    expect(ajv.validate(schema, fail)).toBe(false);
  });

  test('reports every problem, not only the first', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'b', 'c'] };
    expect(checkJSONSchema(schema, { a: 1, b: 'x' }).map((issue) => issue.path)).toEqual([[], ['a'], ['b']]);
  });

  test('multipleOf tolerates binary rounding: 0.3 is a multiple of 0.1 (Ajv says it is not)', () => {
    expect(checkJSONSchema({ type: 'number', multipleOf: 0.1 }, 0.3)).toEqual([]);
    expect(checkJSONSchema({ type: 'number', multipleOf: 0.1 }, 0.35)).toHaveLength(1);
  });

  test('does not check format and ignores keywords it does not know', () => {
    expect(checkJSONSchema({ type: 'string', format: 'email' }, 'not an email')).toEqual([]);
    expect(checkJSONSchema({ type: 'object', if: { required: ['a'] }, then: { required: ['b'] } }, { a: 1 })).toEqual([]);
  });

  test('an unresolvable $ref is an issue, not a crash', () => {
    expect(checkJSONSchema({ $ref: '#/$defs/missing' }, 1)).toEqual([{ message: 'unresolvable $ref #/$defs/missing', path: [] }]);
  });
});
