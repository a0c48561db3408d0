/**
 * Structured output on the Responses endpoint: `parseResponse()` (and `client.responses.parse()`)
 * send `text.format` `json_schema` built from a Standard Schema or a JSON Schema, validate the
 * answer on this side, repair an invalid one once by replaying the turn with the problem, and
 * fail with a typed error that keeps the raw answer and the response.
 */
import { type } from 'arktype';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  DeepSeek,
  DeepSeekCore,
  Responses,
  StructuredResponseError,
  jsonSchema,
  parseResponse,
  parseResponseOutput,
  toJSONSchema,
} from '../../src/index';
import { jsonResponse, observedFetch, testKey, textResponse, type ObservedFetch } from '../helpers/observed-fetch';
import { eventsFor, item, namedSse, responseObject } from '../helpers/response-streams';

const baseURL = 'https://api.deepseek.com';
const core = (fetch: ObservedFetch) => new DeepSeekCore({ apiKey: testKey, baseURL, fetch, maxRetries: 0, logLevel: 'off' });
const Person = z.object({ name: z.string(), born: z.number().int(), city: z.string() });
const ada = { name: 'Ada Lovelace', born: 1815, city: 'London' };
const answer = (text: string, overrides = {}) => responseObject([item.reasoning('Pull out the three fields.'), item.message(text)], overrides);
const bodies = (fetch: ObservedFetch) => fetch.calls.map((call) => JSON.parse(call.body!) as Record<string, unknown>);

describe('parseResponse()', () => {
  test('sends text.format json_schema with the schema as JSON Schema and resolves to the typed, validated value', async () => {
    const fetch = observedFetch([jsonResponse(answer(JSON.stringify(ada)))]);
    const result = await parseResponse(core(fetch), { model: 'deepseek-flash', input: 'Extract: Ada Lovelace, born 1815 in London', schema: Person, name: 'person', description: 'A person' });
    expect(result.parsed).toEqual(ada);
    expect(result.raw).toBe(JSON.stringify(ada));
    expect(result.attempts).toBe(1);
    const [body] = bodies(fetch);
    expect(body).toEqual({
      model: 'deepseek-flash',
      input: 'Extract: Ada Lovelace, born 1815 in London',
      text: { format: { type: 'json_schema', name: 'person', schema: toJSONSchema(Person), description: 'A person' } },
    });
    expect((body!.text as { format: { schema: { properties: object } } }).format.schema.properties).toHaveProperty('born');
    expect(fetch.calls[0]!.url).toBe('https://api.deepseek.com/responses');
  });

  test('a plain JSON Schema, ArkType, name defaulting to "output", and strict only when asked', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
    const fetch = observedFetch([jsonResponse(answer('{"ok":true}')), jsonResponse(answer('{"ok":false}'))]);
    expect((await parseResponse(core(fetch), { model: 'deepseek-flash', input: 'ok?', schema })).parsed).toEqual({ ok: true });
    expect((await parseResponse(core(fetch), { model: 'deepseek-flash', input: 'ok?', schema: type({ ok: 'boolean' }), strict: true })).parsed).toEqual({ ok: false });
    const [first, second] = bodies(fetch);
    expect(first!.text).toEqual({ format: { type: 'json_schema', name: 'output', schema } });
    expect((second!.text as { format: Record<string, unknown> }).format).toMatchObject({ type: 'json_schema', name: 'output', strict: true });
  });

  test('an answer that breaks the schema is replayed with its issues once, and the corrected answer wins', async () => {
    const wrong = answer(JSON.stringify({ ...ada, born: 'eighteen fifteen' }));
    const fetch = observedFetch([jsonResponse(wrong), jsonResponse(answer(JSON.stringify(ada)))]);
    const result = await parseResponse(core(fetch), { model: 'deepseek-flash', instructions: 'Extract people.', input: 'Ada Lovelace, 1815, London', schema: Person });
    expect(result).toMatchObject({ parsed: ada, attempts: 2 });
    const [, repair] = bodies(fetch);
    const input = repair!.input as Record<string, unknown>[];
    // the original request as an item, the turn as DeepSeek returned it (reasoning first), then the problem
    expect(input[0]).toEqual({ role: 'user', content: 'Ada Lovelace, 1815, London' });
    expect(input.slice(1, 3).map((entry) => entry.type)).toEqual(['reasoning', 'message']);
    expect(input[3]).toMatchObject({ role: 'user' });
    expect(input[3]!.content).toContain('/born');
    expect(repair!.instructions).toBe('Extract people.');
    expect(repair!.text).toEqual(bodies(fetch)[0]!.text);
  });

  test('with repairRounds 0 an invalid answer fails at once with kind, issues, the raw text and the response', async () => {
    const wrong = answer('{"name":"Ada"}');
    const fetch = observedFetch([jsonResponse(wrong)]);
    const error = await parseResponse(core(fetch), { model: 'deepseek-flash', input: 'x', schema: Person, repairRounds: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredResponseError);
    const failure = error as StructuredResponseError;
    expect(failure.name).toBe('StructuredResponseError');
    expect(failure.kind).toBe('invalid');
    expect(failure.raw).toBe('{"name":"Ada"}');
    expect(failure.response).toEqual(wrong);
    expect(failure.attempts).toBe(1);
    expect(failure.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['born', 'city']));
    expect(fetch.calls).toHaveLength(1);
  });

  test('text that is not JSON is invalid_json after the repair round, and the message never quotes the answer', async () => {
    const fetch = observedFetch([jsonResponse(answer('Sure! Ada was born in 1815.')), jsonResponse(answer('Here: {name: Ada}'))]);
    const error = (await parseResponse(core(fetch), { model: 'deepseek-flash', input: 'x', schema: Person }).catch((e: unknown) => e)) as StructuredResponseError;
    expect(error.kind).toBe('invalid_json');
    expect(error.attempts).toBe(2);
    expect(error.raw).toBe('Here: {name: Ada}');
    expect(error.message).not.toContain('Ada');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test('an incomplete response is truncated at once (a repair would be cut again), with the reason and a hint', async () => {
    const cut = answer('{"name":"Ada Lov', { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const fetch = observedFetch([jsonResponse(cut)]);
    const error = (await parseResponse(core(fetch), { model: 'deepseek-flash', input: 'x', schema: Person }).catch((e: unknown) => e)) as StructuredResponseError;
    expect(error.kind).toBe('truncated');
    expect(error.message).toContain('max_output_tokens');
    expect(fetch.calls).toHaveLength(1);
  });

  test('a response without answer text is empty, asked again unchanged, then reported', async () => {
    const onlyReasoning = responseObject([item.reasoning('Thinking only.')]);
    const fetch = observedFetch([jsonResponse(onlyReasoning), jsonResponse(onlyReasoning)]);
    const error = (await parseResponse(core(fetch), { model: 'deepseek-flash', input: [{ role: 'user', content: 'x' }], schema: Person }).catch((e: unknown) => e)) as StructuredResponseError;
    expect(error.kind).toBe('empty');
    expect(error.attempts).toBe(2);
    const [first, second] = bodies(fetch);
    expect(second).toEqual(first);
  });

  test('bad repairRounds is refused before anything is sent', async () => {
    const fetch = observedFetch([]);
    await expect(parseResponse(core(fetch), { model: 'deepseek-flash', input: 'x', schema: Person, repairRounds: -1 })).rejects.toThrow('repairRounds');
    expect(fetch.calls).toHaveLength(0);
  });

  test('a jsonSchema<T>() with its own validate is used to check the answer', async () => {
    const schema = jsonSchema<{ n: number }>({ type: 'object', properties: { n: { type: 'number' } } }, { validate: (value) => ((value as { n: number }).n > 0 ? { success: true, value: value as { n: number } } : { success: false, issues: [{ message: 'n must be positive', path: ['n'] }] }) });
    const fetch = observedFetch([jsonResponse(answer('{"n":-1}'))]);
    const error = (await parseResponse(core(fetch), { model: 'deepseek-flash', input: 'x', schema, repairRounds: 0 }).catch((e: unknown) => e)) as StructuredResponseError;
    expect(error.issues).toEqual([{ message: 'n must be positive', path: ['n'] }]);
  });
});

describe('client.responses.parse() and parseResponseOutput()', () => {
  test('the resource method is parseResponse over the client', async () => {
    const fetch = observedFetch([jsonResponse(answer(JSON.stringify(ada)))]);
    const client = new DeepSeek({ apiKey: testKey, baseURL, fetch, maxRetries: 0, logLevel: 'off' }).with({ responses: Responses });
    const { parsed } = await client.responses.parse({ model: 'deepseek-flash', input: 'x', schema: Person });
    expect(parsed).toEqual(ada);
  });

  test('a streamed structured answer is validated from finalResponse()', async () => {
    const final = answer(JSON.stringify(ada));
    const fetch = observedFetch([textResponse(namedSse(eventsFor(final)), { contentType: 'text/event-stream' })]);
    const client = new DeepSeek({ apiKey: testKey, baseURL, fetch, maxRetries: 0, logLevel: 'off' }).with({ responses: Responses });
    const stream = await client.responses.create({ model: 'deepseek-flash', input: 'x', stream: true, text: { format: { type: 'json_schema', name: 'person', schema: toJSONSchema(Person) } } });
    let streamed = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') streamed += event.delta;
    const { parsed, raw } = await parseResponseOutput(await stream.finalResponse(), Person);
    expect(parsed).toEqual(ada);
    expect(raw).toBe(streamed);
  });
});
