/**
 * The stream contract of `POST /responses` (DeepSeek's dialect of OpenAI's Responses events):
 * named events whose JSON payload carries its own `type` and an increasing `sequence_number`,
 * ending after one terminal event and never with `data: [DONE]`. What each ending means:
 *
 * - `response.completed`, `response.incomplete`: delivered, then the stream ends successfully
 *   (an incomplete response was cut by `max_output_tokens` or a content filter; not an error);
 * - `response.failed`, `error`: the stream fails with an `APIError` carrying the server's message;
 * - the body ends before any of them: `StreamError` kind `incomplete`.
 *
 * Events are told apart by the payload's `type`, not by the SSE `event:` name: they are equal
 * on the wire, but a proxy or a recorder may drop `event:`. An event type the SDK does not know
 * is delivered as a {@link ResponseUnknownStreamEvent} and neither ends nor fails the stream; a
 * known type without the fields it must have is a broken contract (`StreamError` `malformed`).
 */
import { APIError, StreamError } from './errors';
import type { EventProtocol } from './event-reader';
import { hasKind, isIndex, knownEventFields } from './responses-events';
import type { ResponseStreamEvent, ResponseUnknownStreamEvent } from './responses-types';
import type { ServerSentEvent } from './sse/decoder';

/** The events of one `POST /responses` stream; see the module comment. */
export class ResponseEventProtocol implements EventProtocol<ResponseStreamEvent> {
  ended = false;
  /** The last `sequence_number` seen; each must be greater than the one before. */
  #sequence = -1;
  /**
   * @internal The last text delta: a finished stream's protocol is kept until the next stream ends (see
   * EventReader's #finish), and with it this small object, whose hidden class the hot path's
   * optimized code depends on.
   */
  keptDelta: unknown;

  item(event: ServerSentEvent, redact: (text: string) => string): ResponseStreamEvent | undefined {
    const data = event.data;
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      // An `event: error` whose data is plain text is still the server reporting an error.
      if (event.type === 'error') throw APIError.from({ status: undefined, body: redact(data), fallbackMessage: errorEventFallback });
      // Fixed messages and no cause: the payload (and JSON.parse's excerpt of it) stays out of errors and logs.
      if (data === '[DONE]') throw new StreamError('incomplete', 'The stream sent data: [DONE] before a terminal event (response.completed, response.incomplete, response.failed or error); the response may be truncated.');
      throw new StreamError('malformed', 'A stream event was not valid JSON; the stream was stopped.');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new StreamError('malformed', 'A stream event was not a JSON object; the stream was stopped.');
    }
    const payload = value as Record<string, unknown>;
    const type = payload.type;
    if (typeof type !== 'string') {
      // Chat's in-band error shape (`{"error": {...}}`, or an `event: error`) from a gateway is still an error.
      if (event.type === 'error' || (typeof payload.error === 'object' && payload.error !== null)) {
        throw APIError.from({ status: undefined, body: JSON.parse(redact(data)), fallbackMessage: errorEventFallback });
      }
      throw new StreamError('malformed', 'A stream event had no string type; the stream was stopped.');
    }
    // An error is reported as one whatever else its payload holds (or lacks).
    if (type === 'response.failed' || type === 'error') throw failure(JSON.parse(redact(data)) as Record<string, unknown>);

    const sequence = payload.sequence_number;
    // The common event first, with the same checks as its line in the table (responses-events.ts)
    // made by name: nearly every event is a text delta, and property reads by a variable name
    // cost more than the rest of the checks together.
    if (
      (type === 'response.output_text.delta' || type === 'response.reasoning_text.delta') &&
      typeof sequence === 'number' &&
      sequence > this.#sequence &&
      typeof payload.delta === 'string' &&
      typeof payload.item_id === 'string' &&
      isIndex(payload.output_index) &&
      isIndex(payload.content_index)
    ) {
      this.#sequence = sequence;
      this.keptDelta = payload;
      return payload as ResponseStreamEvent;
    }
    const fields = knownEventFields(type);
    if (fields === undefined) {
      if (typeof sequence === 'number') this.#advance(sequence, type);
      const unknown: ResponseUnknownStreamEvent = { type: 'unknown', eventType: type, data: payload };
      if (typeof sequence === 'number') unknown.sequence_number = sequence;
      return unknown;
    }
    if (typeof sequence !== 'number') throw new StreamError('malformed', `A ${type} event had no sequence_number; the stream was stopped.`);
    this.#advance(sequence, type);
    for (const [name, kind] of fields) {
      if (!hasKind(payload[name], kind)) throw new StreamError('malformed', `A ${type} event had no valid ${name}; the stream was stopped.`);
    }
    if (type === 'response.completed' || type === 'response.incomplete') this.ended = true;
    return payload as ResponseStreamEvent;
  }

  incomplete(dataEvents: number): StreamError {
    return new StreamError(
      'incomplete',
      dataEvents === 0
        ? 'The stream ended before any event and without a terminal event (response.completed, response.incomplete, response.failed or error).'
        : `The stream ended after ${dataEvents} events without a terminal event (response.completed, response.incomplete, response.failed or error); the response may be truncated.`,
    );
  }

  /**
   * Events count up from 0 in every recording; a gap is tolerated (nothing documents
   * retransmission), a repeat or a step back means events were replayed or reordered.
   */
  #advance(sequence: number, type: string): void {
    if (!(sequence > this.#sequence)) {
      throw new StreamError('malformed', `A ${type} event had sequence_number ${sequence} after ${this.#sequence}; the stream was stopped.`);
    }
    this.#sequence = sequence;
  }
}

const errorEventFallback = 'The server reported an error event without a message.';

/**
 * The error for `response.failed` (body `{ error, response }`: the failed response's `error`
 * and the response itself, partial `output` included) or for an `error` event (body `{ error }`
 * with its `message`, `code` and `param`).
 */
function failure(payload: Record<string, unknown>): APIError {
  if (payload.type === 'response.failed') {
    const response = payload.response as { error?: unknown } | null | undefined;
    const error = typeof response === 'object' && response !== null ? response.error : undefined;
    return APIError.from({ status: undefined, body: { error, response }, fallbackMessage: 'The response failed (response.failed) without an error message.' });
  }
  const { message, code, param } = payload;
  return APIError.from({ status: undefined, body: { error: { message, code, param } }, fallbackMessage: errorEventFallback });
}
