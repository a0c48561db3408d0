// Decodes a `text/event-stream` byte stream into events; knows bytes, lines and fields only (no HTTP,
// no JSON). Implements WHATWG HTML §9.2.5-9.2.6, quoted next to the code that implements each rule:
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
import { StreamError } from '../errors';

/** One dispatched event. */
export interface ServerSentEvent {
  /** The `event:` field, or `'message'` when it was absent or empty. */
  type: string;
  /** The `data:` values joined with LF. */
  data: string;
  /** The last valid `id:` seen on the stream so far (it persists across events), or `''`. */
  lastEventId: string;
}

/** What {@link createSSEDecoder} calls, synchronously, from inside `feed()`. */
export interface SSEDecoderCallbacks {
  /** Called for each dispatched event. */
  onEvent(event: ServerSentEvent): void;
  /** Called with the value of each valid `retry:` field (ASCII digits only, base 10). */
  onRetry?(ms: number): void;
  /** Called once per comment line (a line starting with `:`); its content is never passed or buffered. */
  onComment?(): void;
}

export interface SSEDecoderOptions {
  /**
   * Cap on the current line plus the current event's `data` lines (line ends and comments
   * aside), counted in characters of the decoded text (UTF-16 code units: exactly the bytes for
   * ASCII, never more than the UTF-8 bytes otherwise). Crossing it makes `feed()` throw
   * `StreamError` kind `'size_limit'`, whatever the chunking. Default 16 MiB; `Infinity`
   * disables it.
   */
  maxBufferBytes?: number;
}

/** A push decoder: feed it bytes as they arrive, then call `end()` at the end of the stream. */
export interface SSEDecoder {
  /** Decodes `chunk`; callbacks run before it returns. Throws once the decoder failed or ended. */
  feed(chunk: Uint8Array): void;
  /** End of stream: an event without its final blank line is discarded. */
  end(): void;
}

/** Decoder options plus `onRetry` and `onComment` (called for DeepSeek's `: keep-alive` comments, for example). */
export interface DecodeServerSentEventsOptions
  extends SSEDecoderOptions, Pick<SSEDecoderCallbacks, 'onRetry' | 'onComment'> {}

const LF = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
const LOWER_D = 0x64;
const LOWER_E = 0x65;
const BOM = 0xfeff;

/**
 * Creates a push decoder that turns UTF-8 bytes into {@link ServerSentEvent}s.
 * @example
 * const decoder = createSSEDecoder({ onEvent: (event) => console.log(event.data) });
 * decoder.feed(new TextEncoder().encode('data: hello\n\n')); // logs "hello"
 */
export function createSSEDecoder(callbacks: SSEDecoderCallbacks, options: SSEDecoderOptions = {}): SSEDecoder {
  const maxBufferBytes = options.maxBufferBytes ?? 16 * 1024 * 1024;
  if (typeof maxBufferBytes !== 'number' || !(maxBufferBytes >= 0)) {
    throw new RangeError('maxBufferBytes must be a non-negative number or Infinity.');
  }
  return new Decoder(callbacks, maxBufferBytes);
}

// A class rather than closures: every decoder shares the same methods, so the JIT's optimized
// code (specialized on call targets) stays valid from one stream to the next.
class Decoder implements SSEDecoder {
  readonly #callbacks: SSEDecoderCallbacks;
  readonly #max: number;
  // Each chunk is decoded once, as a stream (a character may be cut between chunks), and lines
  // are cut from the text: one decode per read, not one per line. `ignoreBOM` keeps every
  // U+FEFF, so exactly one leading BOM is stripped, here, whatever the chunking.
  readonly #utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

  // "When a stream is parsed, a data buffer, an event type buffer, and a last event ID buffer must
  // be associated with it. They must be initialized to the empty string." Here `#data` is the data
  // buffer without its final LF, undefined while the buffer is empty; `#dataSize` counts its lines.
  #data: string | undefined = undefined;
  #dataSize = 0;
  #eventType = '';
  #lastEventId = '';

  #started = false; // the first character has been seen (and a leading BOM dropped)
  #pendingCR = false; // a CR ended the last chunk, so an LF starting the next one completes a CRLF
  #inComment = false; // the incomplete line is a comment: its text is skipped, never kept
  // The incomplete line, as pieces joined when it ends (and now and then before, see #keep).
  #parts: string[] = [];
  #partsSize = 0;
  #joinedSize = 0;
  #state: 'open' | 'failed' | 'ended' = 'open';

  constructor(callbacks: SSEDecoderCallbacks, max: number) {
    this.#callbacks = callbacks;
    this.#max = max;
  }

  feed(chunk: Uint8Array): void {
    if (this.#state === 'failed') throw this.#sizeLimitError();
    if (this.#state === 'ended') throw new Error('SSEDecoder.feed() was called after end().');
    let text = this.#utf8.decode(chunk, { stream: true });
    if (!this.#started) {
      if (text === '') return; // perhaps the first bytes of a BOM, held by the text decoder
      this.#started = true;
      // "The UTF-8 decode algorithm strips one leading UTF-8 Byte Order Mark (BOM), if any."
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    this.#scan(text);
  }

  end(): void {
    if (this.#state === 'failed') throw this.#sizeLimitError();
    // "Once the end of the file is reached, any pending data must be discarded. (If the file ends
    // in the middle of an event, before the final empty line, the incomplete event is not dispatched.)"
    this.#state = 'ended';
    this.#parts = [];
    this.#data = undefined;
  }

  #sizeLimitError(): StreamError {
    return new StreamError('size_limit', `A server-sent event or line exceeded maxBufferBytes (${this.#max} bytes).`);
  }

  #fail(): never {
    this.#state = 'failed';
    this.#parts = [];
    this.#data = undefined;
    throw this.#sizeLimitError();
  }

  #dispatch(): void {
    // 1. "Set the last event ID string of the event source to the value of the last event ID
    // buffer. The buffer does not get reset": `#lastEventId` is that buffer, read by each event.
    // 2. "If the data buffer is an empty string, set the data buffer and the event type buffer to
    // the empty string and return." 3. "If the data buffer's last character is a U+000A LINE FEED
    // (LF) character, then remove the last character from the data buffer": `#data` never holds it.
    // 5-6. The type is "message" unless "the event type buffer has a value other than the empty string".
    const data = this.#data;
    const event = data === undefined ? undefined : { type: this.#eventType || 'message', data, lastEventId: this.#lastEventId };
    // 7. "Set the data buffer and the event type buffer to the empty string."
    this.#data = undefined;
    this.#dataSize = 0;
    this.#eventType = '';
    if (event) this.#callbacks.onEvent(event);
  }

  // "Append the field value to the data buffer, then append a single U+000A LINE FEED (LF) character
  // to the data buffer."
  #appendData(value: string, lineSize: number): void {
    this.#dataSize += lineSize;
    this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
  }

  /** Processes one complete line, without its line end. */
  #line(text: string): void {
    const size = text.length;
    // "If the line is empty (a blank line): Dispatch the event"
    if (size === 0) return this.#dispatch();
    const first = text.charCodeAt(0);
    // "If the line starts with a U+003A COLON character (:): Ignore the line."
    if (first === COLON) return this.#callbacks.onComment?.();
    // Whole lines are counted, so the cap's verdict and the events before it do not depend on chunking.
    if (size + this.#dataSize > this.#max) this.#fail();
    // "If the line contains a U+003A COLON character (:): Collect the characters on the line before
    // the first U+003A COLON character (:), and let field be that string. Collect the characters on
    // the line after the first U+003A COLON character (:), and let value be that string. If value
    // starts with a U+0020 SPACE character, remove it from value." "Otherwise, [...] using the whole
    // line as the field name, and the empty string as the field value."
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    // "Field names must be compared literally, with no case folding performed."
    switch (field) {
      case 'event': // "Set the event type buffer to field value."
        this.#eventType = value;
        break;
      case 'data':
        this.#appendData(value, size);
        break;
      case 'id':
        // "If the field value does not contain U+0000 NULL, then set the last event ID buffer to the
        // field value. Otherwise, ignore the field."
        if (!value.includes('\0')) this.#lastEventId = value;
        break;
      case 'retry':
        // "If the field value consists of only ASCII digits, then interpret the field value as an
        // integer in base ten, and set the event stream's reconnection time to that integer.
        // Otherwise, ignore the field." An empty value is ignored too.
        if (/^[0-9]+$/.test(value)) this.#callbacks.onRetry?.(Number(value));
        break;
      default: // "Otherwise: The field is ignored."
    }
  }

  /**
   * Adds a piece to the incomplete line. Pieces are joined when as many new characters have
   * arrived as were already joined (so each character is copied a bounded number of times:
   * linear in any chunking), or when there are too many of them (a line arriving byte by byte).
   */
  #keep(piece: string): void {
    this.#parts.push(piece);
    this.#partsSize += piece.length;
    const count = this.#parts.length;
    if (count >= 4096 || (count > 64 && this.#partsSize - this.#joinedSize >= this.#joinedSize)) {
      this.#parts = [this.#parts.join('')];
      this.#joinedSize = this.#partsSize;
    }
  }

  #takeLine(end: string): string {
    const text = this.#parts.join('') + end;
    this.#parts = [];
    this.#partsSize = 0;
    this.#joinedSize = 0;
    return text;
  }

  // Splits the text into lines, "with a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character
  // pair, a single U+000A LINE FEED (LF) character not preceded by a U+000D CARRIAGE RETURN (CR)
  // character, and a single U+000D CARRIAGE RETURN (CR) character not followed by a U+000A LINE
  // FEED (LF) character being the ways in which a line can end."
  #scan(text: string): void {
    const size = text.length;
    let start = 0;
    if (this.#pendingCR && size > 0) {
      // That CR already ended its line (so a CR at EOF counts): an LF here is the rest of a CRLF,
      // not a blank line (test 'a CR at a chunk end followed by LF is one terminator').
      this.#pendingCR = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // The next LF and CR at or after `start`; -1 when none is left, -2 before the first search.
    // Remembering them means no character is searched twice, even in a chunk of many short lines.
    let lf = -2;
    let cr = -2;
    while (start < size) {
      if (lf < start && lf !== -1) lf = text.indexOf('\n', start);
      if (cr < start && cr !== -1) cr = text.indexOf('\r', start);
      const end = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
      if (end === -1) break;
      if (this.#inComment) {
        this.#inComment = false;
        this.#callbacks.onComment?.();
      } else if (this.#parts.length > 0) {
        this.#line(this.#takeLine(text.slice(start, end)));
      } else if (start === end) {
        this.#dispatch(); // a blank line, without slicing
      } else if (text.charCodeAt(start) === COLON) {
        this.#callbacks.onComment?.(); // a comment (DeepSeek's `: keep-alive`), without slicing
      } else if (text.charCodeAt(start) === LOWER_D && text.startsWith('data:', start)) {
        // The hot path (one `data:` line per event): the value is cut straight from the text.
        if (end - start + this.#dataSize > this.#max) this.#fail();
        this.#appendData(text.slice(text.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5, end), end - start);
      } else if (text.charCodeAt(start) === LOWER_E && text.startsWith('event:', start)) {
        // Named events (the Responses stream): "Set the event type buffer to field value."
        if (end - start + this.#dataSize > this.#max) this.#fail();
        this.#eventType = text.slice(text.charCodeAt(start + 6) === SPACE ? start + 7 : start + 6, end);
      } else {
        this.#line(text.slice(start, end));
      }
      start = end + 1;
      if (end === cr) {
        if (start === size) this.#pendingCR = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
    }
    if (start === size || this.#inComment) return;
    // The rest is a line whose end has not arrived yet; a comment's text is not kept.
    if (this.#parts.length === 0 && text.charCodeAt(start) === COLON) {
      this.#inComment = true;
      return;
    }
    if (this.#partsSize + (size - start) + this.#dataSize > this.#max) this.#fail();
    this.#keep(start === 0 ? text : text.slice(start));
  }
}

/**
 * Decodes a byte stream (a `fetch` body or any async iterable of bytes) into events, as in
 * `for await (const event of decodeServerSentEvents(response.body!))`. Stopping early (`break`,
 * `return()`) or a decoding error cancels a `ReadableStream` and releases its lock, or calls
 * `return()` on an async iterator. Errors from the source propagate unchanged.
 */
export async function* decodeServerSentEvents(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: DecodeServerSentEventsOptions = {},
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const queue: ServerSentEvent[] = [];
  const decoder = createSSEDecoder({
    onEvent: (event) => void queue.push(event),
    onRetry: (ms) => options.onRetry?.(ms),
    onComment: () => options.onComment?.(),
  }, options);
  const reader = 'getReader' in body ? body.getReader() : undefined;
  const iterator = 'getReader' in body ? undefined : body[Symbol.asyncIterator]();
  let sourceOpen = false; // true only between reads that succeeded: an ended or failed source needs no cancel
  try {
    for (;;) {
      sourceOpen = false;
      const next: IteratorResult<Uint8Array, unknown> = reader ? await reader.read() : await iterator!.next();
      if (next.done) return decoder.end();
      sourceOpen = true;
      try {
        decoder.feed(next.value);
      } finally {
        // Events completed before a failure in the same chunk are still delivered, then the error.
        for (const event of queue.splice(0)) yield event;
      }
    }
  } finally {
    // A failing cancel() or return() is ignored: the consumer has stopped, and a decoding error wins.
    if (sourceOpen) await (async () => (reader ? reader.cancel() : iterator!.return?.()))().catch(() => undefined);
    reader?.releaseLock();
  }
}
