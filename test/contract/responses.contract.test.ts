/**
 * `POST /responses` through the typed openapi-fetch client against a Prism mock of the spec:
 * Prism must see no request violation for DeepSeek-shaped requests, reject what the contract
 * forbids, and serve JSON and event-stream bodies that satisfy the spec event by event.
 */
import { describe, expect, inject, test } from 'vitest';
import { createOpenAPIClient, type JsonRequestBody } from '../../src/openapi';
import { decodeServerSentEvents } from '../../src/sse/decoder';
import { createSpecValidator } from '../helpers/spec-schemas';
import { accumulateResponseOutput, responseStreamProblems, type NamedEvent } from '../helpers/response-events';

const prismUrl = inject('prismUrl');
const validator = createSpecValidator();
const client = createOpenAPIClient({ baseUrl: prismUrl, headers: { authorization: 'Bearer sk-test-0000' } });

/** A replayed tool turn as DeepSeek accepts it: reasoning first, both calls, then both outputs. */
const toolTurn: JsonRequestBody<'/responses'> = {
  model: 'deepseek-flash',
  instructions: 'Be brief.',
  input: [
    { role: 'user', content: 'Weather in Hangzhou and Shanghai?' },
    { type: 'reasoning', id: 'rs-1', summary: [], content: [{ type: 'reasoning_text', text: 'Call get_weather twice.' }], encrypted_content: null },
    { type: 'function_call', call_id: 'call_00_a', name: 'get_weather', arguments: '{"city":"Hangzhou"}' },
    { type: 'function_call', call_id: 'call_01_b', name: 'get_weather', arguments: '{"city":"Shanghai"}' },
    { type: 'function_call_output', call_id: 'call_00_a', output: '21' },
    { type: 'function_call_output', call_id: 'call_01_b', output: [{ type: 'input_text', text: '24' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Which is warmer?' }, { type: 'input_image', file_id: 'file-api-0000' }] },
  ],
  tools: [
    { type: 'function', name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  reasoning: { effort: 'high' },
  text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
  max_output_tokens: 512,
  temperature: 0.7,
  top_p: 1,
  user: 'user_42',
};

function expectNoViolations(response: Response): void {
  expect(response.headers.get('sl-violations')).toBeNull();
}

/** Decodes a body with the SDK's own SSE decoder, keeping each event's name. */
async function namedEvents(response: Response): Promise<NamedEvent[]> {
  const events: NamedEvent[] = [];
  for await (const event of decodeServerSentEvents(response.body!)) events.push({ event: event.type, data: event.data });
  return events;
}

describe('createResponse (POST /responses)', () => {
  test.each(['text', 'reasoning', 'function_call', 'web_search', 'structured_output', 'incomplete'])(
    'JSON example %s is served for a valid request and matches ResponseObject',
    async (example) => {
      const { data, response } = await client.POST('/responses', {
        body: toolTurn,
        headers: { accept: 'application/json', prefer: `example=${example}` },
      });
      expect(response.status).toBe(200);
      expectNoViolations(response);
      expect(data?.object).toBe('response');
      expect(validator.errors('ResponseObject', data)).toEqual([]);
    },
  );

  test.each(['stream_reasoning', 'stream_function_call', 'stream_web_search', 'stream_incomplete', 'stream_failed'])(
    'event-stream example %s decodes with the SDK decoder into named events that satisfy the stream contract',
    async (example) => {
      const { response } = await client.POST('/responses', {
        body: { ...toolTurn, stream: true },
        headers: { accept: 'text/event-stream, application/json', prefer: `example=${example}` },
        parseAs: 'stream',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      expectNoViolations(response);
      const events = await namedEvents(response);
      expect(events.length).toBeGreaterThan(2);
      expect(responseStreamProblems(events, validator)).toEqual([]);
      const payloads = events.map((e) => JSON.parse(e.data) as Record<string, any>);
      const { output, problems } = accumulateResponseOutput(payloads);
      expect(problems).toEqual([]);
      expect(output).toEqual(payloads.at(-1)!.response.output);
    },
  );

  test('a string input with only a model is a valid request', async () => {
    const { data, response } = await client.POST('/responses', {
      body: { model: 'deepseek-flash', input: 'Hi' },
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expectNoViolations(response);
    expect(validator.errors('ResponseObject', data)).toEqual([]);
  });

  test('a reasoning effort DeepSeek rejects is reported in sl-violations with a 422', async () => {
    const { error, response } = await client.POST('/responses', {
      // Deliberately invalid: the types forbid it, the contract must too.
      body: { ...toolTurn, reasoning: { effort: 'extreme' } } as never,
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(422);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[] }[];
    expect(violations.map((v) => v.location.join('.'))).toContain('request.body.reasoning.effort');
    expect(validator.errors('ErrorResponse', error)).toEqual([]);
  });

  test.each([
    ['a function_call without call_id', { type: 'function_call', name: 'get_weather', arguments: '{}' }, 'request.body.input.0'],
    ['an input_image with both image_url and file_id', { role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png', file_id: 'file-api-0000' }] }, 'request.body.input.0.content.0'],
    ['an input_image with neither image_url nor file_id', { role: 'user', content: [{ type: 'input_image' }] }, 'request.body.input.0.content.0'],
  ])('%s is a request violation (422)', async (_what, item, location) => {
    const { response } = await client.POST('/responses', {
      body: { model: 'deepseek-flash', input: [item] } as never,
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(422);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[] }[];
    expect(violations.some((v) => v.location.join('.').startsWith(location))).toBe(true);
  });

  test('a request without the bearer key is reported as a 401 security violation', async () => {
    const anonymous = createOpenAPIClient({ baseUrl: prismUrl });
    const { error, response } = await anonymous.POST('/responses', {
      body: { model: 'deepseek-flash', input: 'Hi' },
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('sl-violations')).toContain('security');
    expect(validator.errors('ErrorResponse', error)).toEqual([]);
  });

  test.each([400, 401, 402, 422, 429, 500, 503])('%i serves an ErrorResponse', async (code) => {
    const { error, response } = await client.POST('/responses', {
      body: { model: 'deepseek-flash', input: 'Hi' },
      headers: { accept: 'application/json', prefer: `code=${code}` },
    });
    expect(response.status).toBe(code);
    expectNoViolations(response);
    expect(validator.errors('ErrorResponse', error)).toEqual([]);
  });

  test('the 400 for an interleaved history names the unanswered call', async () => {
    const { error, response } = await client.POST('/responses', {
      body: { model: 'deepseek-flash', input: 'Hi' },
      headers: { accept: 'application/json', prefer: 'code=400, example=no_tool_output' },
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(error)).toMatch(/No tool output found for tool call call_/);
  });

  test('the 400 can come as application/octet-stream, and its bytes are an ErrorResponse', async () => {
    const response = await fetch(`${prismUrl}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-0000', 'content-type': 'application/json', accept: 'application/octet-stream', prefer: 'code=400' },
      body: JSON.stringify({ model: 'deepseek-flash', input: 'Hi' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/octet-stream');
    expect(validator.errors('ErrorResponse', JSON.parse(await response.text()))).toEqual([]);
  });
});
