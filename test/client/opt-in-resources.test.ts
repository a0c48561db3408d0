/**
 * `client.with({ ... })` adds opt-in resources (files, responses, the toolkit) to a client
 * without the class importing them.
 */
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { DeepSeek, DeepSeekError, listModels, type DeepSeekCore } from '../../src/index';
import { fixtures, jsonResponse, observedFetch, testKey } from '../helpers/observed-fetch';

class Echo {
  constructor(readonly client: DeepSeekCore) {}
  list() {
    return listModels(this.client);
  }
}

describe('client.with()', () => {
  test('adds each resource under its key, built once with the client, and returns the same client', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.modelList)]);
    const base = new DeepSeek({ apiKey: testKey, fetch });
    const client = base.with({ echo: Echo });
    expect(client).toBe(base);
    expect(client.echo).toBeInstanceOf(Echo);
    expect(client.echo.client).toBe(client);
    expect(client.echo).toBe(client.echo);
    await expect(client.echo.list()).resolves.toEqual(fixtures.modelList);
    expect(fetch.calls).toHaveLength(1);
  });

  test('may replace a resource such as chat, keeping the others', () => {
    class Chat {
      readonly completions = { extra: true };
      constructor(readonly client: DeepSeekCore) {}
    }
    const client = new DeepSeek({ apiKey: testKey }).with({ chat: Chat });
    expect(client.chat).toBeInstanceOf(Chat);
    expect(client.models.list).toBeTypeOf('function');
  });

  test.each(['baseURL', 'timeout', 'maxRetries', 'toJSON', 'with', '__proto__', 'constructor'])(
    'refuses the name %s, which is a setting or method of the client',
    (name) => {
      const client = new DeepSeek({ apiKey: testKey });
      expect(() => client.with({ [name]: Echo })).toThrow(DeepSeekError);
      expect(() => client.with({ [name]: Echo })).toThrow(`"${name}"`);
    },
  );

  test('an added resource does not expose the key', () => {
    const client = new DeepSeek({ apiKey: testKey }).with({ echo: Echo });
    expect(JSON.stringify(client)).not.toContain(testKey);
    expect(inspect(client, { showHidden: true, depth: Infinity })).not.toContain(testKey);
    expect(inspect(client.echo, { showHidden: true, depth: Infinity })).not.toContain(testKey);
  });
});
