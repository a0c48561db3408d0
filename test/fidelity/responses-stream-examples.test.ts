/**
 * The event-stream examples of `POST /responses` are what Prism serves to the client's tests,
 * so they must obey the accumulation rules a client relies on: the deltas, addressed by
 * `output_index` / `content_index` / `item_id`, rebuild exactly the items that the `*.done`
 * events and the terminal event carry.
 */
import { describe, expect, test } from 'vitest';
import { specExamples } from '../helpers/spec-examples';
import { accumulateResponseOutput, sseNamedEvents, terminalEventTypes } from '../helpers/response-events';

const streams = specExamples().filter((e) => e.operationId === 'createResponse' && e.mediaType === 'text/event-stream');

describe('POST /responses stream examples', () => {
  test('there are stream examples to check', () => {
    expect(streams.length).toBeGreaterThanOrEqual(3);
  });

  for (const example of streams) {
    const payloads = sseNamedEvents(example.value as string).map((e) => JSON.parse(e.data) as Record<string, any>);
    const terminal = payloads.at(-1)!;

    test(`${example.name}: deltas rebuild every *.done event and the terminal response's output`, () => {
      expect(terminalEventTypes).toContain(terminal.type);
      const { output, problems } = accumulateResponseOutput(payloads);
      expect(problems).toEqual([]);
      expect(output).toEqual(terminal.response?.output ?? []);
    });

    test(`${example.name}: sequence numbers count up from 0 and every event belongs to one response id`, () => {
      expect(payloads.map((p) => p.sequence_number)).toEqual(payloads.map((_, i) => i));
      const ids = new Set(payloads.filter((p) => p.response).map((p) => p.response.id));
      expect(ids.size).toBe(1);
    });

    test(`${example.name}: the terminal event's response status matches the event type`, () => {
      if (terminal.type === 'error') {
        expect(terminal.message).toEqual(expect.any(String));
        return;
      }
      const status = { 'response.completed': 'completed', 'response.incomplete': 'incomplete', 'response.failed': 'failed' }[terminal.type as string];
      expect(terminal.response.status).toBe(status);
      if (status === 'failed') expect(terminal.response.error.message).toEqual(expect.any(String));
      if (status === 'incomplete') expect(terminal.response.incomplete_details.reason).toEqual(expect.any(String));
      if (status === 'completed') expect(terminal.response.usage).toEqual(expect.objectContaining({ total_tokens: expect.any(Number) }));
    });
  }
});
