/**
 * DeepSeek's stream contract for chat and FIM (https://api-docs.deepseek.com/api/create-chat-completion):
 * data-only events, each one JSON chunk, ending with `data: [DONE]`. Errors arrive in band as an
 * `{"error": ...}` object (or an `event: error`) inside a 200 stream. Keep-alive comments never
 * reach this module (the decoder counts them).
 */
import { APIError, StreamError } from './errors';
import type { EventProtocol } from './event-reader';
import type { ServerSentEvent } from './sse/decoder';

/** The chunks of one chat or FIM stream: one per `message` event, until `data: [DONE]`. */
export class ChunkProtocol<Chunk> implements EventProtocol<Chunk> {
  ended = false;

  item(event: ServerSentEvent, redact: (text: string) => string): Chunk | undefined {
    if (event.type !== 'message') {
      if (event.type === 'error') throw inBandError(redact(event.data));
      return undefined; // other event types are not part of the contract: skipped
    }
    const data = event.data;
    if (data === '[DONE]') {
      this.ended = true;
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      // Fixed message and no cause: the payload (and JSON.parse's excerpt of it) stays out of errors and logs.
      throw new StreamError('malformed', 'A stream event was not valid JSON; the stream was stopped.');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new StreamError('malformed', 'A stream event was not a JSON object; the stream was stopped.');
    }
    if ((value as { error?: unknown }).error != null) throw inBandError(redact(data));
    return value as Chunk;
  }

  incomplete(dataEvents: number): StreamError {
    return new StreamError(
      'incomplete',
      dataEvents === 0
        ? 'The stream ended before any event and without data: [DONE].'
        : `The stream ended after ${dataEvents} events without data: [DONE]; the answer may be truncated.`,
    );
  }
}

/** An error the server reported inside a 200 stream: JSON when it parses, else its text. */
function inBandError(text: string): APIError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a text error payload is kept as text
  }
  return APIError.from({ status: undefined, body, fallbackMessage: 'The server reported an error inside the stream.' });
}
