/**
 * The typed streams the SDK returns for chat and FIM: `ChunkStream` (iterate once, `abort()`,
 * `toReadableStream()`), and the class's `CompletionStream`s, which also accumulate the chunks
 * (`finalCompletion()`) and split in two (`tee()`). Reading, the watchdog and how a stream ends
 * live in event-reader.ts; what DeepSeek's events mean, in chunk-protocol.ts.
 */
import { ChatCompletionAccumulator, TextCompletionAccumulator } from './accumulate';
import { ChunkProtocol } from './chunk-protocol';
import { APIUserAbortError, DeepSeekError } from './errors';
import { EventReader, type ItemIterator, type ItemSink, type StreamSettings } from './event-reader';
import { toAssistantMessage, type ToAssistantMessageOptions } from './messages';
import { teeItems, toNdjsonStream } from './stream-adapters';
import type { StreamResult } from './transport';
import type { AssistantMessage, ChatCompletion, ChatCompletionChunk, TextCompletion, TextCompletionChunk } from './types';

export type { StreamSettings } from './event-reader';

/** Folds a stream's chunks into the completion a non-streaming call would have returned. */
export interface Accumulator<Chunk, Final> extends ItemSink<Chunk> {
  result(): Final;
}

/** What a stream shares with the stream classes built on it; never exposed. */
interface StreamState<Chunk> {
  readonly iterator: ItemIterator<Chunk>;
  /** Iteration, `finalCompletion()` or `tee()` has claimed the stream. */
  started: boolean;
  /** What to do instead of reading it twice. */
  readonly hint: string;
}

function claim(state: StreamState<unknown>): void {
  if (state.started) throw new DeepSeekError(`This stream has already been consumed; ${state.hint}`);
  state.started = true;
}

/**
 * A stream of typed chunks: iterate it once with `for await`. It checks DeepSeek's stream
 * contract as it goes (ends only at `data: [DONE]`, in-band errors, the idle watchdog) and
 * throws a failure only after every chunk that arrived before it. This is what the
 * functional core (`createChatCompletion`, `createFimCompletion`) returns; the `DeepSeek`
 * class returns its subclasses, which add `finalCompletion()` and `tee()`.
 *
 * @example
 * ```ts
 * const stream = await createChatCompletion(deepseek, { model: 'deepseek-flash', messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * ```
 */
export class ChunkStream<Chunk> implements AsyncIterable<Chunk> {
  /** The HTTP response (headers are available; the body is read by the stream). */
  readonly response: Response;
  readonly #state: StreamState<Chunk>;

  /** @internal Built by the client; not part of the public API. */
  constructor(response: Response, state: StreamState<Chunk>) {
    this.response = response;
    this.#state = state;
  }

  /**
   * Iterates the chunks. Ends after `data: [DONE]`; `break` ends quietly and cancels the
   * request; a failure is thrown after every chunk that arrived before it.
   */
  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    claim(this.#state);
    return this.#state.iterator;
  }

  /** Ends the stream quietly and cancels the HTTP request. */
  abort(): void {
    this.#state.iterator.cancel();
  }

  /**
   * The chunks as a byte stream of newline-delimited JSON, e.g. to send from a server route
   * to a browser. Cancelling it cancels the request.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    return toNdjsonStream(this[Symbol.asyncIterator]());
  }
}

/** Wraps a streaming response in a {@link ChunkStream} (the functional core's streams). */
export function chunkStream<Chunk>(result: StreamResult, settings: StreamSettings): ChunkStream<Chunk> {
  const iterator = new EventReader(result, settings, new ChunkProtocol<Chunk>());
  return new ChunkStream(result.response, { iterator, started: false, hint: 'it can be read once (the DeepSeek class\'s streams have tee() for two readers).' });
}

/**
 * A stream of completion chunks that also accumulates them: iterate it with `for await`, or
 * call `finalCompletion()`. It can be consumed once (use `tee()` for two consumers).
 */
export class CompletionStream<Chunk, Final> extends ChunkStream<Chunk> {
  readonly #state: StreamState<Chunk>;
  readonly #accumulator: Accumulator<Chunk, Final>;
  readonly #makeAccumulator: () => Accumulator<Chunk, Final>;
  #final: Promise<Final> | undefined;

  /**
   * @internal Built by the client; not part of the public API. `iterator` feeds `accumulator`
   * with every chunk it delivers.
   */
  constructor(response: Response, iterator: ItemIterator<Chunk>, accumulator: Accumulator<Chunk, Final>, makeAccumulator: () => Accumulator<Chunk, Final>) {
    const state: StreamState<Chunk> = { iterator, started: false, hint: 'use tee() to read it twice.' };
    super(response, state);
    this.#state = state;
    this.#accumulator = accumulator;
    this.#makeAccumulator = makeAccumulator;
  }

  /**
   * Reads whatever is left of the stream (all of it if nothing was iterated yet) and resolves
   * to the accumulated completion: content and reasoning concatenated, tool calls merged,
   * logprobs joined, usage and finish reason from the final chunk. Rejects if the stream
   * failed, or with `APIUserAbortError` if it was cancelled before `data: [DONE]`.
   */
  finalCompletion(): Promise<Final> {
    this.#final ??= this.#drain();
    return this.#final;
  }

  async #drain(): Promise<Final> {
    const { iterator } = this.#state;
    this.#state.started = true;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
    }
    const outcome = iterator.outcome;
    if (outcome?.kind === 'complete') return this.#accumulator.result();
    if (outcome?.kind === 'failed') throw outcome.error;
    throw new APIUserAbortError('The stream was cancelled (abort(), break or return()) before data: [DONE].');
  }

  /**
   * Splits the stream into two independent streams of the same chunks, each with its own
   * `finalCompletion()`. Call it before iterating. Cancelling one branch cancels the request
   * only once both are done.
   */
  tee(): [this, this] {
    claim(this.#state);
    const accumulators = [this.#makeAccumulator(), this.#makeAccumulator()] as const;
    const [left, right] = teeItems(this.#state.iterator, accumulators);
    const Self = this.constructor as new (...args: ConstructorParameters<typeof CompletionStream<Chunk, Final>>) => this;
    return [new Self(this.response, left, accumulators[0], this.#makeAccumulator), new Self(this.response, right, accumulators[1], this.#makeAccumulator)];
  }
}

/** A completion stream over `result`: its reader feeds a fresh accumulator. */
function completionStream<Chunk, Final, S>(
  Stream: new (...args: ConstructorParameters<typeof CompletionStream<Chunk, Final>>) => S,
  makeAccumulator: () => Accumulator<Chunk, Final>,
  result: StreamResult,
  settings: StreamSettings,
): S {
  const accumulator = makeAccumulator();
  const iterator = new EventReader(result, settings, new ChunkProtocol<Chunk>(), accumulator);
  return new Stream(result.response, iterator, accumulator, makeAccumulator);
}

/**
 * A streamed chat completion: an `AsyncIterable<ChatCompletionChunk>` with
 * `finalCompletion()` and `finalMessage()`.
 *
 * @example
 * ```ts
 * const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * const completion = await stream.finalCompletion();
 * ```
 */
export class ChatCompletionStream extends CompletionStream<ChatCompletionChunk, ChatCompletion> {
  /** @internal */
  static create(result: StreamResult, settings: StreamSettings): ChatCompletionStream {
    return completionStream(ChatCompletionStream, () => new ChatCompletionAccumulator(), result, settings);
  }

  /** The assistant message to send back next turn (see `toAssistantMessage`). */
  async finalMessage(options?: ToAssistantMessageOptions): Promise<AssistantMessage> {
    return toAssistantMessage(await this.finalCompletion(), options);
  }
}

/** A streamed FIM completion: an `AsyncIterable<TextCompletionChunk>` with `finalCompletion()`. */
export class TextCompletionStream extends CompletionStream<TextCompletionChunk, TextCompletion> {
  /** @internal */
  static create(result: StreamResult, settings: StreamSettings): TextCompletionStream {
    return completionStream(TextCompletionStream, () => new TextCompletionAccumulator(), result, settings);
  }
}
