/**
 * The stream `responses.create({ stream: true })` resolves to: the events of a `POST /responses`
 * stream, typed and checked (responses-protocol.ts), read through the same event reader as chat
 * (idle watchdog, abort, failures after every earlier event), and folded into the final
 * response as they pass (responses-accumulate.ts).
 */
import { APIUserAbortError, DeepSeekError } from './errors';
import { EventReader, type ItemIterator, type StreamSettings } from './event-reader';
import { ResponseAccumulator } from './responses-accumulate';
import { outputText } from './responses-output';
import { ResponseEventProtocol } from './responses-protocol';
import type { ResponseObject, ResponseStreamEvent } from './responses-types';
import { teeItems, toNdjsonStream } from './stream-adapters';
import type { StreamResult } from './transport';

/**
 * A streamed response: iterate its events once with `for await` (`event.type` narrows each
 * one), or call `finalResponse()` / `outputText()`. The stream ends after `response.completed`
 * or `response.incomplete`; `response.failed` and `error` events reject with an `APIError`, a
 * body that ends before either with `StreamError` kind `incomplete`, always after every event
 * that arrived before. Use `tee()` for two consumers.
 *
 * @example
 * ```ts
 * const stream = await client.responses.create({ model: 'deepseek-flash', input: 'Hi!', stream: true });
 * for await (const event of stream) {
 *   if (event.type === 'response.reasoning_text.delta') process.stderr.write(event.delta);
 *   if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
 * }
 * const response = await stream.finalResponse(); // usage, every item, checked against the deltas
 * ```
 */
export class ResponseStream implements AsyncIterable<ResponseStreamEvent> {
  /** The HTTP response (headers are available; the body is read by the stream). Not the model's response: see `finalResponse()`. */
  readonly response: Response;
  readonly #iterator: ItemIterator<ResponseStreamEvent>;
  readonly #accumulator: ResponseAccumulator;
  /** Iteration, `finalResponse()` or `tee()` has claimed the stream. */
  #started = false;
  #final: Promise<ResponseObject> | undefined;

  /** @internal Built by the client; `iterator` feeds `accumulator` with every event it delivers. */
  constructor(response: Response, iterator: ItemIterator<ResponseStreamEvent>, accumulator: ResponseAccumulator) {
    this.response = response;
    this.#iterator = iterator;
    this.#accumulator = accumulator;
  }

  /** @internal Wraps a streaming response of `POST /responses`. */
  static create(result: StreamResult, settings: StreamSettings): ResponseStream {
    const accumulator = new ResponseAccumulator();
    return new ResponseStream(result.response, new EventReader(result, settings, new ResponseEventProtocol(), accumulator), accumulator);
  }

  /**
   * Iterates the events. Ends after the terminal event (which is delivered); `break` ends
   * quietly and cancels the request; a failure is thrown after every event before it.
   */
  [Symbol.asyncIterator](): AsyncIterator<ResponseStreamEvent> {
    this.#claim();
    return this.#iterator;
  }

  /** Ends the stream quietly and cancels the HTTP request. */
  abort(): void {
    this.#iterator.cancel();
  }

  /**
   * The events as a byte stream of newline-delimited JSON, e.g. to send from a server route to
   * a browser. Cancelling it cancels the request.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    return toNdjsonStream(this[Symbol.asyncIterator]());
  }

  /**
   * Reads whatever is left of the stream (all of it if nothing was iterated yet) and resolves to
   * the response of its terminal event (`status` `completed`, or `incomplete` with
   * `incomplete_details.reason`), once the deltas are checked to add up to its every item.
   * Rejects with the stream's failure; with `StreamError` kind `inconsistent` if the events
   * disagree with the response; with `APIUserAbortError` if it was cancelled first.
   */
  finalResponse(): Promise<ResponseObject> {
    this.#final ??= this.#drain();
    return this.#final;
  }

  /** The text of the final response's messages (reasoning left out): `outputText(await stream.finalResponse())`. */
  async outputText(): Promise<string> {
    return outputText(await this.finalResponse());
  }

  /**
   * Splits the stream into two independent streams of the same events, each with its own
   * `finalResponse()`. Call it before iterating. The request is cancelled once both are done.
   */
  tee(): [ResponseStream, ResponseStream] {
    this.#claim();
    const accumulators = [new ResponseAccumulator(), new ResponseAccumulator()] as const;
    const [left, right] = teeItems(this.#iterator, accumulators);
    return [new ResponseStream(this.response, left, accumulators[0]), new ResponseStream(this.response, right, accumulators[1])];
  }

  #claim(): void {
    if (this.#started) throw new DeepSeekError('This stream has already been consumed; use tee() to read it twice.');
    this.#started = true;
  }

  async #drain(): Promise<ResponseObject> {
    const iterator = this.#iterator;
    this.#started = true;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
    }
    const outcome = iterator.outcome;
    if (outcome?.kind === 'complete') return this.#accumulator.result();
    if (outcome?.kind === 'failed') throw outcome.error;
    throw new APIUserAbortError('The stream was cancelled (abort(), break or return()) before its terminal event.');
  }
}
