import { describe, expect, test } from 'vitest';
import { maskKey, redactHeaders, redactSecrets, secretHeaderNames } from '../../src/redact';

const key = 'sk-test-unit-0123456789abcdef';

describe('maskKey', () => {
  test.each([
    ['sk-test-unit-0123456789abcdef', 'sk-…cdef'],
    ['sk-abcdefgh1234', 'sk-…1234'],
    ['123456789', '123…6789'],
    ['12345678', '***'],
    ['sk-short', '***'],
    ['', '***'],
  ])('%j → %j', (input, expected) => {
    expect(maskKey(input)).toBe(expected);
  });

  test('the masked form is not itself key-shaped, so masking twice changes nothing', () => {
    const once = redactSecrets(`key ${key}`, key);
    expect(redactSecrets(once, key)).toBe(once);
  });
});

describe('redactSecrets', () => {
  test.each<[string, string, string | undefined, string]>([
    ['the configured key', `Your api key: ${key} is invalid`, key, 'Your api key: sk-…cdef is invalid'],
    ['every occurrence of it', `${key} and again ${key}`, key, 'sk-…cdef and again sk-…cdef'],
    ['a configured key that is not sk-shaped', 'token proxy-token-XYZ987654 rejected', 'proxy-token-XYZ987654', 'token pro…7654 rejected'],
    ['a key-shaped string that is not the configured key', 'sk-abcdefABCDEF0123456789 rejected', key, 'sk-…6789 rejected'],
    ['a key-shaped string with no configured key', 'leaked sk-0000aaaa1111bbbb2222 here', undefined, 'leaked sk-…2222 here'],
    ['key-shaped with underscores and dashes', 'sk-proj_abc-DEF_0123456789', undefined, 'sk-…6789'],
    ['several key-shaped strings', 'sk-aaaaaaaaaaaaaaaa1 / sk-bbbbbbbbbbbbbbbb2', undefined, 'sk-…aaa1 / sk-…bbb2'],
    ['a key inside JSON', `{"message":"bad key ${key}"}`, key, '{"message":"bad key sk-…cdef"}'],
  ])('masks %s', (_case, text, configured, expected) => {
    expect(redactSecrets(text, configured)).toBe(expected);
  });

  test.each<[string, string]>([
    ['text without secrets', 'Model Not Exist'],
    ['sk- followed by fewer than 16 characters', 'use sk-123456789012345 maybe'],
    ['words that merely contain sk-', 'task-list and desk-lamp'],
    ['an empty string', ''],
  ])('leaves %s unchanged', (_case, text) => {
    expect(redactSecrets(text, key)).toBe(text);
  });

  test('an empty configured key masks nothing by itself', () => {
    expect(redactSecrets('plain text', '')).toBe('plain text');
  });

  test('the result never contains the configured key, whatever surrounds it', () => {
    for (const around of ['', ' ', 'x', '"', '\n', 'sk-', key]) {
      expect(redactSecrets(`${around}${key}${around}`, key)).not.toContain(key);
    }
  });
});

describe('redactHeaders', () => {
  test('replaces every secret header by *** and keeps the others, from a Headers object', () => {
    const headers = new Headers({
      authorization: `Bearer ${key}`,
      'proxy-authorization': 'Basic dXNlcjpwYXNz',
      'api-key': 'k1',
      'x-api-key': 'k2',
      cookie: 'session=abc',
      'content-type': 'application/json',
      accept: 'application/json',
    });
    expect(redactHeaders(headers)).toEqual({
      authorization: '***',
      'proxy-authorization': '***',
      'api-key': '***',
      'x-api-key': '***',
      cookie: '***',
      'content-type': 'application/json',
      accept: 'application/json',
    });
  });

  test('matches header names case-insensitively in a plain record and keeps their spelling', () => {
    expect(redactHeaders({ Authorization: `Bearer ${key}`, 'X-Api-Key': 'k', 'Set-Cookie': 'a=b', 'X-Team': 'search' })).toEqual({
      Authorization: '***',
      'X-Api-Key': '***',
      'Set-Cookie': '***',
      'X-Team': 'search',
    });
  });

  test('does not modify its input', () => {
    const headers = new Headers({ authorization: `Bearer ${key}` });
    const record = { authorization: `Bearer ${key}` };
    redactHeaders(headers);
    redactHeaders(record);
    expect(headers.get('authorization')).toBe(`Bearer ${key}`);
    expect(record.authorization).toBe(`Bearer ${key}`);
  });

  test('the secret names are the usual credential headers', () => {
    expect([...secretHeaderNames].sort()).toEqual(['api-key', 'authorization', 'cookie', 'proxy-authorization', 'set-cookie', 'x-api-key']);
  });
});
