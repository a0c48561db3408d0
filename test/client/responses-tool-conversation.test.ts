/**
 * A multi-turn tool conversation over `POST /responses` against a local `node:http` server that
 * replays one answer per turn, in order (a stream, a JSON body, a stream). The history is built
 * with `toInputItems()` only, and the test asserts the exact body of every request: the turn's
 * reasoning kept before what it belongs to, the web search replayed with its action, both
 * function calls before both outputs, and each request's input a prefix of the next one's (so
 * DeepSeek's context cache keeps hitting).
 */
import { expect, test } from 'vitest';
import { Responses, functionCalls, outputText, toInputItems, type ResponseCreateParams, type ResponseInputItem } from '../../src/index';
import { clientFor, sendJson, startSse, useFaultServers, writePieces } from '../helpers/fault-server';
import { eventsFor, item, namedEvent, responseObject } from '../helpers/response-streams';

const serve = useFaultServers();

const tools: ResponseCreateParams['tools'] = [
  { type: 'function', name: 'get_weather', description: 'Current weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true },
  { type: 'web_search' },
];

// Turn 1 (streamed): a web search, then two function calls, each step with its reasoning.
const turn1 = responseObject([
  item.reasoning('Search first for today\'s alerts.', 'rs-1'),
  item.webSearch('call_00_ws1', ['Hangzhou weather alert today']),
  item.reasoning('No alert. Now both cities.', 'rs-2'),
  item.functionCall('get_weather', '{"city":"Hangzhou"}', 'call_00_hz', 'fc-hz'),
  item.functionCall('get_weather', '{"city":"Shanghai"}', 'call_01_sh', 'fc-sh'),
]);
// Turn 2 (JSON): the answer, after reasoning.
const turn2 = responseObject([item.reasoning('Shanghai is warmer.', 'rs-3'), item.message('Shanghai is warmer (24 °C vs 21 °C).', 'msg-2')]);
// Turn 3 (streamed): a follow-up answer without tools.
const turn3 = responseObject([item.message('Tomorrow looks dry in both.', 'msg-3')]);

const weather: Record<string, string> = { Hangzhou: '{"temperature":21}', Shanghai: '{"temperature":24}' };

test('three turns send exactly the history DeepSeek requires, each input extending the previous one', async () => {
  const server = await serve([
    async (_req, res) => {
      startSse(res);
      await writePieces(res, eventsFor(turn1).map(namedEvent), { delayMs: 1 });
      res.end();
    },
    (_req, res) => sendJson(res, 200, turn2),
    async (_req, res) => {
      startSse(res);
      await writePieces(res, eventsFor(turn3).map(namedEvent));
      res.end();
    },
  ]);
  const client = clientFor(server).with({ responses: Responses });
  const model = 'deepseek-flash';
  const input: ResponseInputItem[] = [{ role: 'user', content: 'Which is warmer now, Hangzhou or Shanghai? Check alerts first.' }];

  // Turn 1: stream it, run the calls it made.
  const stream = await client.responses.create({ model, input: [...input], tools, stream: true });
  const first = await stream.finalResponse();
  const outputs = new Map<string, string>();
  for (const call of functionCalls(first)) outputs.set(call.call_id, weather[(JSON.parse(call.arguments) as { city: string }).city]!);
  input.push(...toInputItems(first, outputs));

  // Turn 2: JSON.
  const second = await client.responses.create({ model, input: [...input], tools });
  expect(outputText(second)).toBe('Shanghai is warmer (24 °C vs 21 °C).');
  input.push(...toInputItems(second), { role: 'user', content: 'And tomorrow?' });

  // Turn 3: stream again.
  const third = await client.responses.create({ model, input: [...input], tools, stream: true });
  expect(await third.outputText()).toBe('Tomorrow looks dry in both.');

  const bodies = server.requests.map((request) => JSON.parse(request.body) as { input: unknown[] } & Record<string, unknown>);
  expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /responses', 'POST /responses', 'POST /responses']);
  const user1 = { role: 'user', content: 'Which is warmer now, Hangzhou or Shanghai? Check alerts first.' };
  const turn1Items = [
    { type: 'reasoning', id: 'rs-1', summary: [], content: [{ type: 'reasoning_text', text: "Search first for today's alerts." }] },
    { type: 'web_search_call', id: 'call_00_ws1', action: { type: 'search', queries: ['Hangzhou weather alert today', 'ws_call_id=call_00_ws1'] } },
    { type: 'reasoning', id: 'rs-2', summary: [], content: [{ type: 'reasoning_text', text: 'No alert. Now both cities.' }] },
    { type: 'function_call', id: 'fc-hz', call_id: 'call_00_hz', name: 'get_weather', arguments: '{"city":"Hangzhou"}' },
    { type: 'function_call', id: 'fc-sh', call_id: 'call_01_sh', name: 'get_weather', arguments: '{"city":"Shanghai"}' },
    { type: 'function_call_output', call_id: 'call_00_hz', output: '{"temperature":21}' },
    { type: 'function_call_output', call_id: 'call_01_sh', output: '{"temperature":24}' },
  ];
  const turn2Items = [
    { type: 'reasoning', id: 'rs-3', summary: [], content: [{ type: 'reasoning_text', text: 'Shanghai is warmer.' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Shanghai is warmer (24 °C vs 21 °C).' }] },
    { role: 'user', content: 'And tomorrow?' },
  ];
  expect(bodies[0]).toEqual({ model, input: [user1], tools, stream: true });
  expect(bodies[1]).toEqual({ model, input: [user1, ...turn1Items], tools });
  expect(bodies[2]).toEqual({ model, input: [user1, ...turn1Items, ...turn2Items], tools, stream: true });
  // Each request's input is a prefix of the next, byte for byte.
  for (let turn = 1; turn < bodies.length; turn++) {
    const previous = JSON.stringify(bodies[turn - 1]!.input).slice(0, -1);
    expect(JSON.stringify(bodies[turn]!.input).startsWith(previous)).toBe(true);
  }
});
