/**
 * The Responses event stream through the client, event by event: every spec example and
 * hand-written streams of every event type are delivered exactly as sent (unknown types as a
 * client-made `unknown` event), the stream ends at `response.completed` / `response.incomplete`,
 * `response.failed` and `error` reject with an `APIError` after every earlier event, a known
 * event without its fields is `StreamError` `malformed`, and `finalResponse()` is the terminal
 * response once the deltas add up to it.
 */
import { describe, expect, test } from 'vitest';
import {
  APIError,
  APIUserAbortError,
  DeepSeek,
  DeepSeekError,
  Responses,
  StreamError,
  outputText,
  type ResponseObject,
  type ResponseStreamEvent,
} from '../../src/index';
import { backpressureBody, collect, fakeFetch, scriptedClient, sseResponse, testApiKey, type Step } from '../helpers/sse-response';
import { eventsFor, item, namedEvent, namedSse, responseObject, specStreamExamples } from '../helpers/response-streams';

type Json = Record<string, any>;

const request = { model: 'deepseek-flash', input: 'Hi', stream: true } as const;

/** A Responses client whose fetch plays `steps`, and what happened to each request. */
function responsesClient(steps: readonly Step[], options: { idleTimeout?: number } = {}) {
  const { client, requests, records } = scriptedClient(steps, options);
  return { client: client.with({ responses: Responses }), requests, records };
}

async function streamOf(steps: readonly Step[]) {
  const { client } = responsesClient(steps);
  return client.responses.create(request);
}

/** The terminal response of a stream's payloads. */
const terminalOf = (payloads: readonly Json[]): ResponseObject => payloads.at(-1)!.response as ResponseObject;

const final = responseObject([item.reasoning('Think: 2 + 2 = 4, done ✓.'), item.message('The answer is **4** 🧮.')]);
const events = eventsFor(final);

describe('the spec examples, event by event', () => {
  const examples = specStreamExamples();

  test('there is an example for every terminal event the client handles', () => {
    expect(examples.map((example) => example.payloads.at(-1)!.type).sort()).toEqual(
      expect.arrayContaining(['response.completed', 'response.failed', 'response.incomplete']),
    );
  });

  for (const example of examples) {
    const terminal = example.payloads.at(-1)!;
    const fails = terminal.type === 'response.failed' || terminal.type === 'error';

    test.each([
      ['in one network chunk', [example.text]],
      ['one event per network chunk', example.text.split(/(?<=\n\n)/)],
    ])(`${example.name} (%s): each event is delivered as sent, in order, and the stream ends as its terminal event says`, async (_how, pieces) => {
      const stream = await streamOf(pieces);
      const { chunks, error } = await collect(stream);
      if (fails) {
        expect(chunks).toEqual(example.payloads.slice(0, -1));
        expect(error).toBeInstanceOf(APIError);
        expect((error as APIError).status).toBeUndefined();
        expect((error as APIError).message).toBe(terminal.response.error.message);
        expect((error as APIError).code).toBe(terminal.response.error.code);
      } else {
        expect(error).toBeUndefined();
        expect(chunks).toEqual(example.payloads);
      }
    });

    test(`${example.name}: finalResponse() ${fails ? 'rejects with the same APIError' : 'is the terminal response, the deltas adding up to it'}`, async () => {
      const stream = await streamOf([example.text]);
      if (fails) {
        await expect(stream.finalResponse()).rejects.toMatchObject({ name: 'APIError', message: terminal.response.error.message });
        return;
      }
      const response = await stream.finalResponse();
      expect(response).toEqual(terminalOf(example.payloads));
      expect(response.status).toBe(terminal.type === 'response.completed' ? 'completed' : 'incomplete');
      const deltas = example.payloads.filter((p) => p.type === 'response.output_text.delta').map((p) => p.delta as string).join('');
      expect(await (await streamOf([example.text])).outputText()).toBe(deltas);
    });
  }
});

describe('hand-written streams of every event type', () => {
  const webSearchTurn = responseObject([
    item.reasoning('Recent news: search.'),
    item.webSearch('call_00_WebSearch0000000000000', ['DeepSeek V4.1 Flash release']),
    item.message('It was released on 10 September 2026.'),
  ]);
  const toolTurn = responseObject([
    item.reasoning('Two cities: call twice.'),
    item.functionCall('get_weather', '{"city": "Hangzhou"}', 'call_00_Aaaaaaaaaaaaaaaaaaaaaaaa'),
    item.functionCall('get_weather', '{"city": "上海"}', 'call_01_Bbbbbbbbbbbbbbbbbbbbbbbb'),
  ]);
  const twoParts = responseObject([
    { type: 'message', id: 'm-1', status: 'completed', role: 'assistant', phase: 'final_answer', content: [
      { type: 'output_text', annotations: [], logprobs: [], text: 'First part. ' },
      { type: 'output_text', annotations: [], logprobs: [], text: 'Second part.' },
    ] },
  ]);
  const cut = responseObject([{ ...item.reasoning('Suppose finitely many'), status: 'incomplete' } as ResponseObject['output'][number]], {
    status: 'incomplete',
    incomplete_details: { reason: 'max_output_tokens' },
  });

  test.each([
    ['reasoning then a message', final],
    ['a web search (action only on .done) between reasoning and the answer', webSearchTurn],
    ['reasoning then two function calls, arguments streamed in pieces', toolTurn],
    ['a message with two content parts', twoParts],
    ['an apply_patch custom tool call, its input streamed in pieces', responseObject([item.reasoning('Patch it.'), item.applyPatch('*** Begin Patch\n*** Update File: a.ts\n-old\n+new\n*** End Patch', 'call_00_Patch')])],
    ['a response cut by max_output_tokens (response.incomplete)', cut],
  ])('%s: every event is delivered as sent and finalResponse() equals the response built', async (_name, response) => {
    const payloads = eventsFor(response, 4);
    const stream = await streamOf(payloads.map(namedEvent));
    const [left, right] = stream.tee();
    const { chunks, error } = await collect(left);
    expect(error).toBeUndefined();
    expect(chunks).toEqual(payloads);
    expect(await left.finalResponse()).toEqual(response);
    expect(await right.finalResponse()).toEqual(response);
  });

  test('deltas that alternate between parts and items each land in their own part', async () => {
    const message = { type: 'message', id: 'm-1', status: 'in_progress', role: 'assistant', phase: 'final_answer', content: [] };
    const at = (output_index: number, item_id: string, content_index: number) => ({ output_index, item_id, content_index });
    const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    const interleaved = [
      { type: 'response.created', response: { ...final, status: 'in_progress', output: [], usage: null } },
      { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'r-1', status: 'in_progress', content: [], summary: [] } },
      { type: 'response.content_part.added', ...at(0, 'r-1', 0), part: { type: 'reasoning_text', text: '' } },
      { type: 'response.output_item.added', output_index: 1, item: message },
      { type: 'response.content_part.added', ...at(1, 'm-1', 0), part },
      { type: 'response.content_part.added', ...at(1, 'm-1', 1), part },
      { type: 'response.output_text.delta', ...at(1, 'm-1', 1), delta: 'B1' },
      { type: 'response.output_text.delta', ...at(1, 'm-1', 0), delta: 'A1' },
      { type: 'response.reasoning_text.delta', ...at(0, 'r-1', 0), delta: 'R1' },
      { type: 'response.output_text.delta', ...at(1, 'm-1', 0), delta: 'A2' },
      { type: 'response.output_text.delta', ...at(1, 'm-1', 1), delta: 'B2' },
      { type: 'response.reasoning_text.delta', ...at(0, 'r-1', 0), delta: 'R2' },
    ].map((p, sequence_number) => ({ ...p, sequence_number }));
    const expected = responseObject(
      [
        { type: 'reasoning', id: 'r-1', status: 'in_progress', content: [{ type: 'reasoning_text', text: 'R1R2' }], summary: [] },
        { ...message, content: [{ ...part, text: 'A1A2' }, { ...part, text: 'B1B2' }] } as ResponseObject['output'][number],
      ],
      { id: final.id, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    );
    const stream = await streamOf([namedSse([...interleaved, { type: 'response.incomplete', sequence_number: interleaved.length, response: expected }])]);
    expect(await stream.finalResponse()).toEqual(expected);
  });

  test('outputText() joins the output_text of every message and leaves reasoning out', async () => {
    expect(await (await streamOf([namedSse(eventsFor(twoParts))])).outputText()).toBe('First part. Second part.');
    expect(await (await streamOf([namedSse(events)])).outputText()).toBe('The answer is **4** 🧮.');
    expect(outputText(toolTurn)).toBe('');
  });

  test('the terminal event is delivered, then the stream ends without reading the body any further', async () => {
    let record: ReturnType<typeof backpressureBody>['record'] | undefined;
    const { fetch } = fakeFetch((req) => {
      const body = backpressureBody([namedSse(events)], { after: 'throw', signal: req.signal });
      record = body.record;
      return sseResponse(body.body);
    });
    const client = new DeepSeek({ apiKey: testApiKey, baseURL: 'http://127.0.0.1:1', fetch, maxRetries: 0 }).with({ responses: Responses });
    const { chunks, error } = await collect(await client.responses.create(request));
    expect(error).toBeUndefined();
    expect(chunks.at(-1)!.type).toBe('response.completed');
    expect(record!.pullsAfterEnd).toBe(0);
    expect(record!.cancelled).toBe(true);
  });

  test('events are told apart by the payload type: data-only events (no event: line) and a differing event: name change nothing', async () => {
    const dataOnly = events.map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join('');
    const misnamed = events.map((payload) => `event: message\ndata: ${JSON.stringify(payload)}\n\n`).join('');
    for (const text of [dataOnly, misnamed]) {
      const stream = await streamOf([text]);
      expect((await collect(stream)).chunks).toEqual(events);
      expect(await (await streamOf([text])).finalResponse()).toEqual(final);
    }
  });

  test('a gap in sequence_number is tolerated', async () => {
    const gapped = events.map((payload, index) => ({ ...payload, sequence_number: index * 2 }));
    const stream = await streamOf([namedSse(gapped)]);
    expect((await collect(stream)).error).toBeUndefined();
  });
});

describe('unknown event types', () => {
  const unknownPayload = { type: 'response.output_text.annotation.added', sequence_number: 6, annotation: { type: 'url_citation', url: 'https://example.com' } };
  const withUnknown = [...events.slice(0, 6), unknownPayload, ...events.slice(6).map((p) => ({ ...p, sequence_number: p.sequence_number + 1 }))];

  test('are delivered in order as a client-made unknown event that keeps the payload, and change nothing else', async () => {
    const stream = await streamOf([namedSse(withUnknown)]);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks[6]).toEqual({ type: 'unknown', eventType: 'response.output_text.annotation.added', sequence_number: 6, data: unknownPayload });
    expect(chunks.filter((c) => c.type !== 'unknown')).toEqual(withUnknown.filter((p) => p !== unknownPayload));
    expect(await (await streamOf([namedSse(withUnknown)])).finalResponse()).toEqual(final);
  });

  test('never end the stream: one after the last known event and then the end of the body is still an incomplete stream', async () => {
    const stream = await streamOf([namedSse([...events.slice(0, -1), { type: 'response.done', sequence_number: 99, response: final }])]);
    const { chunks, error } = await collect(stream);
    expect(chunks.at(-1)).toMatchObject({ type: 'unknown', eventType: 'response.done' });
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('incomplete');
  });

  test('a type named like an Object property (constructor, __proto__, toString) is unknown, not a crash', async () => {
    const odd = ['constructor', '__proto__', 'toString'].map((type, i) => ({ type, sequence_number: 100 + i }));
    const stream = await streamOf([namedSse([...odd, ...events.map((p) => ({ ...p, sequence_number: p.sequence_number + 200 }))])]);
    const { chunks, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(chunks.slice(0, 3).map((c) => c.type === 'unknown' && c.eventType)).toEqual(['constructor', '__proto__', 'toString']);
  });

  test('without a sequence_number are delivered without one', async () => {
    const stream = await streamOf([namedSse([{ type: 'keepalive.ping' }, ...events])]);
    const { chunks } = await collect(stream);
    expect(chunks[0]).toEqual({ type: 'unknown', eventType: 'keepalive.ping', data: { type: 'keepalive.ping' } });
  });
});

describe('broken contracts fail the stream after every event before them', () => {
  const secret = 'Needle-text-never-in-an-error';

  test.each([
    ['a text delta without delta', { type: 'response.output_text.delta', item_id: 'x', output_index: 1, content_index: 0, text: secret }, /response\.output_text\.delta event had no valid delta/],
    ['a reasoning delta whose delta is a number', { type: 'response.reasoning_text.delta', item_id: 'x', output_index: 0, content_index: 0, delta: 7 }, /no valid delta/],
    ['a text delta whose output_index is a string', { type: 'response.output_text.delta', item_id: 'x', output_index: '1', content_index: 0, delta: secret }, /no valid output_index/],
    ['a text delta without item_id', { type: 'response.output_text.delta', output_index: 1, content_index: 0, delta: secret }, /no valid item_id/],
    ['response.completed without response', { type: 'response.completed', note: secret }, /response\.completed event had no valid response/],
    ['response.completed whose response has no output', { type: 'response.completed', response: { id: secret, status: 'completed' } }, /no valid response/],
    ['an item event without item', { type: 'response.output_item.added', output_index: 0 }, /no valid item/],
    ['an item without a type', { type: 'response.output_item.done', output_index: 0, item: { id: secret } }, /no valid item/],
    ['a negative output_index', { type: 'response.web_search_call.searching', item_id: 'x', output_index: -1 }, /no valid output_index/],
    ['a part event whose content_index is not an integer', { type: 'response.content_part.added', item_id: 'x', output_index: 0, content_index: 0.5, part: { type: 'output_text', text: '' } }, /no valid content_index/],
    ['arguments done without arguments', { type: 'response.function_call_arguments.done', item_id: 'x', output_index: 0 }, /no valid arguments/],
    ['custom tool input delta without delta', { type: 'response.custom_tool_call_input.delta', item_id: 'x', output_index: 0 }, /no valid delta/],
  ])('%s is StreamError malformed naming the event and the field, never its text', async (_name, bad, message) => {
    const payloads = [...events.slice(0, 3), { ...bad, sequence_number: 3 }, ...events.slice(3)];
    const { chunks, error } = await collect(await streamOf([namedSse(payloads)]));
    expect(chunks).toEqual(events.slice(0, 3));
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).kind).toBe('malformed');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(secret);
  });

  test('a known event without a sequence_number is malformed', async () => {
    const { sequence_number: _, ...unnumbered } = events[3]!;
    const { chunks, error } = await collect(await streamOf([namedSse([...events.slice(0, 3), unnumbered])])) ;
    expect(chunks).toEqual(events.slice(0, 3));
    expect((error as StreamError).kind).toBe('malformed');
    expect((error as Error).message).toMatch(/had no sequence_number/);
  });

  test('a text delta whose sequence_number repeats the previous one is malformed', async () => {
    const firstDelta = events.findIndex((p) => p.type === 'response.reasoning_text.delta');
    const payloads = [...events.slice(0, firstDelta + 1), { ...events[firstDelta + 1]!, sequence_number: firstDelta }];
    const { chunks, error } = await collect(await streamOf([namedSse(payloads)]));
    expect(chunks).toEqual(events.slice(0, firstDelta + 1));
    expect((error as StreamError).kind).toBe('malformed');
    expect((error as Error).message).toMatch(new RegExp(`response\\.reasoning_text\\.delta event had sequence_number ${firstDelta} after ${firstDelta}`));
  });

  test.each([
    ['repeats', 2],
    ['goes back', 0],
  ])('a sequence_number that %s is malformed', async (_how, sequence) => {
    const payloads = [...events.slice(0, 3), { ...events[3]!, sequence_number: sequence }];
    const { chunks, error } = await collect(await streamOf([namedSse(payloads)]));
    expect(chunks).toEqual(events.slice(0, 3));
    expect((error as StreamError).kind).toBe('malformed');
    expect((error as Error).message).toMatch(new RegExp(`sequence_number ${sequence} after 2`));
  });

  test.each([
    ['data that is not JSON', `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"${secret}\n\n`, /not valid JSON/],
    ['a JSON array', 'data: [1,2]\n\n', /not a JSON object/],
    ['a JSON string', 'data: "response.completed"\n\n', /not a JSON object/],
    ['an object without a type', `data: {"sequence_number":3,"delta":"${secret}"}\n\n`, /no string type/],
  ])('%s is StreamError malformed with a fixed message', async (_name, bad, message) => {
    const { chunks, error } = await collect(await streamOf([namedSse(events.slice(0, 3)) + bad + namedSse(events.slice(3))]));
    expect(chunks).toEqual(events.slice(0, 3));
    expect((error as StreamError).kind).toBe('malformed');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(secret);
  });

  test('data: [DONE] before a terminal event (a chat-style gateway) is an incomplete stream, not a success', async () => {
    const { chunks, error } = await collect(await streamOf([namedSse(events.slice(0, -1)) + 'data: [DONE]\n\n']));
    expect(chunks).toEqual(events.slice(0, -1));
    expect((error as StreamError).kind).toBe('incomplete');
    expect((error as Error).message).toMatch(/data: \[DONE\] before a terminal event/);
  });

  test('a body that ends before a terminal event is StreamError incomplete, saying after how many events', async () => {
    const { chunks, error } = await collect(await streamOf([namedSse(events.slice(0, 5))]));
    expect(chunks).toEqual(events.slice(0, 5));
    expect((error as StreamError).kind).toBe('incomplete');
    expect((error as Error).message).toMatch(/after 5 events without a terminal event/);
    const empty = await collect(await streamOf([': keep-alive\n\n']));
    expect((empty.error as Error).message).toMatch(/before any event/);
  });
});

describe('response.failed and error events', () => {
  const started = events.slice(0, 4);
  const failedResponse = { ...final, status: 'failed', output: [], usage: null, error: { code: 'server_error', message: 'The model failed to generate a response.' } };

  test('response.failed rejects with an APIError (status undefined) carrying the message, code and failed response', async () => {
    const { chunks, error } = await collect(await streamOf([namedSse([...started, { type: 'response.failed', sequence_number: 4, response: failedResponse }])]));
    expect(chunks).toEqual(started);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: undefined, message: 'The model failed to generate a response.', code: 'server_error' });
    expect((error as APIError).body).toEqual({ error: failedResponse.error, response: failedResponse });
  });

  test('response.failed without an error message still rejects, with a fallback message', async () => {
    const { error } = await collect(await streamOf([namedSse([{ type: 'response.failed', sequence_number: 0, response: { ...failedResponse, error: null } }])]));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/response\.failed\) without an error message/);
  });

  test('an error event rejects with an APIError carrying its message, code and param', async () => {
    const { chunks, error } = await collect(await streamOf([namedSse([...started, { type: 'error', sequence_number: 4, message: 'Rate limit reached mid-stream', code: 'rate_limit_exceeded', param: null }])]));
    expect(chunks).toEqual(started);
    expect(error).toMatchObject({ name: 'APIError', status: undefined, message: 'Rate limit reached mid-stream', code: 'rate_limit_exceeded' });
  });

  test('an event: error whose data is plain text rejects with an APIError of that text', async () => {
    const { chunks, error } = await collect(await streamOf([namedSse(started) + 'event: error\ndata: upstream overloaded\n\n']));
    expect(chunks).toEqual(started);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toBe('upstream overloaded');
  });

  test.each([
    ['a chat-style {"error": {...}} payload', `data: {"error":{"message":"Gateway quota exceeded","type":"rate_limit_error","code":"quota"}}\n\n`],
    ['an event: error with a JSON body that has no type', `event: error\ndata: {"message":"Gateway quota exceeded","code":"quota"}\n\n`],
  ])('%s from a gateway rejects with an APIError carrying its message, not a malformed stream', async (_name, bad) => {
    const { chunks, error } = await collect(await streamOf([namedSse(started) + bad]));
    expect(chunks).toEqual(started);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: undefined, message: 'Gateway quota exceeded', code: 'quota' });
  });

  test('the API key echoed in a failure message is masked', async () => {
    const echoed = { ...failedResponse, error: { code: 'x', message: `bad key ${testApiKey}` } };
    const { error } = await collect(await streamOf([namedSse([{ type: 'response.failed', sequence_number: 0, response: echoed }])]));
    expect((error as Error).message).not.toContain(testApiKey);
    expect(JSON.stringify((error as APIError).body)).not.toContain(testApiKey);
  });
});

describe('finalResponse() checks the deltas against the events that carry whole texts', () => {
  const messageIndex = 1;
  const withText = (text: string) => (p: Json): Json =>
    p.type === 'response.output_text.done' ? { ...p, text } : p;

  test.each([
    ['an output_text.done whose text differs from the deltas', events.map(withText('The answer is 5.')), /output_text\.done #\d+: its text differs from the deltas of output\[1\]\.content\[0\]/],
    ['a terminal response whose message text differs', [...events.slice(0, -1), { ...events.at(-1)!, response: responseObject([final.output[0]!, item.message('Something else.', final.output[1]!.id)], { id: final.id }) }], /terminal response's output\[1\]\.content\[0\]\.text differs/],
    ['a terminal response with one item fewer', [...events.slice(0, -1), { ...events.at(-1)!, response: { ...final, output: final.output.slice(0, 1) } }], /has 1 output items, the events built 2/],
    ['a delta addressed to an item that was never added', events.map((p) => (p.type === 'response.output_text.delta' ? { ...p, output_index: 7 } : p)), /no item was added at output_index 7/],
    ['a delta whose item_id is another item\'s', events.map((p) => (p.type === 'response.output_text.delta' ? { ...p, item_id: final.output[0]!.id } : p)), /item_id is not the id of output\[1\]/],
    ['a reasoning delta written into an output_text part', events.map((p) => (p.type === 'response.output_text.delta' ? { ...p, type: 'response.reasoning_text.delta' } : p)), /is not of type reasoning_text/],
    ['an item done event that changes the text', events.map((p) => (p.type === 'response.output_item.done' && p.output_index === messageIndex ? { ...p, item: item.message('Other.', final.output[1]!.id) } : p)), /output\[1\]\.content\[0\]\.text differs from the accumulated item/],
    ['a terminal response of another id', [...events.slice(0, -1), { ...events.at(-1)!, response: { ...final, id: 'another' } }], /response id differs/],
  ])('%s: every event is still delivered, and finalResponse() rejects with StreamError inconsistent naming where', async (_name, payloads, message) => {
    const stream = await streamOf([namedSse(payloads as Json[])]);
    const [left, right] = stream.tee();
    const { chunks, error } = await collect(left);
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(payloads.length);
    const failure = await right.finalResponse().catch((thrown: unknown) => thrown);
    expect(failure).toBeInstanceOf(StreamError);
    expect((failure as StreamError).kind).toBe('inconsistent');
    expect((failure as Error).message).toMatch(message);
    expect((failure as Error).message).not.toMatch(/answer is|Something else|Other\./);
  });
});

describe('consuming the stream', () => {
  test('finalResponse() after a full iteration resolves without reading again, and a second iteration is refused', async () => {
    const stream = await streamOf([namedSse(events)]);
    await collect(stream);
    expect(await stream.finalResponse()).toEqual(final);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(DeepSeekError);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/use tee\(\)/);
  });

  test('break cancels the request and makes finalResponse() reject with APIUserAbortError', async () => {
    const { client, requests } = responsesClient([namedSse(events.slice(0, 4)), { hang: true }]);
    const stream = await client.responses.create(request);
    for await (const event of stream) if (event.type === 'response.output_item.added') break;
    expect(requests[0]!.signal.aborted).toBe(true);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  test('abort() mid-stream ends the iteration quietly after the events already delivered', async () => {
    const { client, requests } = responsesClient([namedSse(events.slice(0, 4)), { hang: true }]);
    const stream = await client.responses.create(request);
    const seen: ResponseStreamEvent[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (seen.length === 3) stream.abort();
    }
    expect(seen).toEqual(events.slice(0, 3));
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  test('toReadableStream() is the events as NDJSON, one line each', async () => {
    const stream = await streamOf([namedSse(events)]);
    const text = await new Response(stream.toReadableStream()).text();
    expect(text.trimEnd().split('\n').map((line) => JSON.parse(line) as Json)).toEqual(events);
  });

  test('the idle watchdog fires when only keep-alive comments arrive, after the events before', async () => {
    const { client } = responsesClient([namedSse(events.slice(0, 3)), { keepAlive: { every: 10, for: 2_000 } }], { idleTimeout: 120 });
    const stream = await client.responses.create(request);
    const started = Date.now();
    const { chunks, error } = await collect(stream);
    expect(chunks).toEqual(events.slice(0, 3));
    expect(error).toMatchObject({ name: 'APIConnectionTimeoutError' });
    expect((error as Error).message).toMatch(/No data for 120 ms after 3 events/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
