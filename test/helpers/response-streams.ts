/**
 * Hand-written `POST /responses` payloads and streams for the Responses client's tests, shaped
 * like DeepSeek's recordings (UUID ids, `phase: 'final_answer'`, `summary: []`, the echoed
 * OpenAI field set): a response object, and the event stream that builds it, derived from the
 * final output items in the order DeepSeek sends them (item added, part added, deltas, text
 * done, part done, item done; web searches with their three progress events and `action` only
 * on `.done`). Independent of src/: nothing here reads the SDK's accumulation.
 */
import type { ResponseObject, ResponseOutputItem } from '../../src/index';
import { specExamples } from './spec-examples';
import { sseNamedEvents } from './response-events';

type Json = Record<string, any>;

let counter = 0;
/** A fresh UUID-shaped id (deterministic per run). */
export function uuid(): string {
  counter++;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

/** A response object as DeepSeek echoes it, with `output` and `usage` from the arguments. */
export function responseObject(output: ResponseOutputItem[], overrides: Partial<ResponseObject> = {}): ResponseObject {
  return {
    id: overrides.id ?? uuid(),
    object: 'response',
    created_at: 1795672000,
    status: 'completed',
    background: false,
    completed_at: 1795672002,
    content_filters: null,
    error: null,
    frequency_penalty: 0,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model: 'deepseek-flash',
    moderation: null,
    output,
    parallel_tool_calls: true,
    presence_penalty: 0,
    previous_response_id: null,
    prompt_cache_key: null,
    prompt_cache_retention: null,
    reasoning: { effort: null, summary: null },
    safety_identifier: null,
    service_tier: 'default',
    store: false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: null },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage: { input_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 10 }, total_tokens: 50 },
    user: null,
    metadata: {},
    ...overrides,
  } as ResponseObject;
}

export const item = {
  reasoning: (text: string, id = uuid()): ResponseOutputItem => ({ type: 'reasoning', id, status: 'completed', content: [{ type: 'reasoning_text', text }], summary: [] }),
  message: (text: string, id = uuid()): ResponseOutputItem => ({
    type: 'message',
    id,
    status: 'completed',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
    phase: 'final_answer',
    role: 'assistant',
  }),
  functionCall: (name: string, args: string, callId: string, id = uuid()): ResponseOutputItem => ({ type: 'function_call', id, status: 'completed', arguments: args, call_id: callId, name }),
  applyPatch: (input: string, callId: string, id = uuid()): ResponseOutputItem => ({ type: 'custom_tool_call', id, status: 'completed', call_id: callId, name: 'apply_patch', input }),
  webSearch: (callId: string, queries: string[]): ResponseOutputItem => ({ type: 'web_search_call', id: callId, status: 'completed', action: { type: 'search', queries: [...queries, `ws_call_id=${callId}`] } }),
};

/** `text` cut into `pieces` pieces of whole code points (the last may be longer). */
export function split(text: string, pieces: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  const size = Math.max(1, Math.ceil(chars.length / pieces));
  const out: string[] = [];
  for (let start = 0; start < chars.length; start += size) out.push(chars.slice(start, start + size).join(''));
  return out;
}

/**
 * The payloads of a stream that builds `final`, in DeepSeek's order, numbered from 0. The
 * terminal event is `response.completed`, or `response.incomplete` / `response.failed` by the
 * final status. `pieces` is how many deltas each text is cut into.
 */
export function eventsFor(final: ResponseObject, pieces = 3): Json[] {
  const events: Json[] = [];
  const push = (event: Json): void => void events.push({ ...event, sequence_number: events.length });
  const skeleton = { ...final, status: 'in_progress', completed_at: null, error: null, incomplete_details: null, output: [], usage: null };
  push({ type: 'response.created', response: skeleton });
  push({ type: 'response.in_progress', response: skeleton });
  final.output.forEach((done, output_index) => {
    const item = done as Json;
    const opened: Json = { ...item, status: 'in_progress' };
    if (item.type === 'message' || item.type === 'reasoning') opened.content = [];
    if (item.type === 'function_call') opened.arguments = '';
    if (item.type === 'custom_tool_call') opened.input = '';
    if (item.type === 'web_search_call') delete opened.action;
    push({ type: 'response.output_item.added', item: opened, output_index });
    const item_id = item.id as string;
    if (item.type === 'web_search_call') {
      for (const phase of ['in_progress', 'searching', 'completed']) push({ type: `response.web_search_call.${phase}`, item_id, output_index });
    }
    if (item.type === 'function_call') {
      for (const delta of split(item.arguments as string, pieces)) push({ type: 'response.function_call_arguments.delta', delta, item_id, output_index });
      push({ type: 'response.function_call_arguments.done', arguments: item.arguments, item_id, output_index });
    }
    if (item.type === 'custom_tool_call') {
      for (const delta of split(item.input as string, pieces)) push({ type: 'response.custom_tool_call_input.delta', delta, item_id, output_index });
      push({ type: 'response.custom_tool_call_input.done', input: item.input, item_id, output_index });
    }
    (item.content as Json[] | undefined)?.forEach((part, content_index) => {
      const kind = part.type === 'output_text' ? 'output_text' : 'reasoning_text';
      push({ type: 'response.content_part.added', content_index, item_id, output_index, part: { ...part, text: '' } });
      for (const delta of split(part.text as string, pieces)) {
        push({ type: `response.${kind}.delta`, content_index, delta, item_id, ...(kind === 'output_text' ? { logprobs: [] } : {}), output_index });
      }
      push({ type: `response.${kind}.done`, content_index, item_id, ...(kind === 'output_text' ? { logprobs: [] } : {}), output_index, text: part.text });
      push({ type: 'response.content_part.done', content_index, item_id, output_index, part });
    });
    push({ type: 'response.output_item.done', item, output_index });
  });
  const terminal = { completed: 'response.completed', incomplete: 'response.incomplete', failed: 'response.failed' }[final.status as string] ?? 'response.completed';
  push({ type: terminal, response: final });
  return events;
}

/** One SSE event as DeepSeek frames it: `event: <type>` and the JSON payload. */
export function namedEvent(payload: Json): string {
  return `event: ${String(payload.type)}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** A whole SSE body of named events. */
export function namedSse(payloads: readonly Json[]): string {
  return payloads.map(namedEvent).join('');
}

/** The spec's `POST /responses` event-stream examples: name, raw SSE text and payloads. */
export function specStreamExamples(): { name: string; text: string; payloads: Json[] }[] {
  return specExamples()
    .filter((example) => example.operationId === 'createResponse' && example.mediaType === 'text/event-stream')
    .map((example) => ({
      name: example.name,
      text: example.value as string,
      payloads: sseNamedEvents(example.value as string).map((event) => JSON.parse(event.data) as Json),
    }));
}

/** The spec's `POST /responses` 200 JSON examples, by name. */
export function specResponseExamples(): Map<string, ResponseObject> {
  return new Map(
    specExamples()
      .filter((example) => example.operationId === 'createResponse' && example.where === '200' && example.mediaType === 'application/json')
      .map((example) => [example.name, example.value as ResponseObject]),
  );
}
