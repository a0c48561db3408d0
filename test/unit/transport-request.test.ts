/**
 * Request building: path parameters become one encoded path segment and can never climb out
 * of their path; query strings leave out what is not set. Pure functions, no HTTP.
 */
import { describe, expect, test } from 'vitest';
import { DeepSeekError } from '../../src/index';
import { jsonBody, pathSegment, withQuery } from '../../src/transport-request';

describe('pathSegment', () => {
  test.each([
    ['file-api-5f0c8a1e', 'file-api-5f0c8a1e'],
    ['a/b', 'a%2Fb'],
    ['a?b#c', 'a%3Fb%23c'],
    ['100%', '100%25'],
    ['../user/balance', '..%2Fuser%2Fbalance'],
    ['ünïcode id', '%C3%BCn%C3%AFcode%20id'],
  ])('encodes %j as %j', (value, encoded) => {
    expect(pathSegment('fileId', value)).toBe(encoded);
  });

  test.each(['', '.', '..', undefined, 42])('refuses %j, which would not stay one segment of the path', (value) => {
    expect(() => pathSegment('fileId', value)).toThrow(DeepSeekError);
    expect(() => pathSegment('fileId', value)).toThrow(/^fileId must be a non-empty string other than "\." and "\.\."/);
  });

  test('an encoded id stays inside its path when the URL is parsed', () => {
    const url = new URL(`https://api.deepseek.com/files/${pathSegment('fileId', '../../user/balance')}`);
    expect(url.pathname).toBe('/files/..%2F..%2Fuser%2Fbalance');
  });
});

describe('withQuery', () => {
  test('appends set parameters in order and leaves out undefined and null ones', () => {
    expect(withQuery('/files', { after: 'file-api-1', limit: 20, order: undefined, purpose: null })).toBe('/files?after=file-api-1&limit=20');
  });

  test('encodes names and values', () => {
    expect(withQuery('/files', { after: 'a&b=c d' })).toBe('/files?after=a%26b%3Dc%20d');
  });

  test('without parameters the path is unchanged', () => {
    expect(withQuery('/files', {})).toBe('/files');
    expect(withQuery('/files', undefined)).toBe('/files');
  });
});

describe('jsonBody', () => {
  test('serializes once, and refuses a cycle naming the problem but not the body', () => {
    expect(jsonBody({ a: 1 })).toBe('{"a":1}');
    expect(jsonBody(undefined)).toBeUndefined();
    const cyclic: Record<string, unknown> = { secret: 'sk-test-not-in-message' };
    cyclic.self = cyclic;
    expect(() => jsonBody(cyclic)).toThrow(DeepSeekError);
    expect(() => jsonBody(cyclic)).not.toThrow(/sk-test-not-in-message/);
  });
});
