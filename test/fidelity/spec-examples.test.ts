/**
 * The spec's own examples are what Prism serves and what several tests reuse, so each one
 * must satisfy its schema. Redocly checks JSON examples; the event-stream examples and the
 * JSON-in-bytes error bodies are strings to Redocly, so their content is checked here.
 */
import { describe, expect, test } from 'vitest';
import { createSpecValidator, loadSpec } from '../helpers/spec-schemas';
import { specExamples } from '../helpers/spec-examples';
import { sseDataPayloads } from '../helpers/sse-text';
import { responseStreamProblems, sseNamedEvents, streamEventSchema } from '../helpers/response-events';

const spec = loadSpec() as any;
const validator = createSpecValidator(spec);
const examples = specExamples(spec);

describe('spec examples', () => {
  test('every response media type of every operation has at least one named example', () => {
    const operations = new Set(examples.map((e) => e.operationId));
    expect([...operations].sort()).toEqual(['createChatCompletion', 'createFimCompletion', 'createResponse', 'deleteFile', 'getUserBalance', 'listFiles', 'listModels', 'retrieveFile', 'uploadFile']);
    expect(examples.filter((e) => e.mediaType === 'text/event-stream').length).toBeGreaterThanOrEqual(4);
  });

  test('POST /responses has event-stream examples for text with reasoning, argument deltas, a web search and each non-success terminal event', () => {
    const streams = examples.filter((e) => e.operationId === 'createResponse' && e.mediaType === 'text/event-stream');
    const types = (value: unknown) => sseNamedEvents(value as string).map((e) => e.event);
    const has = (type: string) => streams.some((e) => types(e.value).includes(type));
    for (const type of [
      'response.reasoning_text.delta',
      'response.output_text.delta',
      'response.function_call_arguments.delta',
      'response.web_search_call.searching',
      'response.completed',
      'response.incomplete',
      'response.failed',
    ]) {
      expect({ type, present: has(type) }).toEqual({ type, present: true });
    }
  });

  for (const example of examples) {
    if (example.mediaType === 'text/event-stream' && example.eventSchemaName === streamEventSchema) {
      test(`${example.label}: every named event is valid for its type, in sequence, ending with one terminal event and no [DONE]`, () => {
        expect(typeof example.value).toBe('string');
        const text = example.value as string;
        // Prism serves the string byte for byte; the last event needs its blank line.
        expect(text.endsWith('\n\n')).toBe(true);
        expect(text).not.toContain('[DONE]');
        const events = sseNamedEvents(text);
        expect(events.length).toBeGreaterThan(2);
        expect(responseStreamProblems(events, validator)).toEqual([]);
      });
    } else if (example.mediaType === 'text/event-stream') {
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
    } else if (example.mediaType === 'application/octet-stream') {
      test(`${example.label} is a string whose bytes are a valid ${example.eventSchemaName}`, () => {
        expect(validator.errors(example.schemaName!, example.value)).toEqual([]);
        expect(typeof example.value).toBe('string');
        expect(validator.errors(example.eventSchemaName!, JSON.parse(example.value as string))).toEqual([]);
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
