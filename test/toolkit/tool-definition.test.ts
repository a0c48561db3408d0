/**
 * tool(): the wire definition it builds, the checks it makes before anything is sent, and the
 * routing of strict tools to the beta server through the ordinary chat path.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DeepSeekError, tool } from '../../src/index';
import { answerTurn, scripted, toolTurn } from './helpers';

describe('tool()', () => {
  test('builds the function definition from the name, description and the JSON Schema of the parameters', () => {
    const weather = tool({ name: 'get_weather', description: 'Weather in a city.', parameters: z.object({ city: z.string().describe('City name') }), execute: () => 'sunny' });
    expect(weather.definition).toEqual({
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Weather in a city.',
        parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
      },
    });
    expect(weather.strict).toBe(false);
    expect(Object.isFrozen(weather)).toBe(true);
  });

  test('a tool without parameters sends none, as DeepSeek documents for a function without arguments', () => {
    expect(tool({ name: 'now', execute: () => Date.now() }).definition).toEqual({ type: 'function', function: { name: 'now' } });
  });

  test.each(['', 'has space', 'dotted.name', 'x'.repeat(65), 'ünïcode'])('refuses the name %j, which DeepSeek would reject', (name) => {
    expect(() => tool({ name, execute: () => 1 })).toThrow(DeepSeekError);
  });

  test('refuses a tool without execute', () => {
    expect(() => tool({ name: 'x' } as never)).toThrow('needs an execute function');
  });

  test('a loop with a strict tool sends its requests to the beta server; without one, to the regular server', async () => {
    const strict = tool({ name: 'get_weather', strict: true, parameters: z.strictObject({ city: z.string() }), execute: () => 'sunny' });
    const plain = tool({ name: 'get_weather', parameters: z.object({ city: z.string() }), execute: () => 'sunny' });
    for (const [each, path] of [[strict, '/beta/chat/completions'], [plain, '/chat/completions']] as const) {
      const { client, fetch } = scripted([toolTurn([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }]), answerTurn('ok')]);
      await client.chat.completions.runTools({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'Oslo?' }], tools: [each] });
      expect(fetch.calls.map((call) => new URL(call.url).pathname)).toEqual([path, path]);
    }
  });
});
