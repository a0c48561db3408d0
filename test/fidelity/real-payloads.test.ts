/**
 * Every payload recorded from the live API (../shared/deepseek-real/, kept outside the
 * repo) must be accepted by the schema it belongs to. If the spec rejects a real payload,
 * the spec is wrong.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createSpecValidator, loadSpec } from '../helpers/spec-schemas';
import { sseDataPayloads } from '../helpers/sse-text';
import { responseStreamProblems, sseNamedEvents } from '../helpers/response-events';

const realDir = process.env.DEEPSEEK_REAL_DIR ?? resolve(import.meta.dirname, '../../../shared/deepseek-real');
const present = existsSync(realDir);
if (!present) console.log(`fidelity: ${realDir} is absent, so the real-payload suite is skipped`);

/** Which schema each recorded file belongs to; first match wins. `null` = out of scope. */
const routes: [RegExp, string | null][] = [
  [/^README\.md$/, null],
  [/^files-upload-.*\.json$/, 'FileObject'],
  [/^responses-.*\.json$/, 'ResponseObject'],
  [/^responses-.*\.sse$/, 'ResponseStreamEvent'],
  [/^error-400-responses-.*\.json$/, 'ResponsesBadRequest'],
  [/^chat-.*\.json$/, 'ChatCompletion'],
  [/^chat-.*\.sse$/, 'ChatCompletionChunk'],
  [/^request-.*\.json$/, 'ChatCompletionRequest'],
  [/^error-422-.*\.txt$/, 'text/plain 422'],
  [/^error-.*\.json$/, 'ErrorResponse'],
  [/^models-.*\.json$/, 'ModelList'],
  [/^balance-.*\.json$/, 'UserBalance'],
];

const files = present ? readdirSync(realDir).sort() : [];
const spec = loadSpec();
const validator = createSpecValidator(spec);
const plainText422Schema = ((spec.components as any).responses.UnprocessableEntity.content['text/plain'] as { schema: unknown }).schema;
const responsesBadRequest = (spec.components as any).responses.ResponsesBadRequest.content as Record<string, { schema: unknown }>;

function routeOf(file: string): string | null | undefined {
  return routes.find(([pattern]) => pattern.test(file))?.[1];
}

describe.skipIf(!present)('real DeepSeek payloads against the spec', () => {
  test('every recorded file is mapped to a schema or explicitly out of scope', () => {
    const unmapped = files.filter((file) => routeOf(file) === undefined);
    expect(unmapped).toEqual([]);
    expect(files.filter((file) => routeOf(file)).length).toBeGreaterThan(30);
  });

  for (const file of files) {
    const schema = routeOf(file);
    if (!schema) continue;
    const text = readFileSync(join(realDir, file), 'utf8');

    if (schema === 'ResponseStreamEvent') {
      test(`${file}: every named event is valid for its type, in sequence, ending with one terminal event and no [DONE]`, () => {
        expect(responseStreamProblems(sseNamedEvents(text), validator)).toEqual([]);
      });
    } else if (schema === 'ResponsesBadRequest') {
      test(`${file}: the /responses 400 body fits both media types the spec lists for it (JSON, and JSON served as octet-stream)`, () => {
        expect(validator.errorsFor(responsesBadRequest['application/json']!.schema, JSON.parse(text))).toEqual([]);
        expect(validator.errorsFor(responsesBadRequest['application/octet-stream']!.schema, text)).toEqual([]);
        expect(validator.errors('ErrorResponse', JSON.parse(text))).toEqual([]);
      });
    } else if (file.endsWith('.sse')) {
      test(`${file}: every data event is a valid ${schema} and the stream ends with [DONE]`, () => {
        const payloads = sseDataPayloads(text);
        expect(payloads.at(-1)).toBe('[DONE]');
        expect(payloads.indexOf('[DONE]')).toBe(payloads.length - 1);
        const chunks = payloads.slice(0, -1);
        expect(chunks.length).toBeGreaterThan(0);
        chunks.forEach((payload, index) => {
          expect({ index, errors: validator.errors(schema, JSON.parse(payload)) }).toEqual({ index, errors: [] });
        });
      });
    } else if (schema === 'text/plain 422') {
      test(`${file}: a plain-text 422 body fits the spec's text/plain 422 response`, () => {
        expect(() => JSON.parse(text)).toThrow();
        expect(validator.errorsFor(plainText422Schema, text)).toEqual([]);
      });
    } else {
      test(`${file} is a valid ${schema}`, () => {
        expect(validator.errors(schema, JSON.parse(text))).toEqual([]);
      });
    }
  }
});
