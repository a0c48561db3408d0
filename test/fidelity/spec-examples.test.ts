/**
 * The spec's own examples are what Prism serves and what several tests reuse, so each one
 * must satisfy its schema. Redocly checks JSON examples; the event-stream examples are
 * strings to Redocly, so their events are checked here.
 */
import { describe, expect, test } from 'vitest';
import { createSpecValidator } from '../helpers/spec-schemas';
import { specExamples } from '../helpers/spec-examples';
import { sseDataPayloads } from '../helpers/sse-text';

const validator = createSpecValidator();
const examples = specExamples();

describe('spec examples', () => {
  test('every response media type of every operation has at least one named example', () => {
    const operations = new Set(examples.map((e) => e.operationId));
    expect([...operations].sort()).toEqual(['createChatCompletion', 'createFimCompletion', 'deleteFile', 'getUserBalance', 'listFiles', 'listModels', 'retrieveFile', 'uploadFile']);
    expect(examples.filter((e) => e.mediaType === 'text/event-stream').length).toBeGreaterThanOrEqual(4);
  });

  for (const example of examples) {
    if (example.mediaType === 'text/event-stream') {
      test(`${example.label}: every event is a valid ${example.eventSchemaName} and the stream ends with exactly one [DONE]`, () => {
        expect(typeof example.value).toBe('string');
        const text = example.value as string;
        // Prism serves the string byte for byte; the last event needs its blank line.
        expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
        const payloads = sseDataPayloads(text);
        expect(payloads.filter((p) => p === '[DONE]')).toEqual(['[DONE]']);
        expect(payloads.at(-1)).toBe('[DONE]');
        for (const payload of payloads.slice(0, -1)) {
          expect(validator.errors(example.eventSchemaName!, JSON.parse(payload))).toEqual([]);
        }
      });
    } else {
      test(`${example.label} satisfies its schema`, () => {
        const errors = example.schemaName
          ? validator.errors(example.schemaName, example.value)
          : validator.errorsFor(example.inlineSchema, example.value);
        expect(errors).toEqual([]);
      });
    }
  }
});
