/**
 * deepseek-fetch: a small, contract-first client for the DeepSeek API.
 * Streaming's byte-level decoder is a separate entry point: `deepseek-fetch/sse`.
 *
 * @module deepseek-fetch
 */
export { DeepSeek, ChatCompletions, FimCompletions, Models, Balance, type ClientOptions } from './client';
export { APIPromise, type WithResponse } from './api-promise';
export { ChatCompletionStream, TextCompletionStream, CompletionStream } from './stream';
export { accumulateChatCompletion, accumulateTextCompletion } from './accumulate';
export { toAssistantMessage, type ToAssistantMessageOptions } from './messages';
export {
  DeepSeekError,
  APIError,
  BadRequestError,
  AuthenticationError,
  InsufficientBalanceError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  StreamError,
  type StreamErrorKind,
} from './errors';
export type { RequestOptions, FetchLike } from './transport';
export type { Logger, LogLevel } from './log';
export { chatModels } from './types';
export type * from './types';
