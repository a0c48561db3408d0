/**
 * `accumulateResponse()` without HTTP: the events of every spec example and of hand-written
 * streams fold into the terminal response, in agreement with the contract's reference reading
 * of the accumulation rules (test/helpers/response-events.ts, which shares no code with src/).
 */
import { describe, expect, test } from 'vitest';
import { StreamError, accumulateResponse, type ResponseObject, type ResponseStreamEvent } from '../../src/index';
import { accumulateResponseOutput } from '../helpers/response-events';
import { eventsFor, item, responseObject, specStreamExamples } from '../helpers/response-streams';

type Json = Record<string, any>;
const asEvents = (payloads: Json[]) => payloads as unknown as ResponseStreamEvent[];

describe('accumulateResponse', () => {
  for (const example of specStreamExamples().filter((e) => e.payloads.at(-1)!.type !== 'response.failed')) {
    test(`${example.name}: the events fold into the terminal response, as the contract's reference reading builds it`, () => {
      const response = accumulateResponse(asEvents(example.payloads));
      expect(response).toEqual(example.payloads.at(-1)!.response);
      expect(response.output).toEqual(accumulateResponseOutput(example.payloads).output);
    });
  }

  test('many small deltas (10 000 of them, multi-byte and JSON escapes included) are joined exactly, in order', () => {
    const pieces = Array.from({ length: 10_000 }, (_, i) => ['a', '模', '"', '\\', '\n', '🧮'][i % 6]!);
    const text = pieces.join('');
    const final = responseObject([item.message(text)]);
    const payloads = eventsFor(final, 10_000);
    expect(payloads.filter((p) => p.type === 'response.output_text.delta')).toHaveLength(10_000);
    expect(accumulateResponse(asEvents(payloads)).output).toEqual(final.output);
  });

  test('an output item of a type the SDK does not know passes through from its .done event', () => {
    const newItem = { type: 'image_generation_call', id: 'ig-1', status: 'completed', result: 'aGk=' } as unknown as ResponseObject['output'][number];
    const final = responseObject([newItem, item.message('Here it is.')]);
    expect(accumulateResponse(asEvents(eventsFor(final))).output).toEqual(final.output);
  });

  test('an item type named like an Object property has no argument field, and still passes through', () => {
    const odd = { type: 'constructor', id: 'c-1', status: 'completed' } as unknown as ResponseObject['output'][number];
    const final = responseObject([odd]);
    expect(accumulateResponse(asEvents(eventsFor(final))).output).toEqual(final.output);
  });

  test('a function call whose arguments arrive in pieces ends with the whole arguments', () => {
    const final = responseObject([item.functionCall('get_weather', '{"city": "Hangzhou", "unit": "°C"}', 'call_00_X')]);
    const payloads = eventsFor(final, 7);
    expect(payloads.filter((p) => p.type === 'response.function_call_arguments.delta').length).toBeGreaterThan(3);
    expect(accumulateResponse(asEvents(payloads)).output).toEqual(final.output);
  });

  test('an apply_patch input built from its deltas is checked against input.done', () => {
    const final = responseObject([item.applyPatch('*** Begin Patch\n*** End Patch', 'call_00_P')]);
    const payloads = eventsFor(final, 5);
    expect(accumulateResponse(asEvents(payloads)).output).toEqual(final.output);
    const tampered = payloads.map((p) => (p.type === 'response.custom_tool_call_input.done' ? { ...p, input: '*** Begin Patch' } : p));
    expect(() => accumulateResponse(asEvents(tampered))).toThrow(/custom_tool_call_input\.done #\d+: its input differs from the deltas of output\[0\]/);
  });

  test('events without a terminal one are StreamError incomplete', () => {
    const payloads = eventsFor(responseObject([item.message('Hi')])).slice(0, -1);
    expect(() => accumulateResponse(asEvents(payloads))).toThrow(StreamError);
    expect(() => accumulateResponse(asEvents(payloads))).toThrow(/not reached a terminal event/);
  });

  test('an item that never got its .done may differ in status alone from the terminal response', () => {
    const final = responseObject([{ ...item.message('Cut sho'), status: 'incomplete' } as ResponseObject['output'][number]], { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const payloads = eventsFor(final).filter((p) => p.type !== 'response.output_item.done');
    expect(accumulateResponse(asEvents(payloads))).toEqual(final);
    const wrongText = { ...final, output: [{ ...final.output[0]!, content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Cut short' }] }] };
    expect(() => accumulateResponse(asEvents([...payloads.slice(0, -1), { ...payloads.at(-1)!, response: wrongText }]))).toThrow(/output\[0\]\.content\[0\]\.text differs/);
  });

  test('an item nested 50 000 levels deep is compared without overflowing the call stack', () => {
    // Each event gets its own copy, as each is parsed from its own JSON.
    const deep = (leaf: string): Json => {
      let nested: Json = { leaf };
      for (let depth = 0; depth < 50_000; depth++) nested = { nested };
      return nested;
    };
    const odd = { type: 'image_generation_call', id: 'deep-1', status: 'completed' } as unknown as ResponseObject['output'][number];
    const withLeaf = (terminalLeaf: string) =>
      eventsFor(responseObject([odd])).map((p) => {
        if (p.type === 'response.output_item.added' || p.type === 'response.output_item.done') return { ...p, item: { ...p.item, result: deep('a') } };
        if (p.type === 'response.completed') return { ...p, response: { ...p.response, output: [{ ...odd, result: deep(terminalLeaf) }] } };
        return p;
      });
    expect(accumulateResponse(asEvents(withLeaf('a'))).output[0]).toMatchObject({ id: 'deep-1' });
    expect(() => accumulateResponse(asEvents(withLeaf('b')))).toThrow(/output\[0\]\.result\.nested[a-z.]*…[a-z.]*\.leaf differs/);
    expect(() => accumulateResponse(asEvents(withLeaf('b')))).toThrow(/^.{0,400}$/s);
  });

  test('more than three disagreements are quoted three at a time, with the count of the rest', () => {
    const final = responseObject([item.message('abcdefgh')]);
    const payloads = eventsFor(final, 8).map((p) => (p.type === 'response.output_text.delta' ? { ...p, output_index: 5 } : p));
    const error = (() => {
      try {
        accumulateResponse(asEvents(payloads));
      } catch (thrown) {
        return thrown as StreamError;
      }
      throw new Error('expected a StreamError');
    })();
    expect(error.kind).toBe('inconsistent');
    expect(error.message.match(/no item was added at output_index 5/g)).toHaveLength(3);
    expect(error.message).toMatch(/\(and \d+ more\)\.$/);
  });
});
