/**
 * Folds streamed chunks into the completion a non-streaming call would have returned.
 * Pure (no I/O) and prototype-safe: only known fields are read, results are built from
 * literals, and unknown top-level fields are copied as own data properties, never through
 * a setter, so `__proto__` keys in server JSON change nothing.
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChoice,
  FinishReason,
  TextCompletion,
  TextCompletionChunk,
  TokenLogprob,
  ToolCall,
  Usage,
} from './types';

/** Keys never copied from server JSON. */
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * @internal Concatenates many small string fragments in linear time and flat memory. `+=` is the
 * cheapest append (V8 makes a rope node, about 4x cheaper than an array push plus a join), and
 * every 256 fragments the rope is flattened by reading one character of it (V8 flattens a
 * rope on `charCodeAt`), so no node per fragment is kept; the segments are joined once, when
 * the text is read. Also used by the Responses accumulator.
 */
export class TextBuilder {
  #segments: string[] = [];
  #tail = '';
  #count = 0;
  add(fragment: string): void {
    this.#tail += fragment;
    if (++this.#count === 256) {
      this.#tail.charCodeAt(0);
      this.#segments.push(this.#tail);
      this.#tail = '';
      this.#count = 0;
    }
  }
  toString(): string {
    const text = this.#segments.join('') + this.#tail;
    this.#segments = [text];
    this.#tail = '';
    this.#count = 0;
    return text;
  }
}

interface ToolCallState {
  index: number;
  id: string;
  type: 'function';
  name: string;
  arguments: TextBuilder;
}

interface ChatChoiceState {
  index: number;
  content: TextBuilder | null;
  reasoning: TextBuilder | null;
  toolCalls: ToolCallState[];
  logprobContent: TokenLogprob[] | null;
  logprobReasoning: TokenLogprob[] | null;
  finishReason: FinishReason | null;
}

/** The completion-level fields shared by chat and FIM. */
interface Envelope {
  id: string;
  created: number;
  model: string;
  system_fingerprint: string | undefined;
  usage: Usage | undefined;
  extra: [string, unknown][];
}

const chunkKeys = new Set(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices', 'usage']);

/**
 * Takes the completion-level fields from a chunk. Unknown top-level fields are copied from the
 * first chunk and from the final ones (with `usage` or a finish reason): scanning every chunk's
 * keys would cost more than the rest of the fold, and those are where such fields show up.
 */
function updateEnvelope(envelope: Envelope, chunk: Record<string, unknown>): void {
  const first = envelope.id === '' && envelope.created === 0;
  if (first) {
    if (typeof chunk.id === 'string') envelope.id = chunk.id;
    if (typeof chunk.created === 'number') envelope.created = chunk.created;
    if (typeof chunk.model === 'string') envelope.model = chunk.model;
  }
  if (envelope.system_fingerprint === undefined && typeof chunk.system_fingerprint === 'string') envelope.system_fingerprint = chunk.system_fingerprint;
  const usage = chunk.usage;
  const hasUsage = usage !== null && typeof usage === 'object';
  if (hasUsage) envelope.usage = usage as Usage;
  if (!first && !hasUsage && !finishes(chunk.choices)) return;
  for (const key in chunk) {
    if (!chunkKeys.has(key) && !unsafeKeys.has(key) && Object.prototype.hasOwnProperty.call(chunk, key)) {
      const existing = envelope.extra.findIndex(([name]) => name === key);
      if (existing === -1) envelope.extra.push([key, chunk[key]]);
      else envelope.extra[existing]![1] = chunk[key];
    }
  }
}

function finishes(choices: unknown): boolean {
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) if ((choice as { finish_reason?: unknown } | null)?.finish_reason) return true;
  return false;
}

function newEnvelope(): Envelope {
  return { id: '', created: 0, model: '', system_fingerprint: undefined, usage: undefined, extra: [] };
}

/** The completion object around `choices`, with the envelope's fields (unknown ones last, never over known ones). */
function completionOf<T extends ChatCompletion | TextCompletion>(envelope: Envelope, object: T['object'], choices: T['choices']): T {
  const body = { id: envelope.id, object, created: envelope.created, model: envelope.model, choices } as T;
  if (envelope.system_fingerprint !== undefined) body.system_fingerprint = envelope.system_fingerprint;
  if (envelope.usage) body.usage = envelope.usage;
  for (const [key, value] of envelope.extra) {
    if (!(key in body)) Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return body;
}

/** The state of the choice (or tool call) at `index`, created by `make` and kept sorted by index when new. */
function stateAt<S extends { index: number }>(states: S[], index: number, make: () => S): S {
  let state = states.find((s) => s.index === index);
  if (!state) {
    state = make();
    states.push(state);
    states.sort((a, b) => a.index - b.index);
  }
  return state;
}

/** Appends a delta's content and reasoning fragments to its choice. */
function addText(state: ChatChoiceState, delta: ChatCompletionChunk['choices'][number]['delta']): void {
  if (typeof delta.content === 'string') (state.content ??= new TextBuilder()).add(delta.content);
  if (typeof delta.reasoning_content === 'string') (state.reasoning ??= new TextBuilder()).add(delta.reasoning_content);
}

/** Accumulates `chat.completion.chunk`s one at a time. */
export class ChatCompletionAccumulator {
  #envelope = newEnvelope();
  #choices: ChatChoiceState[] = [];
  /** The choice of the previous chunk: the next one is almost always the same. */
  #last: ChatChoiceState | undefined;

  /** Adds one chunk. */
  add(chunk: ChatCompletionChunk): void {
    const choices = chunk.choices;
    const only = Array.isArray(choices) && choices.length === 1 ? choices[0] : undefined;
    // The common chunk first: one choice, a content or reasoning fragment, nothing else.
    if (only !== undefined && !only.finish_reason && !only.logprobs && chunk.usage == null && this.#last?.index === only.index) {
      const delta = only.delta;
      if (delta && !delta.tool_calls) return addText(this.#last, delta);
    }
    updateEnvelope(this.#envelope, chunk as unknown as Record<string, unknown>);
    if (!Array.isArray(choices)) return;
    for (const choice of choices) {
      const state = this.#choice(typeof choice.index === 'number' ? choice.index : 0);
      this.#last = state;
      const delta = choice.delta;
      if (delta) {
        addText(state, delta);
        if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) mergeToolCall(state.toolCalls, call);
      }
      const logprobs = choice.logprobs;
      if (logprobs) {
        if (Array.isArray(logprobs.content)) (state.logprobContent ??= []).push(...logprobs.content);
        if (Array.isArray(logprobs.reasoning_content)) (state.logprobReasoning ??= []).push(...logprobs.reasoning_content);
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
    }
  }

  #choice(index: number): ChatChoiceState {
    const only = this.#choices.length === 1 ? this.#choices[0]! : undefined;
    if (only?.index === index) return only; // one choice per chunk in practice
    return stateAt(this.#choices, index, () => ({ index, content: null, reasoning: null, toolCalls: [], logprobContent: null, logprobReasoning: null, finishReason: null }));
  }

  /**
   * The completion so far. A choice without a finish reason yet (an unfinished stream)
   * reports `finish_reason: null` cast to the type; a finished stream never does.
   */
  result(): ChatCompletion {
    const envelope = this.#envelope;
    const choices: ChatCompletionChoice[] = this.#choices.map((state) => {
      const message: ChatCompletionChoice['message'] = { role: 'assistant', content: state.content?.toString() ?? null };
      if (state.reasoning) message.reasoning_content = state.reasoning.toString();
      if (state.toolCalls.length > 0) {
        message.tool_calls = state.toolCalls.map(
          (call): ToolCall => ({ index: call.index, id: call.id, type: call.type, function: { name: call.name, arguments: call.arguments.toString() } }),
        );
      }
      const logprobs =
        state.logprobContent || state.logprobReasoning
          ? { content: state.logprobContent, ...(state.logprobReasoning ? { reasoning_content: state.logprobReasoning } : {}) }
          : null;
      return { index: state.index, message, logprobs, finish_reason: state.finishReason as FinishReason };
    });
    return completionOf<ChatCompletion>(envelope, 'chat.completion', choices);
  }
}

/**
 * Tool-call fragments merge by `index`: the first fragment of a call brings `id`, `type`
 * and `function.name`; later ones append to `function.arguments`. A fragment without an
 * index (seen from some gateways) continues the last call unless it brings a new id.
 */
function mergeToolCall(calls: ToolCallState[], delta: NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number]): void {
  let index = typeof delta.index === 'number' ? delta.index : undefined;
  if (index === undefined) {
    const last = calls.at(-1);
    index = last && (!delta.id || delta.id === last.id) ? last.index : (last?.index ?? -1) + 1;
  }
  const call = stateAt(calls, index, () => ({ index: index!, id: '', type: 'function' as const, name: '', arguments: new TextBuilder() }));
  if (typeof delta.id === 'string' && delta.id !== '' && call.id === '') call.id = delta.id;
  const fn = delta.function;
  if (fn) {
    if (typeof fn.name === 'string' && fn.name !== '' && call.name === '') call.name = fn.name;
    if (typeof fn.arguments === 'string') call.arguments.add(fn.arguments);
  }
}

/**
 * Accumulates a whole list of chunks into the `ChatCompletion` they describe.
 *
 * @example
 * ```ts
 * const completion = accumulateChatCompletion(chunks);
 * completion.choices[0].message.reasoning_content; // every fragment, in order
 * ```
 */
export function accumulateChatCompletion(chunks: Iterable<ChatCompletionChunk>): ChatCompletion {
  const accumulator = new ChatCompletionAccumulator();
  for (const chunk of chunks) accumulator.add(chunk);
  return accumulator.result();
}

/** The parallel arrays of FIM logprobs: each is joined across chunks on its own. */
const textLogprobKeys = ['tokens', 'token_logprobs', 'text_offset', 'top_logprobs'] as const;

interface TextChoiceState {
  index: number;
  text: TextBuilder;
  finishReason: FinishReason | null;
  /** The logprob arrays seen so far, joined; `null` while no chunk carried any. */
  logprobs: Record<string, unknown[]> | null;
}

/** Accumulates FIM `text_completion` chunks one at a time. */
export class TextCompletionAccumulator {
  #envelope = newEnvelope();
  #choices: TextChoiceState[] = [];

  add(chunk: TextCompletionChunk): void {
    updateEnvelope(this.#envelope, chunk as unknown as Record<string, unknown>);
    if (!Array.isArray(chunk.choices)) return;
    for (const choice of chunk.choices) {
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const state = stateAt(this.#choices, index, () => ({ index, text: new TextBuilder(), finishReason: null, logprobs: null }));
      if (typeof choice.text === 'string') state.text.add(choice.text);
      const logprobs = choice.logprobs;
      if (logprobs) {
        for (const key of textLogprobKeys) {
          const part: unknown = logprobs[key];
          if (Array.isArray(part)) ((state.logprobs ??= {})[key] ??= []).push(...(part as unknown[]));
        }
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
    }
  }

  result(): TextCompletion {
    return completionOf<TextCompletion>(
      this.#envelope,
      'text_completion',
      this.#choices.map((state) => ({
        index: state.index,
        text: state.text.toString(),
        logprobs: state.logprobs as TextCompletion['choices'][number]['logprobs'],
        finish_reason: state.finishReason as FinishReason,
      })),
    );
  }
}

/** Accumulates a whole list of FIM chunks into the `TextCompletion` they describe. */
export function accumulateTextCompletion(chunks: Iterable<TextCompletionChunk>): TextCompletion {
  const accumulator = new TextCompletionAccumulator();
  for (const chunk of chunks) accumulator.add(chunk);
  return accumulator.result();
}
