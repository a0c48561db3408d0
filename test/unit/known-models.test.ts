/** The SDK's list of known model ids is the spec's list: one source of truth, checked. */
import { expect, test } from 'vitest';
import { chatModels } from '../../src/index';
import { loadSpec } from '../helpers/spec-schemas';

test('chatModels equals the enum of ChatModel in spec/openapi.yaml', () => {
  const spec = loadSpec() as { components: { schemas: { ChatModel: { anyOf: { enum?: string[] }[] } } } };
  const known = spec.components.schemas.ChatModel.anyOf.find((branch) => branch.enum)?.enum;
  expect([...chatModels]).toEqual(known);
});
