/**
 * The Responses client (`client.responses.create`, `createResponse`) against the Prism mock of
 * spec/openapi.yaml: Prism sees no violation in what the client sends (a plain request, a
 * replayed tool turn built by `toInputItems()`, structured output), every JSON example comes
 * back as a valid `ResponseObject`, every event-stream example is delivered event by event as
 * the spec's events, ends as its terminal event says, and the statuses are typed errors.
 */
import { describe, expect, inject, test } from 'vitest';
import {
  APIError,
  BadRequestError,
  DeepSeek,
  DeepSeekCore,
  InternalServerError,
  RateLimitError,
  Responses,
  createResponse,
  toInputItems,
  type ResponseCreateParams,
  type ResponseObject,
  type ResponseStreamEvent,
} from '../../src/index';
import { createSpecValidator } from '../helpers/spec-schemas';
import { eventSchemaNames, schemaForEventType } from '../helpers/response-events';
import { specResponseExamples, specStreamExamples } from '../helpers/response-streams';

const prismUrl = inject('prismUrl');
const validator = createSpecValidator();
const names = eventSchemaNames();
const client = new DeepSeek({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 }).with({ responses: Responses });
const jsonExamples = specResponseExamples();
const params: ResponseCreateParams = { model: 'deepseek-flash', instructions: 'Be brief.', input: 'Hi', reasoning: { effort: 'none' }, user: 'user_42' };

const noViolations = (response: Response): void => expect(response.headers.get('sl-violations')).toBeNull();

describe('responses.create (JSON)', () => {
  test.each([...jsonExamples.keys()])('example %s comes back as the spec example, a valid ResponseObject', async (example) => {
    const { data, response, traceId } = await client.responses.create(params, { headers: { prefer: `example=${example}` } }).withResponse();
    noViolations(response);
    expect(validator.errors('ResponseObject', data)).toEqual([]);
    expect(data).toEqual(jsonExamples.get(example));
    expect(traceId).toBeTypeOf('string');
  });

  test('a tool turn replayed with toInputItems() and structured output are requests Prism accepts', async () => {
    const toolTurn = jsonExamples.get('function_call')!;
    const outputs = Object.fromEntries(toolTurn.output.flatMap((item) => (item.type === 'function_call' ? [[item.call_id, '{"temperature": 21}']] : [])));
    const { response } = await client.responses
      .create({
        model: 'deepseek-flash',
        input: [{ role: 'user', content: 'Weather in Hangzhou and Shanghai?' }, ...toInputItems(toolTurn, outputs), { role: 'user', content: 'Which is warmer?' }],
        tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true }, { type: 'web_search' }],
        text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
      })
      .withResponse();
    noViolations(response);
  });

  test('the functional core sends the same valid request and gets the same example', async () => {
    const core = new DeepSeekCore({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 });
    const { data, response } = await createResponse(core, params, { headers: { prefer: 'example=reasoning' } }).withResponse();
    noViolations(response);
    expect(data).toEqual(jsonExamples.get('reasoning'));
  });

  test.each([
    [400, BadRequestError],
    [429, RateLimitError],
    [500, InternalServerError],
  ] as const)('%i is a typed error with the spec example message', async (code, ErrorClass) => {
    const error = await client.responses.create(params, { headers: { prefer: `code=${code}` } }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as APIError).status).toBe(code);
  });

  test('the 400 served as application/octet-stream is a BadRequestError with the server message', async () => {
    const error = await client.responses
      .create(params, { headers: { prefer: 'code=400, example=no_tool_output_octet_stream', accept: 'application/octet-stream' } })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).headers?.get('content-type')).toContain('application/octet-stream');
    expect((error as Error).message).toMatch(/^400 No tool output found for tool call call_00_/);
  });
});

describe('responses.create (stream)', () => {
  for (const example of specStreamExamples()) {
    const terminal = example.payloads.at(-1)!;
    const failed = terminal.type === 'response.failed';

    test(`${example.name}: every event is delivered as the spec's, valid for its component, and the stream ends as ${terminal.type} says`, async () => {
      const stream = await client.responses.create({ ...params, stream: true }, { headers: { prefer: `example=${example.name}` } });
      noViolations(stream.response);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      const events: ResponseStreamEvent[] = [];
      let error: unknown;
      try {
        for await (const event of stream) events.push(event);
      } catch (thrown) {
        error = thrown;
      }
      expect(events).toEqual(failed ? example.payloads.slice(0, -1) : example.payloads);
      for (const event of events) expect(validator.errors(schemaForEventType(event.type, names), event)).toEqual([]);
      if (failed) {
        expect(error).toBeInstanceOf(APIError);
        expect((error as Error).message).toBe(terminal.response.error.message);
      } else {
        expect(error).toBeUndefined();
        const response: ResponseObject = await stream.finalResponse();
        expect(response).toEqual(terminal.response);
        expect(validator.errors('ResponseObject', response)).toEqual([]);
      }
    });
  }
});

describe('responses.parse (structured output, text.format json_schema)', () => {
  test('Prism accepts the json_schema request built from a zod schema, and the structured_output example parses to the typed value', async () => {
    const { z } = await import('zod');
    const Weather = z.strictObject({ location: z.string(), temperature: z.number() });
    const seen: Response[] = [];
    const observing = new DeepSeek({
      apiKey: 'sk-test-contract-0000',
      baseURL: prismUrl,
      maxRetries: 0,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        seen.push(response.clone());
        return response;
      },
    }).with({ responses: Responses });
    const result = await observing.responses.parse(
      { model: 'deepseek-flash', input: 'Weather in Hangzhou today, as JSON.', reasoning: { effort: 'none' }, schema: Weather, name: 'weather', strict: true },
      { headers: { prefer: 'example=structured_output' } },
    );
    expect(result.parsed).toEqual({ location: 'Hangzhou', temperature: 21 });
    expect(result.attempts).toBe(1);
    expect(seen).toHaveLength(1);
    noViolations(seen[0]!);
    expect(validator.errors('ResponseObject', result.response)).toEqual([]);
  });
});
