/**
 * A custom `fetch` (a proxy or signing wrapper) may add to `init.headers` in place. That must
 * work, and what it adds must not reach the next call.
 */
import { describe, expect, test } from 'vitest';
import { DeepSeek, type FetchLike } from '../../src/index';
import { fixtures, testKey } from '../helpers/observed-fetch';

describe('a custom fetch that adds headers in place', () => {
  test('can add a header, and the next call starts from the SDK’s own headers', async () => {
    const seen: Record<string, string>[] = [];
    let call = 0;
    const signingFetch: FetchLike = async (_url, init) => {
      'use strict';
      const headers = init.headers as Record<string, string>;
      seen.push({ ...headers });
      headers[`x-signature-${++call}`] = 'signed'; // throws if the SDK handed over a frozen object
      return new Response(JSON.stringify(fixtures.chatCompletion), { headers: { 'content-type': 'application/json' } });
    };
    const client = new DeepSeek({ apiKey: testKey, fetch: signingFetch, maxRetries: 0 });
    await client.chat.completions.create(fixtures.chatRequest);
    await client.chat.completions.create(fixtures.chatRequest);
    expect(seen).toHaveLength(2);
    expect(Object.keys(seen[1]!)).not.toContain('x-signature-1');
    expect(seen[1]).toEqual(seen[0]);
  });
});
