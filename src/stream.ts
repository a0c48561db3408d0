/**
 * Typed streams of chat and FIM chunks over a `text/event-stream` response: DeepSeek's
 * stream contract (`data: [DONE]`, in-band errors, keep-alive comments), the idle
 * watchdog, accumulation, cancellation, `tee()` and `toReadableStream()`.
 */
import { ChatCompletionAccumulator, TextCompletionAccumulator } from './accumulate';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  DeepSeekError,
  errorCode,
  StreamError,
  undiciTimeoutHint,
} from './errors';
import { toAssistantMessage, type ToAssistantMessageOptions } from './messages';
import { maxTimerMs } from './runtime';
import { createSSEDecoder, type ServerSentEvent } from './sse/decoder';
import type { StreamResult } from './transport';
import type { AssistantMessage, ChatCompletion, ChatCompletionChunk, TextCompletion, TextCompletionChunk } from './types';

/** How a stream ended, once it has. */
type Outcome = { kind: 'complete' } | { kind: 'cancelled' } | { kind: 'failed'; error: unknown };

interface Accumulator<Chunk, Final> {
  add(chunk: Chunk): void;
  result(): Final;
}

/** Stream settings resolved by the client. */
export interface StreamSettings {
  /** Longest wait in ms for the next data event while reading; `Infinity` disables the watchdog. */
  idleTimeout: number;
  /** Cap on one SSE line or event, in bytes. */
  maxBufferBytes?: number | undefined;
}


/** The state shared by a stream and the branches `tee()` makes of it. */
interface Source {
  result: StreamResult;
  /** Set by `abort()`, `break` and `return()`: the reader's rejection then ends the stream quietly. */
  quiet: boolean;
}

/**
 * Collects what the decoder reports during one `feed()`. A class, not per-stream closures,
 * so the decoder's calls always reach the same functions and stay optimized across streams.
 */
class EventQueue {
  readonly events: ServerSentEvent[] = [];
  comments = 0;
  onEvent(event: ServerSentEvent): void {
    this.events.push(event);
  }
  onComment(): void {
    this.comments++;
  }
}

/**
 * Reads the response body and yields one parsed chunk per data event, until `data: [DONE]`.
 * Failures are thrown after every chunk that arrived before them was yielded.
 */
async function* readChunks<Chunk>(
  source: Source,
  settings: StreamSettings,
  accumulator: Accumulator<Chunk, unknown> | undefined,
  settle: (outcome: Outcome) => void,
): AsyncGenerator<Chunk, void, undefined> {
  const { result } = source;
  const { userSignal } = result;
  const reader = result.body.getReader();
  const queue = new EventQueue();
  const events = queue.events;
  let dataEvents = 0;
  const decoder = createSSEDecoder(queue, { maxBufferBytes: settings.maxBufferBytes });

  // Idle watchdog, off the hot path: a timer ticks four times per idleTimeout and fires after
  // four ticks in a row without a new data event while we wait on the network. So it never
  // fires before idleTimeout of silence, and at most a quarter later. Keep-alive comments do
  // not count (they prove the connection is up, not that the answer progresses), and neither
  // does time the consumer spends holding a chunk (`reading` is false then).
  const idle = settings.idleTimeout;
  let reading = false;
  let idleError: APIConnectionTimeoutError | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seen = 0;
  let silentTicks = 0;
  const tick = (): void => {
    if (!reading || dataEvents !== seen) {
      seen = dataEvents;
      silentTicks = 0;
    } else if (++silentTicks === 4) {
      idleError = new APIConnectionTimeoutError(idleMessage(idle, dataEvents, queue.comments));
      result.abort(idleError);
      return;
    }
    timer = setTimeout(tick, idle / 4);
  };
  if (idle < maxTimerMs) timer = setTimeout(tick, idle / 4);

  let outcome: Outcome = { kind: 'cancelled' };
  try {
    for (;;) {
      reading = true;
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        if (source.quiet) return;
        if (userSignal?.aborted) throw new APIUserAbortError(undefined, { cause: userSignal.reason });
        if (idleError) throw idleError;
        if (errorCode(error) === 'UND_ERR_BODY_TIMEOUT') {
          throw new APIConnectionTimeoutError(`Connection timed out mid-stream after ${dataEvents} events (UND_ERR_BODY_TIMEOUT). ${undiciTimeoutHint}`, { cause: error });
        }
        throw new APIConnectionError(`The connection failed mid-stream after ${dataEvents} events.`, { cause: error });
      }
      reading = false;
      let decodeError: unknown;
      try {
        if (read.done) decoder.end();
        else decoder.feed(read.value);
      } catch (error) {
        decodeError = error; // reported after the events decoded before it
      }
      for (let i = 0; i < events.length; i++) {
        // One read can hold many events: a cancel or abort between two yields must stop
        // delivery at once, not after the events already decoded.
        if (source.quiet) return;
        if (userSignal?.aborted) throw new APIUserAbortError(undefined, { cause: userSignal.reason });
        const event = events[i]!;
        dataEvents++;
        if (event.data === '[DONE]' && event.type === 'message') {
          outcome = { kind: 'complete' };
          return; // nothing after [DONE] is read; `finally` cancels the body
        }
        const chunk = parseEvent<Chunk>(event, result.redact);
        if (chunk === undefined) continue;
        accumulator?.add(chunk);
        yield chunk;
      }
      events.length = 0;
      if (decodeError) throw decodeError;
      if (read.done) {
        throw new StreamError(
          'incomplete',
          dataEvents === 0
            ? 'The stream ended before any event and without data: [DONE].'
            : `The stream ended after ${dataEvents} events without data: [DONE]; the answer may be truncated.`,
        );
      }
    }
  } catch (error) {
    outcome = { kind: 'failed', error };
    throw error;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    source.quiet = true;
    // After [DONE], cancelling the body is enough (and keeps a finished connection reusable);
    // a server that keeps writing after [DONE] gets its connection closed by the cancel.
    // Anything else (failure, break, abort) aborts the request.
    if (outcome.kind !== 'complete') result.abort();
    reader.cancel().catch(() => undefined);
    reader.releaseLock();
    result.release();
    settle(outcome);
  }
}

function idleMessage(idle: number, dataEvents: number, comments: number): string {
  if (dataEvents > 0) return `No data for ${idle} ms after ${dataEvents} events: the stream stalled mid-answer.`;
  if (comments > 0) return `No data for ${idle} ms: the request was still queued (only ${comments} keep-alive comments so far).`;
  return `No data for ${idle} ms after the response headers.`;
}

/** Parses one event into a chunk; `undefined` for event types other than `message`. */
function parseEvent<Chunk>(event: ServerSentEvent, redact: (text: string) => string): Chunk | undefined {
  if (event.type === 'error') {
    let body: unknown = redact(event.data);
    try {
      body = JSON.parse(body as string);
    } catch {
      // a text error payload is kept as text
    }
    throw APIError.from({ status: undefined, body, fallbackMessage: 'The server reported an error inside the stream.' });
  }
  if (event.type !== 'message') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    // Fixed message and no cause: the payload (and JSON.parse's excerpt of it) stays out of errors and logs.
    throw new StreamError('malformed', 'A stream event was not valid JSON; the stream was stopped.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StreamError('malformed', 'A stream event was not a JSON object; the stream was stopped.');
  }
  if ((value as { error?: unknown }).error != null) {
    throw APIError.from({
      status: undefined,
      body: JSON.parse(redact(event.data)) as unknown,
      fallbackMessage: 'The server reported an error inside the stream.',
    });
  }
  return value as Chunk;
}

/** What a stream shares with the stream classes built on it; never exposed. */
interface StreamState<Chunk> {
  readonly source: Source;
  readonly iterator: AsyncGenerator<Chunk, void, undefined>;
  started: boolean;
  outcome: Outcome | undefined;
}

function streamState<Chunk>(
  source: Source,
  iterate: (settle: (outcome: Outcome) => void) => AsyncGenerator<Chunk, void, undefined>,
): StreamState<Chunk> {
  const state = { source, started: false, outcome: undefined } as { -readonly [K in keyof StreamState<Chunk>]: StreamState<Chunk>[K] };
  state.iterator = iterate((outcome) => (state.outcome = outcome));
  return state;
}

function claim(state: StreamState<unknown>, hint: string): void {
  if (state.started) throw new DeepSeekError(`This stream has already been consumed; ${hint}`);
  state.started = true;
}

const readOnce = 'it can be read once (the DeepSeek class\'s streams have tee() for two readers).';
const useTee = 'use tee() to read it twice.';

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
  constructor(state: StreamState<Chunk>) {
    this.response = state.source.result.response;
    this.#state = state;
  }

  /**
   * Iterates the chunks. Ends after `data: [DONE]`; `break` ends quietly and cancels the
   * request; a failure is thrown after every chunk that arrived before it.
   */
  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    claim(this.#state, readOnce);
    return this.#state.iterator;
  }

  /** Ends the stream quietly and cancels the HTTP request. */
  abort(): void {
    this.#state.source.quiet = true;
    this.#state.source.result.abort();
  }

  /**
   * The chunks as a byte stream of newline-delimited JSON, e.g. to send from a server route
   * to a browser. Cancelling it cancels the request.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const iterator = this[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }
}

/** Wraps a streaming response in a {@link ChunkStream} (the functional core's streams). */
export function chunkStream<Chunk>(result: StreamResult, settings: StreamSettings): ChunkStream<Chunk> {
  const source: Source = { result, quiet: false };
  return new ChunkStream(streamState<Chunk>(source, (settle) => readChunks(source, settings, undefined, settle)));
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

  /** @internal Built by the client; not part of the public API. */
  constructor(
    source: Source,
    makeAccumulator: () => Accumulator<Chunk, Final>,
    iterate: (accumulator: Accumulator<Chunk, Final>, settle: (outcome: Outcome) => void) => AsyncGenerator<Chunk, void, undefined>,
  ) {
    const accumulator = makeAccumulator();
    const state = streamState(source, (settle) => iterate(accumulator, settle));
    super(state);
    this.#state = state;
    this.#makeAccumulator = makeAccumulator;
    this.#accumulator = accumulator;
  }

  /**
   * Iterates the chunks (and accumulates them for `finalCompletion()`). Ends after
   * `data: [DONE]`; `break` ends quietly and cancels the request; a failure is thrown after
   * every chunk that arrived before it.
   */
  override [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    claim(this.#state, useTee);
    return this.#state.iterator;
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
    const state = this.#state;
    state.started = true;
    for (;;) {
      const next = await state.iterator.next();
      if (next.done) break;
    }
    const outcome = state.outcome;
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
    const root = this.#state;
    claim(root, useTee);
    const queues: [Promise<IteratorResult<Chunk, void>>[], Promise<IteratorResult<Chunk, void>>[]] = [[], []];
    let open = 2;
    const branch =
      (side: 0 | 1) =>
      (accumulator: Accumulator<Chunk, Final>, settle: (outcome: Outcome) => void): AsyncGenerator<Chunk, void, undefined> =>
        (async function* teeBranch() {
          let outcome: Outcome = { kind: 'cancelled' };
          try {
            for (;;) {
              if (queues[side].length === 0) {
                const next = root.iterator.next();
                queues[0].push(next);
                queues[1].push(next);
              }
              const next = await queues[side].shift()!;
              if (next.done) {
                outcome = root.outcome ?? { kind: 'cancelled' };
                return;
              }
              accumulator.add(next.value);
              yield next.value;
            }
          } catch (error) {
            outcome = { kind: 'failed', error };
            throw error;
          } finally {
            settle(outcome);
            if (--open === 0) void root.iterator.return();
          }
        })();
    const Self = this.constructor as new (...args: ConstructorParameters<typeof CompletionStream<Chunk, Final>>) => this;
    return [new Self(root.source, this.#makeAccumulator, branch(0)), new Self(root.source, this.#makeAccumulator, branch(1))];
  }
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
    const source: Source = { result, quiet: false };
    return new ChatCompletionStream(source, () => new ChatCompletionAccumulator(), (accumulator, settle) => readChunks(source, settings, accumulator, settle));
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
    const source: Source = { result, quiet: false };
    return new TextCompletionStream(source, () => new TextCompletionAccumulator(), (accumulator, settle) => readChunks(source, settings, accumulator, settle));
  }
}
