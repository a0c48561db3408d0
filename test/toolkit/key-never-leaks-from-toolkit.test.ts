/**
 * Nothing the toolkit returns or throws exposes the API key: the resource, a run, its events
 * and result, and its errors, through `JSON.stringify` and `util.inspect` (hidden fields too).
 */
import { inspect } from 'node:util';
import { expect, test } from 'vitest';
import { z } from 'zod';
import { tool, type ToolRunEvent } from '../../src/index';
import { testKey } from '../helpers/observed-fetch';
import { answerTurn, scripted, toolTurn } from './helpers';

const show = (value: unknown): string[] => [JSON.stringify(value) ?? '', inspect(value, { showHidden: true, depth: Infinity, getters: true })];

test('the toolkit resource, a run, its events, its result and its errors never show the key', async () => {
  const { client } = scripted([toolTurn([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }]), answerTurn('ok'), toolTurn([{ name: 'get_weather', arguments: '{}' }])]);
  const getWeather = tool({ name: 'get_weather', parameters: z.object({ city: z.string() }), execute: ({ city }) => city });
  const run = client.chat.completions.runTools({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'Oslo?' }], tools: [getWeather], stream: true });
  const events: ToolRunEvent[] = [];
  for await (const event of run) events.push(event);
  const error = await client.chat.completions
    .runTools({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'again' }], tools: [getWeather], toolErrors: 'throw' })
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'ToolCallError' });
  for (const value of [client, client.chat, client.chat.completions, run, events, await run.finalResult(), error, getWeather]) {
    for (const text of show(value)) expect(text).not.toContain(testKey);
  }
});
