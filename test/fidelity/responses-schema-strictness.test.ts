/**
 * Proves the `POST /responses` schemas are not vacuous: requests, response objects and stream
 * events that break DeepSeek's rules are rejected, while what DeepSeek may add later (event
 * types, web search actions, extra fields) is accepted. Each case starts from a spec example,
 * checks it passes, then breaks one thing.
 */
import { describe, expect, test } from 'vitest';
import { createSpecValidator, loadSpec } from '../helpers/spec-schemas';
import { exampleValue } from '../helpers/spec-examples';
import { eventSchemaNames, sseNamedEvents, streamEventSchema, unknownEventSchema } from '../helpers/response-events';

const spec = loadSpec() as any;
const validator = createSpecValidator(spec);
type Json = Record<string, any>;

const request = (name: string) => (): Json => exampleValue('createResponse', 'request', 'application/json', name);
const toolRequest = request('function_tools');
const replayRequest = request('tool_loop_replay');
const webSearchRequest = request('web_search_replay');
const imageRequest = request('image_input');
const jsonSchemaRequest = request('structured_output');
const response = (name: string) => (): Json => exampleValue('createResponse', '200', 'application/json', name);
const functionCallResponse = response('function_call');
const webSearchResponse = response('web_search');
const reasoningResponse = response('reasoning');

/** The first event of `type` in the named event-stream example, parsed. */
const event = (example: string, type: string) => (): Json => {
  const found = sseNamedEvents(exampleValue('createResponse', '200', 'text/event-stream', example)).find((e) => e.event === type);
  if (!found) throw new Error(`no ${type} event in ${example}`);
  return JSON.parse(found.data) as Json;
};
const textDelta = event('stream_reasoning', 'response.output_text.delta');
const completed = event('stream_reasoning', 'response.completed');
const created = event('stream_reasoning', 'response.created');
const argumentsDelta = event('stream_function_call', 'response.function_call_arguments.delta');
const partAdded = event('stream_reasoning', 'response.content_part.added');
const itemAdded = event('stream_function_call', 'response.output_item.added');
const searching = event('stream_web_search', 'response.web_search_call.searching');
const failed = event('stream_failed', 'response.failed');

/** [schema, what breaks, valid base, mutation] */
const cases: [string, string, () => Json, (body: Json) => void][] = [
  // request: parameters
  ['ResponseCreateRequest', 'reasoning.effort "extreme"', toolRequest, (b) => (b.reasoning = { effort: 'extreme' })],
  ['ResponseCreateRequest', 'reasoning.effort "auto"', toolRequest, (b) => (b.reasoning = { effort: 'auto' })],
  ['ResponseCreateRequest', 'no model', toolRequest, (b) => delete b.model],
  ['ResponseCreateRequest', 'input as a number', toolRequest, (b) => (b.input = 42)],
  ['ResponseCreateRequest', 'temperature above 2', toolRequest, (b) => (b.temperature = 2.5)],
  ['ResponseCreateRequest', 'top_p above 1', toolRequest, (b) => (b.top_p = 1.2)],
  ['ResponseCreateRequest', 'top_logprobs above 20', toolRequest, (b) => (b.top_logprobs = 21)],
  ['ResponseCreateRequest', 'max_output_tokens of 0', toolRequest, (b) => (b.max_output_tokens = 0)],
  ['ResponseCreateRequest', 'stream as a string', toolRequest, (b) => (b.stream = 'yes')],
  ['ResponseCreateRequest', 'a user id with a space', toolRequest, (b) => (b.user = 'user 42')],
  ['ResponseCreateRequest', 'a user id over 512 characters', toolRequest, (b) => (b.user = 'u'.repeat(513))],
  ['ResponseCreateRequest', 'a function name with a space', toolRequest, (b) => (b.tools[0].name = 'get weather')],
  ['ResponseCreateRequest', 'a function name over 128 characters', toolRequest, (b) => (b.tools[0].name = 'f'.repeat(129))],
  ['ResponseCreateRequest', 'a function tool without name', toolRequest, (b) => delete b.tools[0].name],
  ['ResponseCreateRequest', 'a tool type DeepSeek ignores (file_search)', toolRequest, (b) => b.tools.push({ type: 'file_search' })],
  ['ResponseCreateRequest', 'a custom tool other than apply_patch', toolRequest, (b) => b.tools.push({ type: 'custom', name: 'run_shell' })],
  ['ResponseCreateRequest', 'an unknown tool_choice mode', toolRequest, (b) => (b.tool_choice = 'any')],
  ['ResponseCreateRequest', 'a function tool_choice without name', toolRequest, (b) => (b.tool_choice = { type: 'function' })],
  ['ResponseCreateRequest', 'a json_schema format without schema', jsonSchemaRequest, (b) => delete b.text.format.schema],
  ['ResponseCreateRequest', 'a json_schema format without name', jsonSchemaRequest, (b) => delete b.text.format.name],
  ['ResponseCreateRequest', 'an unknown text format', jsonSchemaRequest, (b) => (b.text.format = { type: 'xml' })],
  // request: input items
  ['ResponseCreateRequest', 'an input item of a type DeepSeek ignores', replayRequest, (b) => b.input.push({ type: 'item_reference', id: 'x' })],
  ['ResponseCreateRequest', 'a function_call item without call_id', replayRequest, (b) => delete b.input[2].call_id],
  ['ResponseCreateRequest', 'a function_call item with an empty call_id', replayRequest, (b) => (b.input[2].call_id = '')],
  ['ResponseCreateRequest', 'a function_call item without arguments', replayRequest, (b) => delete b.input[2].arguments],
  ['ResponseCreateRequest', 'function_call arguments as an object', replayRequest, (b) => (b.input[2].arguments = { city: 'Hangzhou' })],
  ['ResponseCreateRequest', 'a function_call_output without output', replayRequest, (b) => delete b.input[4].output],
  ['ResponseCreateRequest', 'a function_call_output output as an object', replayRequest, (b) => (b.input[4].output = { temperature: 21 })],
  ['ResponseCreateRequest', 'a function_call_output without call_id', replayRequest, (b) => delete b.input[4].call_id],
  ['ResponseCreateRequest', 'reasoning content that is not reasoning_text', replayRequest, (b) => (b.input[1].content = [{ type: 'output_text', text: 'x' }])],
  ['ResponseCreateRequest', 'a message with role tool', replayRequest, (b) => (b.input[0].role = 'tool')],
  ['ResponseCreateRequest', 'a message without content', replayRequest, (b) => delete b.input[0].content],
  ['ResponseCreateRequest', 'a shorthand message whose type is not message', replayRequest, (b) => (b.input[0].type = 'messages')],
  ['ResponseCreateRequest', 'a web_search_call without its action', webSearchRequest, (b) => delete b.input[1].action],
  ['ResponseCreateRequest', 'a search action whose queries is a string', webSearchRequest, (b) => (b.input[1].action.queries = 'DeepSeek')],
  ['ResponseCreateRequest', 'an input_image with neither image_url nor file_id', imageRequest, (b) => delete b.input[0].content[1].file_id],
  ['ResponseCreateRequest', 'an input_image with both image_url and file_id', imageRequest, (b) => (b.input[0].content[1].image_url = 'https://example.com/a.png')],
  ['ResponseCreateRequest', 'an input_image detail that does not exist', imageRequest, (b) => (b.input[0].content[2].detail = 'ultra')],
  ['ResponseCreateRequest', 'an input_file part (file inputs are not supported)', imageRequest, (b) => b.input[0].content.push({ type: 'input_file', file_id: 'file-api-x' })],
  // response objects
  ['ResponseObject', 'the chat object type', functionCallResponse, (b) => (b.object = 'chat.completion')],
  ['ResponseObject', 'no id', functionCallResponse, (b) => delete b.id],
  ['ResponseObject', 'no output', functionCallResponse, (b) => delete b.output],
  ['ResponseObject', "OpenAI's requires_action status", functionCallResponse, (b) => (b.status = 'requires_action')],
  ['ResponseObject', 'an incomplete reason that does not exist', functionCallResponse, (b) => (b.incomplete_details = { reason: 'length' })],
  ['ResponseObject', 'an output item of an unknown type', functionCallResponse, (b) => b.output.push({ type: 'image_generation_call', id: 'x', status: 'completed' })],
  ['ResponseObject', 'a function_call item without call_id', functionCallResponse, (b) => delete b.output[1].call_id],
  ['ResponseObject', 'a function_call item without its item id', functionCallResponse, (b) => delete b.output[1].id],
  ['ResponseObject', 'function_call arguments as an object', functionCallResponse, (b) => (b.output[1].arguments = { city: 'Hangzhou' })],
  ['ResponseObject', 'a reasoning item whose content is summary_text', reasoningResponse, (b) => (b.output[0].content = [{ type: 'summary_text', text: 'x' }])],
  ['ResponseObject', 'a message whose content is reasoning_text', reasoningResponse, (b) => (b.output[1].content = [{ type: 'reasoning_text', text: 'x' }])],
  ['ResponseObject', 'a message role other than assistant', reasoningResponse, (b) => (b.output[1].role = 'user')],
  ['ResponseObject', 'an item status that does not exist', reasoningResponse, (b) => (b.output[1].status = 'done')],
  ['ResponseObject', 'a web_search_call action search with queries as a string', webSearchResponse, (b) => (b.output[1].action.queries = 'x')],
  ['ResponseObject', 'usage without total_tokens', reasoningResponse, (b) => delete b.usage.total_tokens],
  ['ResponseObject', 'usage counts as strings', reasoningResponse, (b) => (b.usage.input_tokens = '19')],
  ['ResponseObject', 'cached tokens below zero', reasoningResponse, (b) => (b.usage.input_tokens_details.cached_tokens = -1)],
  ['ResponseObject', 'store as a string', reasoningResponse, (b) => (b.store = 'false')],
  // stream events, against their own component
  ['ResponseOutputTextDeltaEvent', 'no delta', textDelta, (b) => delete b.delta],
  ['ResponseOutputTextDeltaEvent', 'no item_id', textDelta, (b) => delete b.item_id],
  ['ResponseOutputTextDeltaEvent', 'no content_index', textDelta, (b) => delete b.content_index],
  ['ResponseOutputTextDeltaEvent', 'no sequence_number', textDelta, (b) => delete b.sequence_number],
  ['ResponseOutputTextDeltaEvent', 'a negative sequence_number', textDelta, (b) => (b.sequence_number = -1)],
  ['ResponseCompletedEvent', 'no response', completed, (b) => delete b.response],
  ['ResponseCompletedEvent', 'a response that is not a response object', completed, (b) => (b.response = { id: 'x' })],
  ['ResponseCreatedEvent', 'no sequence_number', created, (b) => delete b.sequence_number],
  ['ResponseFunctionCallArgumentsDeltaEvent', 'a delta that is not a string', argumentsDelta, (b) => (b.delta = 7)],
  ['ResponseContentPartAddedEvent', 'a part of an input type', partAdded, (b) => (b.part = { type: 'input_text', text: '' })],
  ['ResponseOutputItemAddedEvent', 'an item without id', itemAdded, (b) => delete b.item.id],
  ['ResponseOutputItemAddedEvent', 'no output_index', itemAdded, (b) => delete b.output_index],
  ['ResponseWebSearchCallSearchingEvent', 'no item_id', searching, (b) => delete b.item_id],
  ['ResponseFailedEvent', 'an error without message', failed, (b) => delete b.response.error.message],
  // the same breakage against the union: the catch-all must not rescue a known type
  [streamEventSchema, 'a response.output_text.delta without delta', textDelta, (b) => delete b.delta],
  [streamEventSchema, 'a response.completed without response', completed, (b) => delete b.response],
  [streamEventSchema, 'a response.function_call_arguments.delta without item_id', argumentsDelta, (b) => delete b.item_id],
  [streamEventSchema, 'an event without type', textDelta, (b) => delete b.type],
];

describe('POST /responses schemas reject invalid bodies', () => {
  test.each(cases)('%s rejects %s', (schema, _what, base, mutate) => {
    const body = base();
    expect(validator.errors(schema, body)).toEqual([]);
    mutate(body);
    expect(validator.errors(schema, body).length).toBeGreaterThan(0);
  });
});

describe('POST /responses schemas accept what DeepSeek may add', () => {
  const unknownEvent = { type: 'response.reasoning_summary_part.added', sequence_number: 12, item_id: 'x', summary_index: 0 };

  test('an event type the spec does not list is a valid ResponseUnknownEvent and a valid stream event', () => {
    expect(validator.errors(unknownEventSchema, unknownEvent)).toEqual([]);
    expect(validator.errors(streamEventSchema, unknownEvent)).toEqual([]);
  });

  test('the catch-all rejects a known event type, so a malformed known event cannot pass as unknown', () => {
    expect(validator.errors(unknownEventSchema, { type: 'response.output_text.delta', sequence_number: 3 }).length).toBeGreaterThan(0);
  });

  test('an unknown event still needs a sequence_number', () => {
    const { sequence_number: _, ...withoutSequence } = unknownEvent;
    expect(validator.errors(streamEventSchema, withoutSequence).length).toBeGreaterThan(0);
  });

  test('the catch-all excludes exactly the event types the union lists', () => {
    const excluded = spec.components.schemas[unknownEventSchema].properties.type.not.enum as string[];
    expect([...excluded].sort()).toEqual([...eventSchemaNames(spec).keys()].sort());
  });

  test('the web search action catch-all excludes exactly the named actions', () => {
    const schemas = spec.components.schemas;
    const named = (schemas.ResponseWebSearchAction.oneOf as { $ref: string }[])
      .map((member) => schemas[member.$ref.split('/').at(-1)!].properties.type.const as string | undefined)
      .filter((type): type is string => type !== undefined);
    expect([...schemas.ResponseWebSearchActionOther.properties.type.not.enum].sort()).toEqual(named.sort());
  });

  test('a web search action of an unknown type is accepted in output and in replayed input', () => {
    const body = webSearchResponse();
    body.output[1].action = { type: 'scroll_page', offset: 2 };
    expect(validator.errors('ResponseObject', body)).toEqual([]);
    const replay = webSearchRequest();
    replay.input[1].action = { type: 'scroll_page', offset: 2 };
    expect(validator.errors('ResponseCreateRequest', replay)).toEqual([]);
  });

  test('unknown extra fields are accepted on requests, items, responses and events', () => {
    const body = replayRequest();
    body.input[2].status = 'completed';
    expect(validator.errors('ResponseCreateRequest', { ...body, previous_response_id: null, parallel_tool_calls: true })).toEqual([]);
    expect(validator.errors('ResponseObject', { ...reasoningResponse(), brand_new_field: { nested: true } })).toEqual([]);
    expect(validator.errors('ResponseOutputTextDeltaEvent', { ...textDelta(), obfuscation: 'abc' })).toEqual([]);
  });

  test('model is an open string and input may be a plain string', () => {
    expect(validator.errors('ResponseCreateRequest', { model: 'deepseek-v9-ultra', input: 'Hi' })).toEqual([]);
  });

  test('every reasoning effort DeepSeek documents is accepted, thinking off and the compatibility values included', () => {
    for (const effort of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', null]) {
      expect({ effort, errors: validator.errors('ResponseCreateRequest', { ...toolRequest(), reasoning: { effort } }) }).toEqual({ effort, errors: [] });
    }
  });

  test('a shorthand message and a typed message item are both accepted, and a replayed output item is a valid input item', () => {
    const output = functionCallResponse().output as Json[];
    const input = [{ role: 'user', content: 'hi' }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hello' }] }, ...output];
    expect(validator.errors('ResponseCreateRequest', { model: 'deepseek-flash', input })).toEqual([]);
  });
});
