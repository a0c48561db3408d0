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
   * Cap in bytes on the current line plus the current event's `data` lines (line ends and comments
   * aside); crossing it makes `feed()` throw `StreamError` kind `'size_limit'`, whatever the
   * chunking. Default 16 MiB; `Infinity` disables it.
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
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const NO_BYTES = new Uint8Array(0);
const KEEP_CARRY_BYTES = 64 * 1024; // a line buffer grown past this is dropped after its line: no pinned memory
const startsWithDataColon = (b: Uint8Array, i: number): boolean =>
  b[i] === 0x64 && b[i + 1] === 0x61 && b[i + 2] === 0x74 && b[i + 3] === 0x61 && b[i + 4] === COLON;

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
  // The BOM is stripped on bytes in feed(), so the text decoder must keep every U+FEFF it sees.
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

  // "When a stream is parsed, a data buffer, an event type buffer, and a last event ID buffer must
  // be associated with it. They must be initialized to the empty string." Here `data` is the data
  // buffer without its final LF, undefined while the buffer is empty.
  let data: string | undefined;
  let dataBytes = 0;
  let eventType = '';
  let lastEventId = '';

  let bomMatched = 0; // leading bytes that matched the BOM so far; -1 once the stream start is decided
  let pendingCR = false; // a CR ended the last chunk, so an LF starting the next one completes a CRLF
  let inComment = false; // the incomplete line is a comment: its bytes are skipped, never buffered
  let carry = NO_BYTES; // the incomplete line, in a buffer that doubles when full (linear in any chunking)
  let carryLength = 0;
  let state: 'open' | 'failed' | 'ended' = 'open';

  const sizeLimitError = () =>
    new StreamError('size_limit', `A server-sent event or line exceeded maxBufferBytes (${maxBufferBytes} bytes).`);

  function close(reason: 'failed' | 'ended'): void {
    [state, carry, carryLength, data] = [reason, NO_BYTES, 0, undefined];
  }

  function fail(): never {
    close('failed');
    throw sizeLimitError();
  }

  const decode = (bytes: Uint8Array, start: number, end: number): string =>
    start === end ? '' : utf8.decode(bytes.subarray(start, end));

  // "If value starts with a U+0020 SPACE character, remove it from value."
  const valueStart = (bytes: Uint8Array, afterColon: number, end: number): number =>
    afterColon < end && bytes[afterColon] === SPACE ? afterColon + 1 : afterColon;

  // "Append the field value to the data buffer, then append a single U+000A LINE FEED (LF) character
  // to the data buffer."
  function appendData(bytes: Uint8Array, start: number, end: number, lineLength: number): void {
    dataBytes += lineLength;
    const value = decode(bytes, start, end);
    data = data === undefined ? value : data + '\n' + value;
  }

  function dispatch(): void {
    // 1. "Set the last event ID string of the event source to the value of the last event ID
    // buffer. The buffer does not get reset": `lastEventId` is that buffer, read by each event.
    // 2. "If the data buffer is an empty string, set the data buffer and the event type buffer to
    // the empty string and return." 3. "If the data buffer's last character is a U+000A LINE FEED
    // (LF) character, then remove the last character from the data buffer": `data` never holds it.
    // 5-6. The type is "message" unless "the event type buffer has a value other than the empty string".
    const event = data === undefined ? undefined : { type: eventType || 'message', data, lastEventId };
    // 7. "Set the data buffer and the event type buffer to the empty string."
    data = undefined;
    dataBytes = 0;
    eventType = '';
    if (event) callbacks.onEvent(event);
  }

  /** Processes one complete line, `bytes[start, end)` without its line end. */
  function line(bytes: Uint8Array, start: number, end: number): void {
    // "If the line is empty (a blank line): Dispatch the event"
    if (start === end) return dispatch();
    const first = bytes[start];
    // "If the line starts with a U+003A COLON character (:): Ignore the line."
    if (first === COLON) return callbacks.onComment?.();
    // Counting whole lines makes the cap's verdict, and the events before it, chunking-independent.
    const length = end - start;
    if (length + dataBytes > maxBufferBytes) fail();
    if (length > 4 && startsWithDataColon(bytes, start)) {
      return appendData(bytes, valueStart(bytes, start + 5, end), end, length); // the common case, first
    }
    // "If the line contains a U+003A COLON character (:): Collect the characters on the line before
    // the first U+003A COLON character (:), and let field be that string. Collect the characters on
    // the line after the first U+003A COLON character (:), and let value be that string."
    // "Otherwise, [...] using the whole line as the field name, and the empty string as the field
    // value." Colon, CR and LF are ASCII, so cutting the bytes equals cutting the decoded text.
    const colon = bytes.subarray(start, end).indexOf(COLON);
    const nameEnd = colon === -1 ? end : start + colon;
    const value = colon === -1 ? end : valueStart(bytes, nameEnd + 1, end);
    // "Field names must be compared literally, with no case folding performed." No known name is
    // longer than 5 bytes, so longer names are not even decoded.
    switch (nameEnd - start <= 5 ? decode(bytes, start, nameEnd) : '') {
      case 'event': // "Set the event type buffer to field value."
        eventType = decode(bytes, value, end);
        break;
      case 'data':
        appendData(bytes, value, end, length);
        break;
      case 'id':
        // "If the field value does not contain U+0000 NULL, then set the last event ID buffer to the
        // field value. Otherwise, ignore the field."
        if (!bytes.subarray(value, end).includes(0)) lastEventId = decode(bytes, value, end);
        break;
      case 'retry': {
        // "If the field value consists of only ASCII digits, then interpret the field value as an
        // integer in base ten, and set the event stream's reconnection time to that integer.
        // Otherwise, ignore the field." An empty value is ignored too.
        const retry = decode(bytes, value, end);
        if (/^[0-9]+$/.test(retry)) callbacks.onRetry?.(Number(retry));
        break;
      }
      default: // "Otherwise: The field is ignored."
    }
  }

  /** Appends `chunk[start, end)` to the incomplete line; returns its new length. */
  function keep(chunk: Uint8Array, start: number, end: number): number {
    const length = carryLength + end - start;
    if (length > carry.length) {
      const grown = new Uint8Array(Math.max(length, carry.length * 2, 256));
      grown.set(carry.subarray(0, carryLength));
      carry = grown;
    }
    carry.set(chunk.subarray(start, end), carryLength);
    return length;
  }

  // Splits `chunk[start..]` into lines, "with a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character
  // pair, a single U+000A LINE FEED (LF) character not preceded by a U+000D CARRIAGE RETURN (CR) character,
  // and a single U+000D CARRIAGE RETURN (CR) character not followed by a U+000A LINE FEED (LF) character
  // being the ways in which a line can end."
  function scan(chunk: Uint8Array, start: number): void {
    const size = chunk.length;
    if (pendingCR && start < size) {
      // That CR already ended its line (so a CR at EOF counts): an LF here is the rest of a CRLF,
      // not a blank line (test 'a CR at a chunk end followed by LF is one terminator').
      pendingCR = false;
      if (chunk[start] === LF) start++;
    }
    // The next LF and CR at or after `start`; -1 when none is left, -2 before the first search.
    // Remembering them means no byte is searched twice, even in a chunk of many short lines.
    let lf = -2;
    let cr = -2;
    while (start < size) {
      if (lf < start && lf !== -1) lf = chunk.indexOf(LF, start);
      if (cr < start && cr !== -1) cr = chunk.indexOf(CR, start);
      const end = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
      if (end === -1) break;
      if (inComment) {
        inComment = false;
        callbacks.onComment?.();
      } else if (carryLength === 0) {
        line(chunk, start, end);
      } else {
        const length = keep(chunk, start, end);
        carryLength = 0;
        line(carry, 0, length);
        if (carry.length > KEEP_CARRY_BYTES) carry = NO_BYTES;
      }
      start = end + 1;
      if (end === cr) {
        if (start === size) pendingCR = true;
        else if (chunk[start] === LF) start++;
      }
    }
    if (start === size || inComment) return;
    // The rest is a line whose end has not arrived yet; a comment's bytes are not kept.
    inComment = carryLength === 0 && chunk[start] === COLON;
    if (inComment) return;
    if (carryLength + size - start + dataBytes > maxBufferBytes) fail();
    carryLength = keep(chunk, start, size);
  }

  return {
    feed(chunk: Uint8Array): void {
      if (state === 'failed') throw sizeLimitError();
      if (state === 'ended') throw new Error('SSEDecoder.feed() was called after end().');
      let start = 0;
      if (bomMatched >= 0) {
        // "The UTF-8 decode algorithm strips one leading UTF-8 Byte Order Mark (BOM), if any."
        // Matched on bytes across chunks, as a BOM may arrive split or after an empty chunk.
        while (start < chunk.length && bomMatched < 3 && chunk[start] === BOM[bomMatched]) {
          start++;
          bomMatched++;
        }
        if (bomMatched < 3 && start === chunk.length) return; // these bytes may still be a BOM
        const text = bomMatched < 3 ? bomMatched : 0; // a BOM prefix that turned out to be text
        bomMatched = -1;
        if (text > 0) scan(BOM.subarray(0, text), 0);
      }
      scan(chunk, start);
    },
    end(): void {
      if (state === 'failed') throw sizeLimitError();
      // "Once the end of the file is reached, any pending data must be discarded. (If the file ends
      // in the middle of an event, before the final empty line, the incomplete event is not dispatched.)"
      close('ended');
    },
  };
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
