import { describe, expect, test } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  DeepSeekError,
  InsufficientBalanceError,
  InternalServerError,
  RateLimitError,
  StreamError,
  UnprocessableEntityError,
  statusErrorClasses,
} from '../../src/errors';

const body = (message: string, extra: Record<string, unknown> = {}) => ({ error: { message, type: 'invalid_request_error', param: null, code: 'invalid_request_error', ...extra } });

describe('APIError.from picks the class by status', () => {
  test.each<[number | undefined, typeof APIError]>([
    [undefined, APIError],
    [200, APIError],
    [301, APIError],
    [304, APIError],
    [400, BadRequestError],
    [401, AuthenticationError],
    [402, InsufficientBalanceError],
    [403, APIError],
    [404, APIError],
    [408, APIError],
    [409, APIError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [499, APIError],
    [500, InternalServerError],
    [503, InternalServerError],
    [529, InternalServerError],
    [599, InternalServerError],
  ])('%s → %o', (status, Class) => {
    const error = APIError.from({ status, body: body('x') });
    expect(Object.getPrototypeOf(error)).toBe(Class.prototype);
    expect(error.status).toBe(status);
  });

  test('the exported table lists exactly the statuses with their own class', () => {
    expect(Object.keys(statusErrorClasses).map(Number)).toEqual([400, 401, 402, 422, 429]);
  });
});

describe('every error class has a literal name, right in the stack too', () => {
  test.each<[string, () => Error]>([
    ['DeepSeekError', () => new DeepSeekError('m')],
    ['APIError', () => new APIError('m', { status: 404 })],
    ['BadRequestError', () => new BadRequestError('m', { status: 400 })],
    ['AuthenticationError', () => new AuthenticationError('m', { status: 401 })],
    ['InsufficientBalanceError', () => new InsufficientBalanceError('m', { status: 402 })],
    ['UnprocessableEntityError', () => new UnprocessableEntityError('m', { status: 422 })],
    ['RateLimitError', () => new RateLimitError('m', { status: 429 })],
    ['InternalServerError', () => new InternalServerError('m', { status: 500 })],
    ['APIConnectionError', () => new APIConnectionError('m')],
    ['APIConnectionTimeoutError', () => new APIConnectionTimeoutError('m')],
    ['APIUserAbortError', () => new APIUserAbortError('m')],
    ['StreamError', () => new StreamError('incomplete', 'm')],
  ])('%s', (name, make) => {
    const error = make();
    expect(error.name).toBe(name);
    expect(error.stack?.split('\n')[0]).toBe(`${name}: m`);
    expect(String(error)).toBe(`${name}: m`);
    expect(Object.prototype.toString.call(error)).toBe('[object Error]');
    expect(error).toBeInstanceOf(DeepSeekError);
  });

  test('the name is not an own enumerable field, so JSON of an error carries only its data', () => {
    const error = APIError.from({ status: 400, body: body('bad') });
    expect(Object.keys(error)).not.toContain('name');
  });
});

describe('the hierarchy lets callers branch', () => {
  test('status classes are APIErrors; a timeout is a connection error; an abort is neither', () => {
    expect(new RateLimitError('m', { status: 429 })).toBeInstanceOf(APIError);
    expect(new APIConnectionTimeoutError()).toBeInstanceOf(APIConnectionError);
    expect(new APIUserAbortError()).not.toBeInstanceOf(APIConnectionError);
    expect(new APIConnectionError()).not.toBeInstanceOf(APIError);
    expect(new StreamError('malformed', 'm')).not.toBeInstanceOf(APIError);
  });

  test.each<[string, Error, string]>([
    ['APIConnectionError', new APIConnectionError(), 'Connection error.'],
    ['APIConnectionTimeoutError', new APIConnectionTimeoutError(), 'Request timed out.'],
    ['APIUserAbortError', new APIUserAbortError(), 'Request was aborted.'],
  ])('%s has a default message', (_name, error, message) => {
    expect(error.message).toBe(message);
  });

  test('transport errors keep their cause', () => {
    const cause = new TypeError('fetch failed');
    expect(new APIConnectionError('Connection error.', { cause }).cause).toBe(cause);
    expect(new APIConnectionTimeoutError(undefined, { cause }).cause).toBe(cause);
    expect(new APIUserAbortError(undefined, { cause }).cause).toBe(cause);
  });

  test('a StreamError carries its kind', () => {
    expect(new StreamError('size_limit', 'too big').kind).toBe('size_limit');
  });
});

describe('APIError.from reads the body without trusting its shape', () => {
  test.each<[string, unknown, string]>([
    ['{error: {message}}', body('Model Not Exist'), '400 Model Not Exist'],
    ['{error: "text"}', { error: 'Model is overloaded' }, '400 Model is overloaded'],
    ['{message}', { message: 'Bad things' }, '400 Bad things'],
    ['plain text', 'Failed to deserialize the JSON body', '400 Failed to deserialize the JSON body'],
    ['plain text with surrounding whitespace', '\n  spaced out  \n', '400 spaced out'],
    ['an HTML page', '<html><body>oops</body></html>', '400 fallback text'],
    ['an empty string', '', '400 fallback text'],
    ['a number as message', { error: { message: 42 } }, '400 fallback text'],
    ['null', null, '400 fallback text'],
    ['undefined', undefined, '400 fallback text'],
    ['an array', [1, 2], '400 fallback text'],
    ['error: null', { error: null }, '400 fallback text'],
    ['an inherited message', JSON.parse('{"error": {"__proto__": {"message": "polluted"}}}'), '400 fallback text'],
  ])('%s → %j', (_case, errorBody, message) => {
    expect(APIError.from({ status: 400, body: errorBody, fallbackMessage: 'fallback text' }).message).toBe(message);
  });

  test('without a fallback message a body without text still gives a sentence', () => {
    expect(APIError.from({ status: 500, body: undefined }).message).toBe('500 the API returned an error without a message');
  });

  test('an error inside a 200 stream (no status) has no status prefix', () => {
    const error = APIError.from({ status: undefined, body: body('Content Exists Risk') });
    expect(error.message).toBe('Content Exists Risk');
    expect(error.status).toBeUndefined();
    expect(error.headers).toBeUndefined();
  });

  test('long plain-text bodies are cut to 500 characters in the message but kept whole in body', () => {
    const text = 'y'.repeat(2000);
    const error = APIError.from({ status: 422, body: text });
    expect(error.message).toBe(`422 ${'y'.repeat(500)}…`);
    expect(error.body).toBe(text);
  });

  test('type, code and param come from the body when they are strings', () => {
    const error = APIError.from({ status: 400, body: body('m', { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' }) });
    expect({ type: error.type, code: error.code, param: error.param }).toEqual({ type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
    const loose = APIError.from({ status: 400, body: { error: { message: 'm', type: 1, code: null, param: {} } } });
    expect({ type: loose.type, code: loose.code, param: loose.param }).toEqual({ type: undefined, code: undefined, param: undefined });
  });

  test('requestId and traceId come from the response headers', () => {
    const headers = new Headers({ 'x-request-id': 'req-1', 'x-ds-trace-id': 'trace-1' });
    const error = APIError.from({ status: 429, headers, body: body('slow down') });
    expect(error.requestId).toBe('req-1');
    expect(error.traceId).toBe('trace-1');
    expect(error.headers).toBe(headers);
  });

  test.each<[string, string, string | undefined]>([
    ['a suffix', 'Model Not Exist [trace_id=7d1f4a0c9e2b]', '7d1f4a0c9e2b'],
    ['a suffix with dashes and trailing space', 'Oops [trace_id=ab-12-CD] ', 'ab-12-CD'],
    ['no suffix', 'Model Not Exist', undefined],
    ['a trace id that is not at the end', '[trace_id=abc] then more', undefined],
  ])('without the header, the trace id comes from %s of the message', (_case, message, traceId) => {
    expect(APIError.from({ status: 400, body: body(message) }).traceId).toBe(traceId);
  });

  test('the trace id header wins over the message suffix', () => {
    const error = APIError.from({ status: 400, headers: new Headers({ 'x-ds-trace-id': 'header' }), body: body('m [trace_id=message]') });
    expect(error.traceId).toBe('header');
  });
});
