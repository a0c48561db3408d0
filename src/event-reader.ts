/**
 * Reads a `text/event-stream` response body and delivers one item per event, through an async
 * iterator of a single layer: `next()` answers from the events already decoded with a settled
 * promise, and goes to the network only when they run out (an async generator would add its own
 * queue and an `await` per item). What an event means — an item, nothing, or the end of the
 * stream — is the protocol's business (chunk-protocol.ts for chat and FIM); this module knows the
 * body, the decoder, the idle watchdog, cancellation and how a stream ends: a failure is thrown
 * only after every item decoded before it was delivered, and exactly once.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, errorCode, undiciTimeoutHint } from './errors';
import { createSSEDecoder, type SSEDecoder, type SSEDecoderCallbacks, type ServerSentEvent } from './sse/decoder';
import type { StreamResult } from './transport';
import { watchIdle, type WatchedStream } from './watchdog';

/** How a stream ended, once it has. */
export type Outcome = { kind: 'complete' } | { kind: 'cancelled' } | { kind: 'failed'; error: unknown };

/** What the events of a stream mean: the part of a stream's contract above the SSE framing. */
export interface EventProtocol<Item> {
  /**
   * Set by `item()` when the event it just read ends the stream (`data: [DONE]` for chat, a
   * terminal event for others). The item it returned, if any, is still delivered.
   */
  ended: boolean;
  /**
   * Turns one event into the item to deliver, or `undefined` to deliver nothing for it. Throws
   * when the event breaks the contract or reports an error; `redact` masks the key in any text
   * taken from the stream.
   */
  item(event: ServerSentEvent, redact: (text: string) => string): Item | undefined;
  /** The error for a body that ended before the protocol's end, after `dataEvents` events. */
  incomplete(dataEvents: number): Error;
}

/** Stream settings resolved by the client. */
export interface StreamSettings {
  /** Longest wait in ms for the next data event while reading; `Infinity` disables the watchdog. */
  idleTimeout: number;
  /** Cap on one SSE line or event, in bytes. */
  maxBufferBytes?: number | undefined;
}

/** The iterator a stream hands to `for await`, plus what the stream classes need from it. */
export interface ItemIterator<Item> extends AsyncIterator<Item, void, undefined> {
  /** How the stream ended; `undefined` while it is open. */
  readonly outcome: Outcome | undefined;
  /** Ends the stream quietly (no error) and cancels the HTTP request. */
  cancel(): void;
  return(): Promise<IteratorResult<Item, void>>;
}

/** Something that folds the delivered items (the class streams' accumulators). */
export interface ItemSink<Item> {
  add(item: Item): void;
}

const done: IteratorReturnResult<void> = { done: true, value: undefined };

/** What a finished reader holds instead of its response (nothing reads it after the end). */
const released = {} as StreamResult;
/** The last finished reader (see the end of `#finish`). */
const kept: { reader?: unknown } = {};

/** Reads one streaming response; see the module comment. */
export class EventReader<Item> implements ItemIterator<Item>, WatchedStream, SSEDecoderCallbacks {
  /** True while a read of the body is in flight (the watchdog counts only that time). */
  reading = false;
  /** Events taken from the stream so far. */
  dataEvents = 0;
  /** `: keep-alive` comments received so far. */
  comments = 0;
  /** Events decoded from the last read; `#index` is the next one to deliver. */
  readonly events: ServerSentEvent[] = [];
  #result: StreamResult;
  readonly #protocol: EventProtocol<Item>;
  readonly #sink: ItemSink<Item> | undefined;
  #onEnd: ((outcome: Outcome) => void) | undefined;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder: SSEDecoder;
  readonly #stopWatchdog: () => void;
  /** The next event of `events` to deliver. */
  #index = 0;
  /** The body ended (and the decoder was told). */
  #eof = false;
  /** A decoding failure, reported once the events decoded before it are delivered. */
  #decodeError: unknown;
  #idleError: APIConnectionTimeoutError | undefined;
  /** Set by `cancel()`: the request's abort then ends the stream without an error. */
  #quiet = false;
  #outcome: Outcome | undefined;
  /** The read in flight, if any: requests made meanwhile are answered after it, in order. */
  #pending: Promise<IteratorResult<Item, void>> | undefined;
  readonly #again = (): Promise<IteratorResult<Item, void>> => this.next();

  constructor(result: StreamResult, settings: StreamSettings, protocol: EventProtocol<Item>, sink?: ItemSink<Item>, onEnd?: (outcome: Outcome) => void) {
    this.#result = result;
    this.#protocol = protocol;
    this.#sink = sink;
    this.#onEnd = onEnd;
    this.#reader = result.body.getReader();
    // The reader is the decoder's callbacks object (a class, not per-stream closures, so the
    // decoder's calls reach the same functions on every stream and stay optimized).
    this.#decoder = createSSEDecoder(this, { maxBufferBytes: settings.maxBufferBytes });
    // Through `this`, not `result`: the closure lives as long as the reader, which outlives its response.
    this.#stopWatchdog = watchIdle(this, settings.idleTimeout, (error) => {
      this.#idleError = error;
      this.#result.abort(error);
    });
  }

  /** @internal Called by the decoder during `feed()`. */
  onEvent(event: ServerSentEvent): void {
    this.events.push(event);
  }

  /** @internal Called by the decoder for each comment line. */
  onComment(): void {
    this.comments++;
  }

  get outcome(): Outcome | undefined {
    return this.#outcome;
  }

  next(): Promise<IteratorResult<Item, void>> {
    // After a failure, the requests queued behind it get the end, not the error again.
    if (this.#pending !== undefined) return this.#pending.then(this.#again, this.#again);
    let result: IteratorResult<Item, void> | undefined;
    try {
      result = this.#step();
    } catch (error) {
      return Promise.reject(error);
    }
    return result === undefined ? (this.#pending = this.#readUntilResult()) : Promise.resolve(result);
  }

  return(): Promise<IteratorResult<Item, void>> {
    this.cancel();
    return Promise.resolve(done);
  }

  cancel(): void {
    if (this.#outcome !== undefined) return;
    this.#quiet = true;
    // With a read in flight, its rejection ends the stream; otherwise it ends now.
    if (this.reading) this.#result.abort();
    else this.#finish({ kind: 'cancelled' });
  }

  /**
   * Delivers the next decoded event's item, or the end. Returns `undefined` when a read is
   * needed; throws the stream's failure (once).
   */
  #step(): IteratorResult<Item, void> | undefined {
    if (this.#outcome !== undefined) return done;
    const events = this.events;
    const protocol = this.#protocol;
    while (this.#index < events.length) {
      // One read can hold many events: a cancel or an abort between two of them stops delivery at once.
      if (this.#quiet) {
        this.#finish({ kind: 'cancelled' });
        return done;
      }
      const userSignal = this.#result.userSignal;
      if (userSignal?.aborted) throw this.#fail(new APIUserAbortError(undefined, { cause: userSignal.reason }));
      const event = events[this.#index++]!;
      this.dataEvents++;
      let item: Item | undefined;
      try {
        item = protocol.item(event, this.#result.redact);
      } catch (error) {
        throw this.#fail(error);
      }
      if (item !== undefined) this.#sink?.add(item);
      // Nothing after the end is read; finishing cancels the body.
      if (protocol.ended) this.#finish({ kind: 'complete' });
      if (item !== undefined) return { done: false, value: item };
      if (protocol.ended) return done;
    }
    events.length = 0;
    this.#index = 0;
    if (this.#decodeError !== undefined) throw this.#fail(this.#decodeError);
    if (this.#eof) throw this.#fail(protocol.incomplete(this.dataEvents));
    return undefined;
  }

  async #readUntilResult(): Promise<IteratorResult<Item, void>> {
    try {
      for (;;) {
        await this.#read();
        const result = this.#step();
        if (result !== undefined) return result;
      }
    } finally {
      // Before this promise settles, so the requests chained on it find no read in flight.
      this.#pending = undefined;
    }
  }

  /** Reads one piece of the body into the decoder. */
  async #read(): Promise<void> {
    this.reading = true;
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await this.#reader.read();
    } catch (error) {
      this.reading = false;
      if (this.#quiet) return this.#finish({ kind: 'cancelled' });
      throw this.#fail(this.#readFailure(error));
    }
    this.reading = false;
    try {
      if (read.done) {
        this.#eof = true;
        this.#decoder.end();
      } else {
        this.#decoder.feed(read.value);
      }
    } catch (error) {
      this.#decodeError = error; // reported after the events decoded before it
    }
  }

  /** Why a read of the body failed, in the SDK's terms; the original is kept as `cause`. */
  #readFailure(error: unknown): Error {
    const userSignal = this.#result.userSignal;
    if (userSignal?.aborted) return new APIUserAbortError(undefined, { cause: userSignal.reason });
    if (this.#idleError) return this.#idleError;
    if (errorCode(error) === 'UND_ERR_BODY_TIMEOUT') {
      return new APIConnectionTimeoutError(`Connection timed out mid-stream after ${this.dataEvents} events (UND_ERR_BODY_TIMEOUT). ${undiciTimeoutHint}`, { cause: error });
    }
    return new APIConnectionError(`The connection failed mid-stream after ${this.dataEvents} events.`, { cause: error });
  }

  #fail(error: unknown): unknown {
    this.#finish({ kind: 'failed', error });
    return error;
  }

  /** Ends the stream once: stops the watchdog, releases the body and the caller's signal. */
  #finish(outcome: Outcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#quiet = true;
    this.#stopWatchdog();
    // After the protocol's end, cancelling the body is enough (and keeps a finished connection
    // reusable); a server that keeps writing gets its connection closed by the cancel. Anything
    // else (failure, break, abort) aborts the request.
    if (outcome.kind !== 'complete') this.#result.abort();
    this.#reader.cancel().catch(() => undefined);
    this.#reader.releaseLock();
    this.#result.release();
    this.#onEnd?.(outcome);
    // The finished reader lets go of its response and callback, and is kept until the next
    // stream ends (with its protocol, decoder and sink: at most one stream's accumulated
    // state), so the hidden classes of the hot path outlive a full GC between streams.
    // Otherwise V8 drops the optimized code of the hot path when they die ("weak objects"
    // deopts) and re-optimizes it on the next stream: measured in the benchmark's
    // GC-between-runs setup, Responses streams cost 1.2-1.3x the per-event CPU of
    // fetch + eventsource-parser without this, 0.9-1.0x with it (chat streams 1.1x and 0.8x).
    this.#result = released;
    this.#onEnd = undefined;
    this.events.length = 0;
    kept.reader = this;
  }
}
