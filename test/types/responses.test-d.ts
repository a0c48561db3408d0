/**
 * The Responses surface's types: `create()` overloads pick the stream or the response object,
 * the delivered events narrow by `event.type` (unknown ones included, as `'unknown'`),
 * `response.failed` and `error` are never delivered, `text.format` is typed, the history helper
 * returns input items, and no export is named `Response`.
 */
import { describe, expectTypeOf, test } from 'vitest';
import * as sdk from '../../src/index';
import {
  DeepSeek,
  DeepSeekCore,
  Responses,
  createResponse,
  toInputItems,
  outputText,
  type ResponseCreateParams,
  type ResponseInputItem,
  type ResponseObject,
  type ResponseOutputFunctionCall,
  type ResponseStream,
  type ResponseStreamEvent,
  type ResponseUnknownStreamEvent,
  type WithResponse,
} from '../../src/index';

declare const core: DeepSeekCore;
declare const response: ResponseObject;
const client = new DeepSeek({ apiKey: 'sk-test-types' }).with({ responses: Responses });
const body = { model: 'deepseek-flash', input: 'Hi' } as const;

describe('create() overloads', () => {
  test('without stream it resolves to the response object, with stream: true to a ResponseStream', () => {
    expectTypeOf(client.responses.create(body)).resolves.toEqualTypeOf<ResponseObject>();
    expectTypeOf(client.responses.create({ ...body, stream: false })).resolves.toEqualTypeOf<ResponseObject>();
    expectTypeOf(client.responses.create({ ...body, stream: true })).resolves.toEqualTypeOf<ResponseStream>();
    expectTypeOf(createResponse(core, body)).resolves.toEqualTypeOf<ResponseObject>();
    expectTypeOf(createResponse(core, { ...body, stream: true })).resolves.toEqualTypeOf<ResponseStream>();
    expectTypeOf(client.responses.create(body).withResponse()).resolves.toEqualTypeOf<WithResponse<ResponseObject>>();
  });

  test('a stream flag only known at run time gives the union', () => {
    const params: ResponseCreateParams = { ...body, stream: Math.random() > 0.5 };
    expectTypeOf(client.responses.create(params)).resolves.toEqualTypeOf<ResponseObject | ResponseStream>();
  });

  test('the stream is an AsyncIterable of the delivered events, with a typed final response', () => {
    expectTypeOf<ResponseStream>().toMatchTypeOf<AsyncIterable<ResponseStreamEvent>>();
    expectTypeOf<ReturnType<ResponseStream['finalResponse']>>().toEqualTypeOf<Promise<ResponseObject>>();
    expectTypeOf<ReturnType<ResponseStream['outputText']>>().toEqualTypeOf<Promise<string>>();
    expectTypeOf<ReturnType<ResponseStream['tee']>>().toEqualTypeOf<[ResponseStream, ResponseStream]>();
  });

  test('request typos, chat field names and unsupported values are compile errors', () => {
    // @ts-expect-error max_tokens is chat's name; /responses takes max_output_tokens
    void client.responses.create({ ...body, max_tokens: 10 });
    // @ts-expect-error previous_response_id is not supported by DeepSeek (stateless)
    void client.responses.create({ ...body, previous_response_id: 'r-1' });
    // @ts-expect-error effort has a fixed set of values
    void client.responses.create({ ...body, reasoning: { effort: 'extreme' } });
    // @ts-expect-error per-request options are checked too
    void client.responses.create(body, { timeOut: 5 });
  });

  test('model autocompletes the known ids and accepts any other string', () => {
    void client.responses.create({ model: 'deepseek-v4-flash-vision-exp', input: 'Hi' });
    void client.responses.create({ model: 'a-model-from-2027', input: 'Hi' });
  });
});

describe('text.format (structured output groundwork)', () => {
  test('json_object and json_schema (name, schema, strict) pass through typed', () => {
    void client.responses.create({ ...body, text: { format: { type: 'json_object' } } });
    void client.responses.create({ ...body, text: { format: { type: 'json_schema', name: 'weather', schema: { type: 'object' }, strict: true } } });
    // @ts-expect-error json_schema needs a name
    void client.responses.create({ ...body, text: { format: { type: 'json_schema', schema: { type: 'object' } } } });
    // @ts-expect-error json_schema needs a schema
    void client.responses.create({ ...body, text: { format: { type: 'json_schema', name: 'weather' } } });
    // @ts-expect-error chat's response_format is not a field here
    void client.responses.create({ ...body, response_format: { type: 'json_object' } });
  });

  test('outputText() is the string to parse', () => {
    expectTypeOf(outputText).returns.toEqualTypeOf<string>();
  });
});

describe('events narrow by type', () => {
  test('a switch narrows every delivered event, unknown ones included', () => {
    const handle = (event: ResponseStreamEvent): string => {
      switch (event.type) {
        case 'response.output_text.delta':
          expectTypeOf(event.delta).toEqualTypeOf<string>();
          expectTypeOf(event.content_index).toEqualTypeOf<number>();
          return event.delta;
        case 'response.reasoning_text.delta':
          return event.delta;
        case 'response.function_call_arguments.delta':
          return event.item_id + event.delta;
        case 'response.function_call_arguments.done':
          return event.arguments;
        case 'response.output_item.done':
          if (event.item.type === 'web_search_call') return event.item.action?.type ?? '';
          return event.item.type;
        case 'response.completed':
        case 'response.incomplete':
          expectTypeOf(event.response).toEqualTypeOf<ResponseObject>();
          return event.response.status;
        case 'unknown':
          expectTypeOf(event).toEqualTypeOf<ResponseUnknownStreamEvent>();
          return event.eventType;
        default:
          return event.type;
      }
    };
    void handle;
  });

  test('response.failed and error are never delivered (they reject the stream)', () => {
    expectTypeOf<Extract<ResponseStreamEvent, { type: 'response.failed' }>>().toBeNever();
    expectTypeOf<Extract<ResponseStreamEvent, { type: 'error' }>>().toBeNever();
    expectTypeOf<Extract<ResponseStreamEvent, { type: 'response.output_text.delta' }>>().not.toBeNever();
  });

  test('an if on type narrows too, so a delta is a string without a cast', () => {
    const text = (event: ResponseStreamEvent): string => (event.type === 'response.output_text.delta' ? event.delta : '');
    void text;
  });
});

describe('helpers', () => {
  test('toInputItems() returns input items to append, and takes outputs as a record or a map', () => {
    expectTypeOf(toInputItems(response)).toEqualTypeOf<ResponseInputItem[]>();
    void toInputItems(response, { call_00_a: 'ok' });
    void toInputItems(response, new Map([['call_00_a', [{ type: 'input_text' as const, text: 'ok' }]]]));
    // @ts-expect-error an output is a string or content parts
    void toInputItems(response, { call_00_a: 42 });
    expectTypeOf(sdk.functionCalls(response)).toEqualTypeOf<ResponseOutputFunctionCall[]>();
  });

  test('no export is named Response, which would shadow the global of fetch', () => {
    type Exported = keyof typeof sdk;
    expectTypeOf<'Response' extends Exported ? true : false>().toEqualTypeOf<false>();
  });

  test('parse() infers the parsed value from the schema and leaves text to the call', async () => {
    const { z } = await import('zod');
    const Weather = z.object({ location: z.string(), temperature: z.number() });
    const parsed = client.responses.parse({ model: 'deepseek-flash', input: 'x', schema: Weather });
    expectTypeOf(parsed).resolves.toMatchTypeOf<sdk.ParsedResponse<{ location: string; temperature: number }>>();
    expectTypeOf(sdk.parseResponse(core, { model: 'deepseek-flash', input: 'x', schema: sdk.jsonSchema<{ n: number }>({ type: 'object' }) })).resolves.toHaveProperty('parsed').toEqualTypeOf<{ n: number }>();
    expectTypeOf(sdk.parseResponseOutput(response, Weather)).resolves.toHaveProperty('parsed').toEqualTypeOf<{ location: string; temperature: number }>();
    // @ts-expect-error parse() sets text.format itself
    void client.responses.parse({ model: 'deepseek-flash', input: 'x', schema: Weather, text: { format: { type: 'json_object' } } });
    // @ts-expect-error parse() is not streamed
    void client.responses.parse({ model: 'deepseek-flash', input: 'x', schema: Weather, stream: true });
  });
});
