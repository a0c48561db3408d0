/**
 * The event types of a `POST /responses` stream the SDK knows, as data: for each type, the
 * fields a client relies on (`sequence_number` aside, which every known event carries). An
 * event of a listed type that lacks one is a broken contract, never an unknown event; a type
 * not listed is unknown and passed on. A test compares the list with the spec's event union,
 * so the two cannot drift.
 */

/**
 * How a field is checked: a string; a non-negative integer (an index); an object with a string
 * `type` (an item or a part); a response object (an object whose `output` is an array).
 */
export type EventFieldKind = 'string' | 'index' | 'typed' | 'response';

/** The fields of one event type that must be present, with their kind. */
export type EventFields = readonly (readonly [name: string, kind: EventFieldKind])[];

const response: EventFields = [['response', 'response']];
const item: EventFields = [['output_index', 'index'], ['item', 'typed']];
const part: EventFields = [['item_id', 'string'], ['output_index', 'index'], ['content_index', 'index'], ['part', 'typed']];
const textDelta: EventFields = [['item_id', 'string'], ['output_index', 'index'], ['content_index', 'index'], ['delta', 'string']];
const textDone: EventFields = [['item_id', 'string'], ['output_index', 'index'], ['content_index', 'index'], ['text', 'string']];
const itemDelta: EventFields = [['item_id', 'string'], ['output_index', 'index'], ['delta', 'string']];
const progress: EventFields = [['item_id', 'string'], ['output_index', 'index']];

/**
 * Every event type of the contract, with the fields checked before it is delivered.
 * `response.failed` and `error` reject the stream whatever they hold, so nothing is checked.
 */
export const responseEventFields: Readonly<Record<string, EventFields>> = {
  'response.created': response,
  'response.in_progress': response,
  'response.completed': response,
  'response.incomplete': response,
  'response.failed': [],
  'response.output_item.added': item,
  'response.output_item.done': item,
  'response.content_part.added': part,
  'response.content_part.done': part,
  'response.output_text.delta': textDelta,
  'response.output_text.done': textDone,
  'response.reasoning_text.delta': textDelta,
  'response.reasoning_text.done': textDone,
  'response.function_call_arguments.delta': itemDelta,
  'response.function_call_arguments.done': [['item_id', 'string'], ['output_index', 'index'], ['arguments', 'string']],
  'response.custom_tool_call_input.delta': itemDelta,
  'response.custom_tool_call_input.done': [['item_id', 'string'], ['output_index', 'index'], ['input', 'string']],
  'response.web_search_call.in_progress': progress,
  'response.web_search_call.searching': progress,
  'response.web_search_call.completed': progress,
  error: [],
};

/** The fields of `type` when the contract lists it, else `undefined` (an unknown event). */
export function knownEventFields(type: string): EventFields | undefined {
  // Own properties only: a type named `constructor` or `__proto__` is unknown, not Object's.
  return Object.prototype.hasOwnProperty.call(responseEventFields, type) ? responseEventFields[type] : undefined;
}

/** Whether `value` is an index: a non-negative integer. */
export function isIndex(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Whether `value` has the kind a field needs. */
export function hasKind(value: unknown, kind: EventFieldKind): boolean {
  if (kind === 'string') return typeof value === 'string';
  if (kind === 'index') return isIndex(value);
  if (typeof value !== 'object' || value === null) return false;
  return kind === 'typed' ? typeof (value as { type?: unknown }).type === 'string' : Array.isArray((value as { output?: unknown }).output);
}
