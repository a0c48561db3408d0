// Fault row 12: error bodies that are not the JSON the docs promise. Bodies are sniffed, not
// trusted by Content-Type: JSON sent as application/octet-stream is parsed, DeepSeek's
// plain-text 422 and a proxy's HTML page become readable messages, an empty body says so, and a
// never-ending body is read only up to 64 KiB. Always the class of the status, never a SyntaxError.
import { describe, expect, test } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/index';
import {
  chatCompletionBody,
  chatRequest,
  clientFor,
  errorText,
  sendJson,
  testKey,
  useFaultServers,
  writeForever,
  type FaultHandler,
} from '../helpers/fault-server';

const serve = useFaultServers();

function reply(status: number, body: string | Buffer, headers: Record<string, string> = {}): FaultHandler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

async function failure(handler: FaultHandler | FaultHandler[], options = {}): Promise<APIError> {
  const server = await serve(handler);
  const error = await clientFor(server, options)
    .chat.completions.create(chatRequest)
    .catch((reason: unknown) => reason);
  expect(error).toBeInstanceOf(APIError);
  expect(error).not.toBeInstanceOf(SyntaxError);
  return error as APIError;
}

const proxyPage = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;

describe('bodies that are not labelled as JSON', () => {
  test('JSON sent as application/octet-stream is parsed: message, type and code come from it', async () => {
    // Recorded from DeepSeek's /responses endpoint (error-400-responses-endpoint-octet-stream.json).
    const body = JSON.stringify({ error: { message: 'Invalid input: interleaved function calls', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } });
    const error = await failure(reply(400, body, { 'content-type': 'application/octet-stream' }));

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toBe('400 Invalid input: interleaved function calls');
    expect(error.type).toBe('invalid_request_error');
    expect(error.code).toBe('invalid_request_error');
    expect(error.body).toEqual(JSON.parse(body));
  });

  test("DeepSeek's plain-text 422 becomes UnprocessableEntityError with the text as message and body", async () => {
    const text = 'Failed to deserialize the JSON body into the target type: messages[1]: missing field `content` at line 1 column 112';
    const error = await failure(reply(422, text, { 'content-type': 'text/plain; charset=utf-8' }));

    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.message).toBe(`422 ${text}`);
    expect(error.body).toBe(text);
  });

  test('an HTML page from a proxy becomes InternalServerError with a readable message and the HTML kept as body', async () => {
    const error = await failure(reply(502, proxyPage, { 'content-type': 'text/html' }));

    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^502 Bad Gateway: the server sent an HTML page instead of an API error/);
    expect(error.message).not.toContain('<');
    expect(error.body).toBe(proxyPage);
  });

  test('JSON labelled text/html (a misconfigured gateway) is still parsed', async () => {
    const error = await failure(reply(429, JSON.stringify({ error: { message: 'Rate limit reached for requests', type: 'rate_limit_error' } }), { 'content-type': 'text/html' }));

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe('429 Rate limit reached for requests');
  });

  test('a JSON error body after blank lines is parsed', async () => {
    const error = await failure(reply(401, `\n\n\r\n{"error":{"message":"Authentication Fails (no such user)","type":"authentication_error"}}\n`, { 'content-type': 'application/json' }));

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toBe('401 Authentication Fails (no such user)');
  });

  test('truncated JSON is kept as text, with no SyntaxError anywhere in the error', async () => {
    const body = '{"error": {"message": "Server overloa';
    const error = await failure(reply(503, body, { 'content-type': 'application/json' }));

    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.body).toBe(body);
    expect(error.message).toBe(`503 ${body}`);
    expect(errorText(error)).not.toMatch(/SyntaxError|Unexpected end of JSON/);
  });

  test('a plain-text 503 "Server Overloaded" reads as such', async () => {
    const error = await failure(reply(503, 'Server Overloaded', { 'content-type': 'text/plain' }));

    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe('503 Server Overloaded');
  });

  test('{"error": "text"} and {"message": "text"} shapes give their text as the message', async () => {
    expect((await failure(reply(400, '{"error":"bad things"}', { 'content-type': 'application/json' }))).message).toBe('400 bad things');
    expect((await failure(reply(400, '{"message":"worse things"}', { 'content-type': 'application/json' }))).message).toBe('400 worse things');
  });
});

describe('empty and endless bodies', () => {
  test('an empty error body gives the status text and says the body was empty', async () => {
    const error = await failure(reply(500, '', { 'content-length': '0' }));

    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toBe('500 Internal Server Error (empty body)');
    expect(error.body).toBe('');
  });

  test('a never-ending error body is read only up to a bound, so the call still fails (and the request is cancelled)', async () => {
    const server = await serve(async (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      await writeForever(res, 'overloaded '.repeat(1_000));
    });

    const error = await clientFor(server).chat.completions.create(chatRequest).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(InternalServerError);
    expect(typeof (error as APIError).body).toBe('string');
    expect(((error as APIError).body as string).length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect((error as Error).message.length).toBeLessThan(1_000);
    expect(await server.requests[0]!.closed).toEqual({ completed: false });
  });

  test('a never-ending error body does not stop the retry that follows it', async () => {
    const server = await serve([
      async (_req, res) => {
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after-ms': '0' });
        await writeForever(res, 'busy '.repeat(2_000));
      },
      (_req, res) => sendJson(res, 200, chatCompletionBody('after the endless body')),
    ]);

    const completion = await clientFor(server, { maxRetries: 1 }).chat.completions.create(chatRequest);

    expect(completion.choices[0]?.message.content).toBe('after the endless body');
    expect(server.requests).toHaveLength(2);
  });
});

describe('secrets and ids in error bodies', () => {
  test('an error message that echoes the API key has it masked in message, body and stack', async () => {
    const error = await failure(
      reply(401, JSON.stringify({ error: { message: `Authentication Fails, Your api key: ${testKey} is invalid`, type: 'authentication_error' } }), {
        'content-type': 'application/json',
      }),
    );

    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/^401 Authentication Fails, Your api key: \S+ is invalid$/);
    expect(errorText(error) + JSON.stringify(error.body)).not.toContain(testKey);
  });

  test('the x-ds-trace-id header and a trace id in the message are exposed for bug reports', async () => {
    const withHeader = await failure(reply(500, '{"error":{"message":"oops"}}', { 'content-type': 'application/json', 'x-ds-trace-id': 'trace-abc-123' }));
    const inMessage = await failure(reply(400, '{"error":{"message":"Invalid max_tokens [trace_id=0af3b2c1d4]"}}', { 'content-type': 'application/json' }));

    expect(withHeader.traceId).toBe('trace-abc-123');
    expect(inMessage.traceId).toBe('0af3b2c1d4');
  });
});
