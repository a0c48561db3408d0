import { describe, expect, test } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  DeepSeek,
  DeepSeekError,
  InsufficientBalanceError,
  InternalServerError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/index';
import { errorBody, fixtures, jsonResponse, observedFetch, testKey, textResponse, type Answer } from '../helpers/observed-fetch';

/** The error a single failed chat call rejects with (no retries). */
async function failure(answer: Answer): Promise<APIError> {
  const fetch = observedFetch([answer]);
  const error = await new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0 }).chat.completions.create(fixtures.chatRequest).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

const ids = { 'x-request-id': 'req-7f3a', 'x-ds-trace-id': '5c0ffee0ddba11' };

describe('status → error class', () => {
  test.each([
    { status: 400, Class: BadRequestError, name: 'BadRequestError' },
    { status: 401, Class: AuthenticationError, name: 'AuthenticationError' },
    { status: 402, Class: InsufficientBalanceError, name: 'InsufficientBalanceError' },
    { status: 403, Class: APIError, name: 'APIError' },
    { status: 404, Class: APIError, name: 'APIError' },
    { status: 408, Class: APIError, name: 'APIError' },
    { status: 409, Class: APIError, name: 'APIError' },
    { status: 418, Class: APIError, name: 'APIError' },
    { status: 422, Class: UnprocessableEntityError, name: 'UnprocessableEntityError' },
    { status: 429, Class: RateLimitError, name: 'RateLimitError' },
    { status: 500, Class: InternalServerError, name: 'InternalServerError' },
    { status: 502, Class: InternalServerError, name: 'InternalServerError' },
    { status: 503, Class: InternalServerError, name: 'InternalServerError' },
    { status: 504, Class: InternalServerError, name: 'InternalServerError' },
    { status: 599, Class: InternalServerError, name: 'InternalServerError' },
  ])('$status → $name with every field filled from the response', async ({ status, Class, name }) => {
    const body = errorBody(`Problem number ${status}`, { type: 'invalid_request_error', code: `code_${status}`, param: 'messages' });
    const error = await failure(jsonResponse(body, { status, headers: ids }));
    expect(Object.getPrototypeOf(error)).toBe(Class.prototype);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.stack?.split('\n')[0]).toBe(`${name}: ${status} Problem number ${status}`);
    expect(String(error)).toBe(`${name}: ${status} Problem number ${status}`);
    expect(error.message).toBe(`${status} Problem number ${status}`);
    expect(error.status).toBe(status);
    expect(error.headers).toBeInstanceOf(Headers);
    expect(error.headers!.get('x-request-id')).toBe('req-7f3a');
    expect(error.body).toEqual(body);
    expect(error.requestId).toBe('req-7f3a');
    expect(error.traceId).toBe('5c0ffee0ddba11');
    expect({ type: error.type, code: error.code, param: error.param }).toEqual({ type: 'invalid_request_error', code: `code_${status}`, param: 'messages' });
  });

  test.each([301, 302, 303, 307, 308])('a %i redirect is a plain APIError that names the Location and says it was not followed', async (status) => {
    const error = await failure(textResponse('', { status, headers: { location: 'https://elsewhere.example/v1/chat' } }));
    expect(Object.getPrototypeOf(error)).toBe(APIError.prototype);
    expect(error.name).toBe('APIError');
    expect(error.status).toBe(status);
    expect(error.message).toMatch(new RegExp(`^${status} redirect to https://elsewhere\\.example/v1/chat not followed`));
  });

  test('the error keeps only response headers, never the request’s', async () => {
    const error = await failure(jsonResponse(errorBody('nope'), { status: 400 }));
    expect(error.headers!.has('authorization')).toBe(false);
    expect(error.headers!.get('content-type')).toBe('application/json');
  });

  test('a streaming call’s error status is classified the same way', async () => {
    const fetch = observedFetch([jsonResponse(errorBody('Rate limit reached'), { status: 429, headers: ids })]);
    const error = await new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0 })
      .chat.completions.create({ ...fixtures.chatRequest, stream: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).message).toBe('429 Rate limit reached');
    expect((error as RateLimitError).traceId).toBe('5c0ffee0ddba11');
  });

  test('a streaming call answered 200 with JSON instead of an event stream is an APIError naming the content type', async () => {
    const fetch = observedFetch([jsonResponse(fixtures.chatCompletion)]);
    const error = await new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0 })
      .chat.completions.create({ ...fixtures.chatRequest, stream: true })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toMatch(/text\/event-stream.*application\/json/);
  });
});

describe('trace ids', () => {
  test('come from a ` [trace_id=…]` suffix of the message when there is no x-ds-trace-id header', async () => {
    const error = await failure(jsonResponse(errorBody('Model Not Exist [trace_id=7d1f4a0c9e2b4f6a]'), { status: 400 }));
    expect(error.traceId).toBe('7d1f4a0c9e2b4f6a');
    expect(error.requestId).toBeUndefined();
  });

  test('the x-ds-trace-id header wins over the message suffix', async () => {
    const error = await failure(jsonResponse(errorBody('Model Not Exist [trace_id=fromMessage]'), { status: 400, headers: { 'x-ds-trace-id': 'fromHeader' } }));
    expect(error.traceId).toBe('fromHeader');
  });

  test('are undefined when neither is present', async () => {
    const error = await failure(jsonResponse(errorBody('Model Not Exist'), { status: 400 }));
    expect(error.traceId).toBeUndefined();
  });
});

describe('error bodies are sniffed, not trusted by content type', () => {
  test('JSON sent as application/octet-stream is parsed', async () => {
    const body = errorBody('Authentication Fails (no such user)', { code: 'invalid_request_error' });
    const error = await failure(textResponse(JSON.stringify(body), { status: 401, contentType: 'application/octet-stream' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.body).toEqual(body);
    expect(error.message).toBe('401 Authentication Fails (no such user)');
    expect(error.code).toBe('invalid_request_error');
  });

  test('DeepSeek’s plain-text 422 becomes the message, and the body is the text', async () => {
    const text = 'Failed to deserialize the JSON body into the target type: missing field `messages` at line 4 column 1';
    const error = await failure(textResponse(text, { status: 422 }));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.message).toBe(`422 ${text}`);
    expect(error.body).toBe(text);
    expect(error.type).toBeUndefined();
  });

  test('an HTML page from a proxy gives a readable message without the markup; the page is kept in body', async () => {
    const page = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const error = await failure(textResponse(page, { status: 502, statusText: 'Bad Gateway', contentType: 'text/html' }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toMatch(/^502 Bad Gateway/);
    expect(error.message).toMatch(/HTML/);
    expect(error.message).not.toMatch(/[<>]/);
    expect(error.body).toBe(page);
  });

  test.each([
    ['an empty body', ''],
    ['a whitespace body', '  \n '],
  ])('%s gives a message that says so', async (_case, text) => {
    const error = await failure(textResponse(text, { status: 500, statusText: 'Internal Server Error' }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe('500 Internal Server Error (empty body)');
    expect(error.body).toBe('');
  });

  test.each([
    { case: '{"error": "text"}', body: { error: 'Model is overloaded' }, message: '503 Model is overloaded' },
    { case: '{"message": "text"}', body: { message: 'Service unavailable' }, message: '503 Service unavailable' },
    { case: 'a non-string message', body: { error: { message: 42, code: 7 } }, message: '503 Service Unavailable' },
    { case: 'error: null', body: { error: null }, message: '503 Service Unavailable' },
    { case: 'an array', body: [{ message: 'first' }], message: '503 Service Unavailable' },
  ])('a JSON body shaped as $case yields the message $message', async ({ body, message }) => {
    const error = await failure(jsonResponse(body, { status: 503, statusText: 'Service Unavailable' }));
    expect(error.message).toBe(message);
  });

  test('fields inherited through __proto__ in the body are ignored', async () => {
    const text = '{"error": {"__proto__": {"message": "polluted", "code": "polluted"}}}';
    const error = await failure(textResponse(text, { status: 400, statusText: 'Bad Request', contentType: 'application/json' }));
    expect(error.message).toBe('400 Bad Request');
    expect(error.code).toBeUndefined();
    expect(({} as Record<string, unknown>).message).toBeUndefined();
  });
});

describe('error bodies are read with a bound', () => {
  const KiB = 1024;

  /** A body of `total` bytes (Infinity: endless) served 64 KiB per pull, recording what was read. */
  function hugeBody(total: number, first = '') {
    const seen = { pulledBytes: 0, cancelled: false };
    const chunk = new TextEncoder().encode('x'.repeat(64 * KiB));
    let sentFirst = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (!sentFirst && first) {
            sentFirst = true;
            const bytes = new TextEncoder().encode(first);
            seen.pulledBytes += bytes.byteLength;
            return controller.enqueue(bytes);
          }
          if (seen.pulledBytes >= total) return controller.close();
          seen.pulledBytes += chunk.byteLength;
          controller.enqueue(chunk);
        },
        cancel() {
          seen.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    return { body, seen };
  }

  test('a 10 MB error body is not read whole: at most ~64 KiB is kept and the rest is cancelled', async () => {
    const { body, seen } = hugeBody(10 * 1024 * KiB);
    const error = await failure(new Response(body, { status: 500, headers: { 'content-type': 'text/plain' } }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(typeof error.body).toBe('string');
    expect((error.body as string).length).toBeLessThanOrEqual(64 * KiB + 1);
    expect(error.message.length).toBeLessThan(1024);
    expect(seen.pulledBytes).toBeLessThanOrEqual(128 * KiB);
    expect(seen.cancelled).toBe(true);
  });

  test('a 10 MB error body that starts like JSON is kept as bounded text, not parsed', async () => {
    const { body, seen } = hugeBody(10 * 1024 * KiB, '{"error": {"message": "');
    const error = await failure(new Response(body, { status: 400, headers: { 'content-type': 'application/json' } }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error.body as string).length).toBeLessThanOrEqual(64 * KiB + 1);
    expect(seen.pulledBytes).toBeLessThanOrEqual(128 * KiB);
  });

  test('an endless error body still ends in an error', async () => {
    const { body, seen } = hugeBody(Number.POSITIVE_INFINITY);
    const error = await failure(new Response(body, { status: 503 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(seen.cancelled).toBe(true);
  });
});
