/**
 * deepseek-fetch: a small, contract-first client for the DeepSeek API. Two styles over one
 * implementation: the `DeepSeek` class (`client.chat.completions.create(...)`), and the
 * functional core (`createChatCompletion(core, ...)`), which a bundler trims to the functions
 * you import. Streaming's byte-level decoder is a separate entry point: `deepseek-fetch/sse`;
 * the raw typed openapi-fetch client is `deepseek-fetch/openapi`.
 *
 * @module deepseek-fetch
 */
export { DeepSeek, ChatCompletions, FimCompletions, Models, Balance, type ResourceClass, type WithResources } from './client';
export { DeepSeekCore, type ClientOptions } from './core';
export { createChatCompletion, createFimCompletion, listModels, retrieveBalance } from './operations';
export { APIPromise, type WithResponse } from './api-promise';
export { ChunkStream, CompletionStream, ChatCompletionStream, TextCompletionStream } from './stream';
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

// The Responses surface (`POST /responses`): opt-in, in its own modules, so a chat-only bundle leaves it out.
export { Responses, createResponse } from './responses';
export { ResponseStream } from './responses-stream';
export { accumulateResponse } from './responses-accumulate';
export { outputText, functionCalls } from './responses-output';
export { toInputItems, type ToolOutputs } from './responses-history';
export type * from './responses-types';
