/**
 * Structured output: JSON mode with the schema in a system instruction (the word "json"
 * included), never a forced tool_choice (thinking mode answers 400 "Thinking mode does not
 * support this tool_choice"), validation by the schema, one bounded repair round, and typed
 * failures that keep the raw answer.
 */
import { type } from 'arktype';
import * as v from 'valibot';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DeepSeekError, StructuredOutputError, jsonSchema, parseChatCompletion, type ChatMessage } from '../../src/index';
import { answerTurn, scripted, usage } from './helpers';

const city = z.object({ city: z.string(), celsius: z.number().int() });
const messages: ChatMessage[] = [
  { role: 'system', content: 'You are a weather bot.' },
  { role: 'user', content: 'Weather in Hangzhou, as data.' },
];

describe('parse()', () => {
  test('asks in JSON mode with the schema in a system instruction after the leading system messages, and returns the parsed value', async () => {
    const { client, bodies } = scripted([answerTurn('{"city": "Hangzhou", "celsius": 18}', { reasoning: 'Easy.' })]);
    const result = await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city, thinking: { type: 'enabled' } });
    expect(result.parsed).toEqual({ city: 'Hangzhou', celsius: 18 });
    expect(result.raw).toBe('{"city": "Hangzhou", "celsius": 18}');
    expect(result.attempts).toBe(1);
    const [body] = bodies();
    expect(body!.response_format).toEqual({ type: 'json_object' });
    expect(body!.thinking).toEqual({ type: 'enabled' });
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('tools');
    expect(body!.messages.map((m: ChatMessage) => m.role)).toEqual(['system', 'system', 'user']);
    const instruction = body!.messages[1].content as string;
    expect(instruction).toMatch(/\bjson\b/);
    expect(instruction).toContain(JSON.stringify({ type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } }, required: ['city', 'celsius'] }));
  });

  test('puts the instruction first when the conversation has no system message', async () => {
    const { client, bodies } = scripted([answerTurn('{"city": "Oslo", "celsius": 3}')]);
    await client.chat.completions.parse({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'Oslo?' }], schema: city });
    expect(bodies()[0]!.messages.map((m: ChatMessage) => m.role)).toEqual(['system', 'user']);
  });

  test('repairs an answer that does not match the schema: the invalid answer and its issues go back, and the second answer is parsed', async () => {
    const { client, bodies } = scripted([
      answerTurn('{"city": "Hangzhou", "celsius": "18"}', { usage: usage(200, 20, 128) }),
      answerTurn('{"city": "Hangzhou", "celsius": 18}', { usage: usage(260, 20, 192) }),
    ]);
    const result = await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city });
    expect(result.parsed).toEqual({ city: 'Hangzhou', celsius: 18 });
    expect(result.attempts).toBe(2);
    expect(result.usage).toMatchObject({ prompt_tokens: 460, prompt_cache_hit_tokens: 320 });
    const second = bodies()[1]!.messages as ChatMessage[];
    expect(second.slice(0, 3)).toEqual(bodies()[0]!.messages);
    expect(second[3]).toEqual({ role: 'assistant', content: '{"city": "Hangzhou", "celsius": "18"}' });
    expect(second[4]!.role).toBe('user');
    expect(second[4]!.content).toMatch(/^Your previous reply is not usable: it does not match the JSON Schema:\n\/celsius: /);
    expect(second[4]!.content).toContain('json');
  });

  test('repairs an answer that is not JSON', async () => {
    const { client, bodies } = scripted([answerTurn('Sure! {"city": "Hangzhou"'), answerTurn('{"city": "Hangzhou", "celsius": 18}')]);
    const result = await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city });
    expect(result.attempts).toBe(2);
    expect(bodies()[1]!.messages[4].content).toMatch(/^Your previous reply is not usable: it is not valid JSON \(/);
  });

  test('fails with StructuredOutputError carrying the raw text and the issues when the repair round does not help', async () => {
    const { client, fetch } = scripted([answerTurn('{"city": 1}'), answerTurn('{"city": 2, "celsius": 18}')]);
    const error = await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toMatchObject({ kind: 'invalid', raw: '{"city": 2, "celsius": 18}', attempts: 2, finishReason: 'stop', issues: [{ path: ['city'] }] });
    expect((error as StructuredOutputError).completion.choices[0]!.message.content).toBe('{"city": 2, "celsius": 18}');
    expect((error as Error).message).toMatch(/^The structured answer does not match the schema:\n\/city: /);
    expect((error as Error).message).not.toContain('{"city": 2');
    expect(fetch.calls).toHaveLength(2);
  });

  test('repairRounds: 0 fails on the first invalid answer; repairRounds: 2 tries twice more', async () => {
    const none = scripted([answerTurn('nope')]);
    await expect(none.client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city, repairRounds: 0 })).rejects.toMatchObject({ kind: 'invalid_json', raw: 'nope', attempts: 1 });
    const two = scripted([answerTurn('nope'), answerTurn('{}'), answerTurn('{"city": "X", "celsius": 1}')]);
    await expect(two.client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city, repairRounds: 2 })).resolves.toMatchObject({ attempts: 3 });
  });

  test('asks again, unchanged, after an empty answer (a documented JSON-mode quirk), and fails as empty when it stays empty', async () => {
    const once = scripted([answerTurn(''), answerTurn('{"city": "X", "celsius": 1}')]);
    await expect(once.client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city })).resolves.toMatchObject({ attempts: 2 });
    expect(once.bodies()[1]).toEqual(once.bodies()[0]);
    const twice = scripted([answerTurn('  \n'), answerTurn('')]);
    await expect(twice.client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city })).rejects.toMatchObject({ kind: 'empty', raw: '', attempts: 2 });
  });

  test('fails at once, without repair, when the answer was cut by max_tokens', async () => {
    const { client, fetch } = scripted([answerTurn('{"city": "Hang', { finish: 'length' })]);
    const error = await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city, max_tokens: 8 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'truncated', raw: '{"city": "Hang', finishReason: 'length' });
    expect((error as Error).message).toContain('Raise max_tokens');
    expect(fetch.calls).toHaveLength(1);
  });

  test('refuses an instruction without the word json before sending anything', async () => {
    const { client, fetch } = scripted([]);
    await expect(client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city, instruction: 'Answer as data.' })).rejects.toBeInstanceOf(DeepSeekError);
    expect(fetch.calls).toHaveLength(0);
  });

  test('uses a custom instruction as it is', async () => {
    const { client, bodies } = scripted([answerTurn('{"city": "X", "celsius": 1}')]);
    await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city, instruction: 'Antworte nur mit JSON: {"city": string, "celsius": integer}' });
    expect(bodies()[0]!.messages[1]).toEqual({ role: 'system', content: 'Antworte nur mit JSON: {"city": string, "celsius": integer}' });
  });

  test.each([
    ['ArkType', type({ city: 'string', celsius: 'number.integer' })],
    ['Valibot', toStandardJsonSchema(v.object({ city: v.string(), celsius: v.pipe(v.number(), v.integer()) }))],
    ['jsonSchema<T>()', jsonSchema<{ city: string; celsius: number }>({ type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'integer' } }, required: ['city', 'celsius'] })],
    ['a plain JSON Schema', { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'integer' } }, required: ['city', 'celsius'] }],
  ])('validates with %s: repairs a wrong answer, then parses', async (_name, schema) => {
    const { client, bodies } = scripted([answerTurn('{"city": "X", "celsius": 1.5}'), answerTurn('{"city": "X", "celsius": 1}')]);
    const result = await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema });
    expect(result).toMatchObject({ parsed: { city: 'X', celsius: 1 }, attempts: 2 });
    expect(bodies()[1]!.messages[4].content).toContain('/celsius');
  });

  test('the functional core twin sends the same request', async () => {
    const { client, bodies } = scripted([answerTurn('{"city": "X", "celsius": 1}'), answerTurn('{"city": "X", "celsius": 1}')]);
    const viaCore = await parseChatCompletion(client, { model: 'deepseek-flash', messages, schema: city });
    const viaClass = await client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: city });
    expect(viaCore.parsed).toEqual(viaClass.parsed);
    expect(bodies()[0]).toEqual(bodies()[1]);
  });
});
