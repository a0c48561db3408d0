/**
 * The event types the client knows (src/responses-events.ts) are exactly the ones the contract
 * lists in its event union: a type added to the spec without the client knowing it would be
 * delivered as `unknown`, and a type the client lists that the spec dropped would be checked
 * against fields nobody promises. Each listed field is a required property of its component.
 */
import { expect, test } from 'vitest';
import { responseEventFields } from '../../src/responses-events';
import { eventSchemaNames } from '../helpers/response-events';
import { loadSpec } from '../helpers/spec-schemas';

const spec = loadSpec() as { components: { schemas: Record<string, { required?: string[] }> } };
const names = eventSchemaNames(spec);

test('the client knows exactly the event types of the spec union', () => {
  expect(Object.keys(responseEventFields).sort()).toEqual([...names.keys()].sort());
});

test('every field the client requires is a required property of the event component', () => {
  for (const [type, fields] of Object.entries(responseEventFields)) {
    const schema = spec.components.schemas[names.get(type)!]!;
    for (const [field] of fields) expect(schema.required, `${type}.${field}`).toContain(field);
    expect(schema.required, `${type}.sequence_number`).toContain('sequence_number');
  }
});
