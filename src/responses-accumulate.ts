/**
 * Folds the events of a `POST /responses` stream into the response they describe, and checks
 * that they agree with each other and with the terminal event. The rules (output items addressed
 * by `output_index`, parts by `content_index`, each `item_id` the id of its item):
 *
 * - `response.output_item.added` opens an item as sent (empty `content`, `arguments: ""`);
 * - `response.content_part.added` opens a part (`text: ""`);
 * - `response.output_text.delta` / `response.reasoning_text.delta` append to a part's `text`,
 *   `response.function_call_arguments.delta` / `response.custom_tool_call_input.delta` to an
 *   item's `arguments` / `input`;
 * - the `*.done` events carry the whole text, part or arguments, which must equal what the
 *   deltas built; `response.output_item.done` carries the final item (a `web_search_call` gets
 *   its `action` only there), which must agree with the accumulated one except for `status`;
 * - the terminal `response.output` must equal the items (an item that never got its `.done`
 *   may differ in `status` alone: a response cut short marks it `incomplete`).
 *
 * Never throws while adding (a stream keeps delivering events); disagreements are collected
 * and reported by `result()` as `StreamError` kind `inconsistent`, without any of the text.
 */
import { TextBuilder } from './accumulate';
import { StreamError } from './errors';
import type { ItemSink } from './event-reader';
import type { ResponseObject, ResponseStreamEvent } from './responses-types';

type Json = Record<string, unknown>;

interface PartState {
  /** The part as `response.content_part.added` sent it. */
  part: Json;
  text: TextBuilder;
}

interface ItemState {
  /** The item as `response.output_item.added` sent it. */
  item: Json;
  parts: (PartState | undefined)[];
  /** `arguments` of a function call, `input` of a custom tool call. */
  argument: TextBuilder | undefined;
  /** The item `response.output_item.done` sent, once it came. */
  done: Json | undefined;
}

/** The item field that argument deltas append to, by item type. */
const argumentField: Readonly<Record<string, string>> = { function_call: 'arguments', custom_tool_call: 'input' };

/** The part type each text delta writes to. */
const deltaPartType = { 'response.output_text.delta': 'output_text', 'response.reasoning_text.delta': 'reasoning_text' } as const;

/** How many disagreements are quoted in the error (the count covers them all). */
const quotedProblems = 3;

/** Accumulates the events of one Responses stream; `result()` is the final response. */
export class ResponseAccumulator implements ItemSink<ResponseStreamEvent> {
  readonly #items: (ItemState | undefined)[] = [];
  #responseId: string | undefined;
  #terminal: ResponseObject | undefined;
  /** The first disagreements found (at most `quotedProblems`), and how many there were. */
  readonly #problems: string[] = [];
  #problemCount = 0;
  /** Where the previous text delta went, for the next one (see `add`). */
  #lastDelta: { type: string; item_id: string; output_index: number; content_index: number; part: PartState } | undefined;

  /** Adds one event, in stream order. */
  add(event: ResponseStreamEvent): void {
    const type = event.type;
    if (type === 'response.output_text.delta' || type === 'response.reasoning_text.delta') {
      // Deltas come in runs addressed to one part: the previous delta's part, checked by
      // reference, spares the lookups and the checks the first delta of the run made.
      const last = this.#lastDelta;
      if (last !== undefined && last.type === type && last.item_id === event.item_id && last.output_index === event.output_index && last.content_index === event.content_index) {
        last.part.text.add(event.delta);
        return;
      }
      const part = this.#part(event, deltaPartType[type]);
      if (part === undefined) return;
      part.text.add(event.delta);
      this.#lastDelta = { type, item_id: event.item_id, output_index: event.output_index, content_index: event.content_index, part };
      return;
    }
    switch (event.type) {
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        this.#argument(event)?.add(event.delta);
        return;
      case 'response.output_text.done':
      case 'response.reasoning_text.done': {
        const part = this.#part(event, event.type === 'response.output_text.done' ? 'output_text' : 'reasoning_text');
        if (part && part.text.toString() !== event.text) this.#problem(event, `its text differs from the deltas of output[${event.output_index}].content[${event.content_index}]`);
        return;
      }
      case 'response.function_call_arguments.done':
        if (this.#argument(event)?.toString() !== event.arguments) this.#problem(event, `its arguments differ from the deltas of output[${event.output_index}]`);
        return;
      case 'response.custom_tool_call_input.done':
        if (this.#argument(event)?.toString() !== event.input) this.#problem(event, `its input differs from the deltas of output[${event.output_index}]`);
        return;
      case 'response.content_part.added': {
        const state = this.#item(event);
        if (!state) return;
        if (state.parts[event.content_index]) {
          this.#problem(event, `output[${event.output_index}].content[${event.content_index}] was already open`);
          this.#lastDelta = undefined;
        }
        state.parts[event.content_index] = partState(event.part as unknown as Json);
        return;
      }
      case 'response.content_part.done': {
        const part = this.#part(event, (event.part as { type: string }).type);
        if (part && part.text.toString() !== event.part.text) this.#problem(event, `its part differs from the deltas of output[${event.output_index}].content[${event.content_index}]`);
        return;
      }
      case 'response.output_item.added':
        if (this.#items[event.output_index]) {
          this.#problem(event, `output[${event.output_index}] was already open`);
          this.#lastDelta = undefined;
        }
        this.#items[event.output_index] = itemState(event.item as unknown as Json);
        return;
      case 'response.output_item.done': {
        const state = this.#items[event.output_index];
        const done = event.item as unknown as Json;
        if (!state) {
          this.#problem(event, `no item was added at output_index ${event.output_index}`);
          this.#items[event.output_index] = { ...itemState(done), done };
          return;
        }
        const built = itemOf(state);
        for (const key of Object.keys(built)) {
          const where = key === 'status' ? undefined : difference(built[key], done[key], `output[${event.output_index}].${key}`);
          if (where !== undefined) this.#problem(event, `${where} differs from the accumulated item`);
        }
        state.done = done;
        return;
      }
      case 'response.web_search_call.in_progress':
      case 'response.web_search_call.searching':
      case 'response.web_search_call.completed':
        this.#item(event);
        return;
      case 'response.created':
      case 'response.in_progress':
        this.#responseId ??= event.response.id;
        return;
      case 'response.completed':
      case 'response.incomplete':
        if (this.#responseId !== undefined && event.response.id !== this.#responseId) this.#problem(event, 'its response id differs from the one the stream started with');
        this.#terminal = event.response;
        return;
      case 'unknown':
        return; // nothing known to fold
    }
  }

  /**
   * The response the terminal event carries, once the events are checked against it. Throws
   * `StreamError` kind `inconsistent` when they disagree, `incomplete` before a terminal event.
   */
  result(): ResponseObject {
    const terminal = this.#terminal;
    if (!terminal) throw new StreamError('incomplete', 'The stream has not reached a terminal event (response.completed or response.incomplete).');
    const problems = [...this.#problems];
    let count = this.#problemCount;
    const report = (problem: string): void => {
      if (count++ < quotedProblems) problems.push(problem);
    };
    const output = terminal.output as unknown as Json[];
    if (output.length !== this.#items.length) report(`the terminal response has ${output.length} output items, the events built ${this.#items.length}`);
    for (let index = 0; index < Math.min(output.length, this.#items.length); index++) {
      const state = this.#items[index];
      if (!state) {
        report(`no event added output[${index}]`);
        continue;
      }
      // An item never finished may be marked incomplete by the terminal response alone.
      const where = difference(state.done ?? itemOf(state), output[index], `output[${index}]`, state.done ? undefined : 'status');
      if (where !== undefined) report(`the terminal response's ${where} differs from the streamed item`);
    }
    if (count > 0) {
      const quoted = problems.join('; ');
      const more = count > quotedProblems ? ` (and ${count - quotedProblems} more)` : '';
      throw new StreamError('inconsistent', `The stream's events do not add up to the response it ended with: ${quoted}${more}.`);
    }
    return terminal;
  }

  /** Records a disagreement; only the first few are kept as text (a broken stream may have one per delta). */
  #problem(event: { type: string; sequence_number?: number }, what: string): void {
    if (this.#problemCount++ < quotedProblems) this.#problems.push(`${event.type} #${event.sequence_number ?? '?'}: ${what}`);
  }

  /** The item an event addresses, checked against its `item_id`. */
  #item(event: { type: string; sequence_number: number; output_index: number; item_id: string }): ItemState | undefined {
    const state = this.#items[event.output_index];
    if (!state) this.#problem(event, `no item was added at output_index ${event.output_index}`);
    else if (state.item.id !== event.item_id) this.#problem(event, `item_id is not the id of output[${event.output_index}]`);
    return state;
  }

  /** The part a text event addresses, checked to be of the type the event writes. */
  #part(event: { type: string; sequence_number: number; output_index: number; item_id: string; content_index: number }, type: string): PartState | undefined {
    const state = this.#item(event);
    if (!state) return undefined; // already reported
    const part = state.parts[event.content_index];
    if (!part) this.#problem(event, `no part was added at output[${event.output_index}].content[${event.content_index}]`);
    else if (part.part.type !== type) this.#problem(event, `output[${event.output_index}].content[${event.content_index}] is not of type ${type}`);
    return part;
  }

  /** The `arguments` (or `input`) an argument event addresses. */
  #argument(event: { type: string; sequence_number: number; output_index: number; item_id: string }): TextBuilder | undefined {
    const state = this.#item(event);
    if (state && !state.argument) this.#problem(event, `output[${event.output_index}] is a ${String(state.item.type)}, which has no ${event.type.includes('custom') ? 'input' : 'arguments'}`);
    return state?.argument;
  }
}

function partState(part: Json): PartState {
  const text = new TextBuilder();
  if (typeof part.text === 'string') text.add(part.text);
  return { part, text };
}

function itemState(item: Json): ItemState {
  const content = Array.isArray(item.content) ? (item.content as Json[]) : [];
  const field = argumentFieldOf(item);
  let argument: TextBuilder | undefined;
  if (field !== undefined) {
    argument = new TextBuilder();
    if (typeof item[field] === 'string') argument.add(item[field]);
  }
  return { item, parts: content.map(partState), argument, done: undefined };
}

/** `arguments` or `input` for the items that stream one, else `undefined`. */
function argumentFieldOf(item: Json): string | undefined {
  const type = item.type as string;
  // Own keys only: an item type named `constructor` has no argument field.
  return Object.prototype.hasOwnProperty.call(argumentField, type) ? argumentField[type] : undefined;
}

/** The item as the events built it so far. */
function itemOf(state: ItemState): Json {
  const built: Json = { ...state.item };
  if (Array.isArray(state.item.content)) built.content = state.parts.map((part) => part && { ...part.part, text: part.text.toString() });
  const field = argumentFieldOf(state.item);
  if (state.argument && field !== undefined) built[field] = state.argument.toString();
  return built;
}

/**
 * Where two JSON values first differ (a path such as `output[1].content[0].text`), or
 * `undefined` when they are equal. Key order does not count; `ignore` names a top-level key
 * left out of the comparison. Iterative, so no nesting depth can overflow the call stack.
 */
function difference(left: unknown, right: unknown, root: string, ignore?: string): string | undefined {
  const pending: [unknown, unknown, string, boolean][] = [[left, right, root, true]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [a, b, path, top] = next;
    if (a === b) continue;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return shortened(path);
    if (Array.isArray(a)) {
      const other = b as unknown[];
      if (a.length !== other.length) return shortened(`${path}.length`);
      for (let index = a.length - 1; index >= 0; index--) pending.push([a[index], other[index], `${path}[${index}]`, false]);
      continue;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      if (!(top && key === ignore)) pending.push([(a as Json)[key], (b as Json)[key], `${path}.${key}`, false]);
    }
  }
  return undefined;
}

/** A path as an error quotes it: at most about 120 characters, its middle elided. */
function shortened(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 60)}…${path.slice(-60)}`;
}

/**
 * Accumulates a whole list of Responses stream events into the response they end with,
 * checked as a stream's `finalResponse()` checks it.
 *
 * @example
 * ```ts
 * const events: ResponseStreamEvent[] = [];
 * for await (const event of stream) events.push(event);
 * const response = accumulateResponse(events); // the same as await stream.finalResponse()
 * ```
 */
export function accumulateResponse(events: Iterable<ResponseStreamEvent>): ResponseObject {
  const accumulator = new ResponseAccumulator();
  for (const event of events) accumulator.add(event);
  return accumulator.result();
}
