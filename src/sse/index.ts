/**
 * `deepseek-fetch/sse`: the server-sent-events decoder on its own (bytes in, events out),
 * for callers that bring their own `fetch`.
 *
 * @module deepseek-fetch/sse
 */
export { createSSEDecoder, decodeServerSentEvents } from './decoder';
export type {
  DecodeServerSentEventsOptions,
  ServerSentEvent,
  SSEDecoder,
  SSEDecoderCallbacks,
  SSEDecoderOptions,
} from './decoder';
export { StreamError } from '../errors';
export type { StreamErrorKind } from '../errors';
