/**
 * The benchmark's `POST /responses` stream: what the emulator sends and what every client must
 * hand back. A streamed answer of `deltas` text deltas, shaped like DeepSeek's (named events,
 * `sequence_number` from 0, no `data: [DONE]`): `response.created`, `response.in_progress`, a
 * message item opened with its `output_text` part, the deltas, then `output_text.done`,
 * `content_part.done`, `output_item.done` (each with the whole text) and `response.completed`
 * with the final response. The deltas are the chat stream's tokens (fixtures.ts), so both
 * scenarios parse the same text.
 */
import { deltaAt, model } from './fixtures';

const responseId = '5f0c2d7e-8a41-4b6f-9c3e-2a7d1b9e4f60';
const messageId = 'c3a8e5d1-7f24-4b9a-a6e0-1d5b8c2f9a73';
const createdAt = 1795671700;

/** Events a stream of `deltas` deltas has besides them (4 before, 4 after). */
export const responseOverheadEvents = 8;

/** The text of delta `index` (0-based) of a stream of `deltas` deltas: never empty. */
export function responseDeltaAt(index: number, deltas: number): string {
  return deltaAt(index + 1, deltas + 2);
}

/** The expected text delta of every delta event, in order. */
export function expectedResponseDeltas(deltas: number): string[] {
  if (!Number.isInteger(deltas) || deltas < 1) throw new RangeError('a Responses stream needs at least one delta');
  return Array.from({ length: deltas }, (_, index) => responseDeltaAt(index, deltas));
}

/** Usage reported on `response.completed`: one output token per delta. */
export function responseUsage(deltas: number) {
  return { input_tokens: 14, input_tokens_details: { cached_tokens: 0 }, output_tokens: deltas, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 14 + deltas };
}

function responseObject(status: 'in_progress' | 'completed', output: unknown[], usage: unknown): Record<string, unknown> {
  return {
    id: responseId,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    completed_at: status === 'completed' ? createdAt + 2 : null,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: 'none', summary: null },
    service_tier: 'default',
    store: false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: null },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
}

/** Every event payload of the stream, in order. */
export function responseEventPayloads(deltas: number): Record<string, unknown>[] {
  const text = expectedResponseDeltas(deltas).join('');
  const part = { type: 'output_text', annotations: [], logprobs: [], text };
  const item = { type: 'message', id: messageId, status: 'completed', content: [part], phase: 'final_answer', role: 'assistant' };
  const at = { item_id: messageId, output_index: 0, content_index: 0 };
  const payloads: Record<string, unknown>[] = [
    { type: 'response.created', response: responseObject('in_progress', [], null) },
    { type: 'response.in_progress', response: responseObject('in_progress', [], null) },
    { type: 'response.output_item.added', item: { ...item, status: 'in_progress', content: [] }, output_index: 0 },
    { type: 'response.content_part.added', ...at, part: { ...part, text: '' } },
  ];
  for (let index = 0; index < deltas; index++) payloads.push({ type: 'response.output_text.delta', ...at, delta: responseDeltaAt(index, deltas), logprobs: [] });
  payloads.push(
    { type: 'response.output_text.done', ...at, text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part },
    { type: 'response.output_item.done', item, output_index: 0 },
    { type: 'response.completed', response: responseObject('completed', [item], responseUsage(deltas)) },
  );
  return payloads.map((payload, sequence_number) => ({ ...payload, sequence_number }));
}

/** The stream's SSE events as DeepSeek frames them: `event: <type>`, then the JSON data. */
export function responseEventTexts(deltas: number): string[] {
  return responseEventPayloads(deltas).map((payload) => `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`);
}

/** The event types after which a Responses stream sends nothing more. */
export const responseTerminalTypes: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);
