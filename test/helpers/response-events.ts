/**
 * The rules of a `POST /responses` event stream, as data and as one checker that the fidelity
 * and contract suites share: each `event:` name equals its payload's `type`, each payload
 * satisfies the spec component for that type (or the catch-all for a type the spec does not
 * list), `sequence_number` strictly increases, and the stream ends with exactly one terminal
 * event and no `data: [DONE]`.
 */
import { loadSpec, type SpecValidator } from './spec-schemas';

type Json = Record<string, any>;

/** One event of an SSE body: its `event:` name (absent when the field was not sent) and its data. */
export interface NamedEvent {
  event: string | undefined;
  data: string;
}

/** The union of every streamed event, the `contentSchema` of `ResponseEventStream`. */
export const streamEventSchema = 'ResponseStreamEvent';
/** The member of the union that an event type the spec does not list must satisfy. */
export const unknownEventSchema = 'ResponseUnknownEvent';

/** The event types after which the server sends nothing more. */
export const terminalEventTypes: readonly string[] = ['response.completed', 'response.incomplete', 'response.failed', 'error'];

/**
 * A deliberately simple reading of an SSE body held in memory (independent of src/sse, like
 * `sseDataPayloads`): the `event:` name and joined `data:` lines of each dispatched event.
 */
export function sseNamedEvents(text: string): NamedEvent[] {
  const events: NamedEvent[] = [];
  let event: string | undefined;
  let data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length > 0) events.push({ event, data: data.join('\n') });
      event = undefined;
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    } else if (line.startsWith('event:')) {
      event = line.slice(line.startsWith('event: ') ? 7 : 6);
    }
  }
  return events;
}

/**
 * Maps each event type the spec lists to the name of its component, read from the union's
 * `oneOf` (members that are unions themselves are followed; the catch-all has no `const`).
 */
export function eventSchemaNames(spec: Json = loadSpec()): Map<string, string> {
  const schemas = spec.components.schemas as Json;
  const names = new Map<string, string>();
  const visit = (name: string): void => {
    const schema = schemas[name] as Json;
    if (schema.oneOf) for (const member of schema.oneOf as { $ref: string }[]) visit(member.$ref.split('/').at(-1)!);
    const type = schema.properties?.type?.const as string | undefined;
    if (type !== undefined) names.set(type, name);
  };
  visit(streamEventSchema);
  return names;
}

/** The component an event payload must satisfy: its type's own component, or the catch-all. */
export function schemaForEventType(type: string, names: Map<string, string>): string {
  return names.get(type) ?? unknownEventSchema;
}

/**
 * Every way `events` breaks the stream contract, as readable sentences (empty when it holds).
 * Payloads are validated against their own component and against the union, so an event that
 * is malformed for its known type is not rescued by the catch-all.
 */
export function responseStreamProblems(events: readonly NamedEvent[], validator: SpecValidator, names = eventSchemaNames()): string[] {
  const problems: string[] = [];
  if (events.length === 0) return ['the stream has no events'];
  let previous = -1;
  events.forEach(({ event, data }, index) => {
    const at = `event ${index} (${event ?? 'no event name'})`;
    if (data === '[DONE]') {
      problems.push(`${at}: data: [DONE] is not part of a /responses stream`);
      return;
    }
    let payload: Json;
    try {
      payload = JSON.parse(data) as Json;
    } catch {
      problems.push(`${at}: data is not JSON`);
      return;
    }
    if (event !== payload.type) problems.push(`${at}: the event name differs from the payload type ${String(payload.type)}`);
    const schema = schemaForEventType(String(payload.type), names);
    const errors = validator.errors(schema, payload);
    if (errors.length > 0) {
      problems.push(`${at}: not a valid ${schema}: ${errors.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
    } else if (validator.errors(streamEventSchema, payload).length > 0) {
      problems.push(`${at}: a valid ${schema} but not exactly one member of ${streamEventSchema}`);
    }
    if (typeof payload.sequence_number === 'number') {
      if (payload.sequence_number <= previous) problems.push(`${at}: sequence_number ${payload.sequence_number} does not follow ${previous}`);
      previous = payload.sequence_number;
    }
    const terminal = terminalEventTypes.includes(String(payload.type));
    if (terminal && index !== events.length - 1) problems.push(`${at}: terminal event ${String(payload.type)} is followed by more events`);
    if (!terminal && index === events.length - 1) problems.push(`${at}: the stream ends without a terminal event`);
  });
  return problems;
}

/** The item field that argument-like deltas (no `content_index`) append to, by event type. */
const itemTextField: Record<string, string> = {
  'response.function_call_arguments.delta': 'arguments',
  'response.function_call_arguments.done': 'arguments',
  'response.custom_tool_call_input.delta': 'input',
  'response.custom_tool_call_input.done': 'input',
};

/**
 * A reference reading of the accumulation rules, for tests: builds `output` from the events
 * alone and lists every place where an event disagrees with what the deltas built.
 *
 * - `response.output_item.added` opens `output[output_index]` with the item as sent.
 * - `response.content_part.added` opens `content[content_index]` of that item (`item_id` must match).
 * - `response.output_text.delta` / `response.reasoning_text.delta` append to that part's `text`;
 *   `response.function_call_arguments.delta` / `response.custom_tool_call_input.delta` append to
 *   the item's `arguments` / `input` (no `content_index`).
 * - `*.done` events carry the whole text, arguments or part, which must equal the accumulation.
 * - `response.output_item.done` carries the final item; it replaces the accumulated one (a
 *   `web_search_call` gets its `action` only there), and must agree on everything but `status`
 *   and fields the accumulation never had.
 */
export function accumulateResponseOutput(payloads: readonly Json[]): { output: Json[]; problems: string[] } {
  const output: Json[] = [];
  const problems: string[] = [];
  const itemAt = (e: Json): Json | undefined => {
    const item = output[e.output_index as number];
    if (!item) problems.push(`#${e.sequence_number} ${e.type}: no item at output_index ${e.output_index}`);
    else if (e.item_id !== undefined && item.id !== e.item_id) problems.push(`#${e.sequence_number} ${e.type}: item_id ${e.item_id} is not the id of output[${e.output_index}]`);
    return item;
  };
  const partAt = (e: Json): Json | undefined => {
    const part = itemAt(e)?.content?.[e.content_index as number];
    if (!part) problems.push(`#${e.sequence_number} ${e.type}: no part at content_index ${e.content_index}`);
    return part;
  };
  const same = (what: string, e: Json, built: unknown, sent: unknown) => {
    if (JSON.stringify(built) !== JSON.stringify(sent)) problems.push(`#${e.sequence_number} ${e.type}: ${what} differs from the accumulation`);
  };
  for (const e of payloads) {
    switch (e.type) {
      case 'response.output_item.added':
        output[e.output_index] = structuredClone(e.item);
        break;
      case 'response.content_part.added': {
        const item = itemAt(e);
        if (item) (item.content ??= [])[e.content_index] = structuredClone(e.part);
        break;
      }
      case 'response.output_text.delta':
      case 'response.reasoning_text.delta': {
        const part = partAt(e);
        if (part) part.text += e.delta;
        break;
      }
      case 'response.output_text.done':
      case 'response.reasoning_text.done':
        same('text', e, partAt(e)?.text, e.text);
        break;
      case 'response.content_part.done':
        same('part', e, partAt(e), e.part);
        break;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const item = itemAt(e);
        const field = itemTextField[e.type as string]!;
        if (item) item[field] = ((item[field] as string | undefined) ?? '') + e.delta;
        break;
      }
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done': {
        const field = itemTextField[e.type as string]!;
        same(field, e, itemAt(e)?.[field], e[field]);
        break;
      }
      case 'response.output_item.done': {
        const built = itemAt(e);
        if (built) {
          for (const key of Object.keys(built)) {
            if (key !== 'status') same(`item.${key}`, e, built[key], e.item[key]);
          }
        }
        output[e.output_index] = structuredClone(e.item);
        break;
      }
    }
  }
  return { output, problems };
}
