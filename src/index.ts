/**
 * deepseek-fetch: a small, contract-first client for the DeepSeek API. Two styles over one
 * implementation: the `DeepSeek` class (`client.chat.completions.create(...)`), and the
 * functional core (`createChatCompletion(core, ...)`), which a bundler trims to the functions
 * you import. The Files API (uploads for vision models) is opt-in: `client.with({ files: Files })`
 * or `uploadFile(core, ...)` and its siblings. Streaming's byte-level decoder is a separate
 * entry point: `deepseek-fetch/sse`; the raw typed openapi-fetch client is `deepseek-fetch/openapi`.
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
// The Files API and vision inputs (opt-in: `client.with({ files: Files })` or the functions).
export { Files } from './files/resource';
export { uploadFile, listFiles, retrieveFile, deleteFile } from './files/operations';
export { FilePage, type FilePagePromise } from './files/page';
export { toFile, UploadFile, type Uploadable, type ToFileInput, type ToFileOptions, type ReadStreamLike } from './files/to-file';
export { imagePart, type ImagePartOptions, type ImageDetail, type ImageURL } from './files/image-part';
export { FileUploadError, type FileUploadErrorReason } from './files/errors';
export { fileLimits, type ImageType } from './files/limits';
export type { FileCreateParams } from './files/upload-body';
export type { ExpiresAfter } from './files/preflight';
export type { Logger, LogLevel } from './log';
export { chatModels } from './types';
export type * from './types';

// The agent toolkit (src/toolkit): typed tools, the tool loop, structured output. Opt-in:
// `client.with({ chat: ToolkitChat })` or the functions over a DeepSeekCore.
export { ToolkitChat, ToolkitChatCompletions } from './toolkit/chat';
export { tool, type RunnableTool, type ToolOptions, type ToolContext, type InferToolArguments } from './toolkit/tool';
export { runTools, ToolRunStream } from './toolkit/run-tools';
export {
  hasToolCall,
  type RunToolsParams,
  type RunToolsParamsStreaming,
  type RunToolsParamsNonStreaming,
  type ToolRunControls,
  type ToolRunEvent,
  type ToolRunResult,
  type ToolRunStep,
  type ToolRunState,
  type ToolRunStopReason,
  type ToolResult,
  type ToolFailure,
  type StopCondition,
  type ApprovalHook,
  type ApprovalRequest,
} from './toolkit/run-types';
export { parseChatCompletion, type ParseChatCompletionParams, type ParsedChatCompletion } from './toolkit/parse';
export {
  toJSONSchema,
  validateSchema,
  jsonSchema,
  formatIssues,
  issuePointer,
  type JSONSchema,
  type JSONSchemaOptions,
  type SchemaLike,
  type StandardJSONSchema,
  type InferSchemaOutput,
  type SchemaIssue,
  type SchemaResult,
} from './toolkit/schema';
export { strictSchemaProblems, type StrictSchemaProblem } from './toolkit/strict';
export { addUsage, emptyUsage } from './toolkit/usage';
export {
  StrictSchemaError,
  ToolCallError,
  StructuredOutputError,
  type ToolFailureKind,
  type StructuredOutputErrorKind,
} from './toolkit/errors';

// The Responses surface (`POST /responses`): opt-in, in its own modules, so a chat-only bundle leaves it out.
export { createResponse } from './responses';
export { Responses } from './responses-resource';
export {
  parseResponse,
  parseResponseOutput,
  StructuredResponseError,
  type ParseResponseParams,
  type ParsedResponse,
} from './responses-parse';
export { ResponseStream } from './responses-stream';
export { accumulateResponse } from './responses-accumulate';
export { outputText, functionCalls } from './responses-output';
export { toInputItems, type ToolOutputs } from './responses-history';
export type * from './responses-types';
