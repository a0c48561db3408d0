/**
 * The request and response types, generated from spec/openapi.yaml and re-exported under
 * stable names. Only `model` is refined: the spec keeps it an open string, and here it
 * also autocompletes the known ids.
 */
import type * as G from '../generated/deepseek';

/** Model ids known when this version was released, newest first (see `ChatModel` in the spec). */
export const chatModels = [
  'deepseek-flash',
  'deepseek-v4-pro',
  'deepseek-v4-flash',
  'deepseek-v4-flash-vision-exp',
  'deepseek-chat',
  'deepseek-reasoner',
] as const;

/** A known model id. */
export type KnownChatModel = (typeof chatModels)[number];

/** A model id: a known one (autocompleted) or any other string, since DeepSeek adds and aliases models often. */
export type ChatModel = KnownChatModel | (string & {});

/** Parameters of `client.chat.completions.create()`. Unknown extra fields are sent as they are. */
export type ChatCompletionCreateParams = Omit<G.ChatCompletionRequest, 'model'> & { model: ChatModel };
/** Parameters of a streamed chat completion. */
export type ChatCompletionCreateParamsStreaming = ChatCompletionCreateParams & { stream: true };
/** Parameters of a chat completion answered in one JSON body. */
export type ChatCompletionCreateParamsNonStreaming = ChatCompletionCreateParams & { stream?: false | null | undefined };

/** Parameters of `client.fim.completions.create()` (FIM, beta). */
export type FimCompletionCreateParams = Omit<G.FimCompletionRequest, 'model'> & { model: ChatModel };
/** Parameters of a streamed FIM completion. */
export type FimCompletionCreateParamsStreaming = FimCompletionCreateParams & { stream: true };
/** Parameters of a FIM completion answered in one JSON body. */
export type FimCompletionCreateParamsNonStreaming = FimCompletionCreateParams & { stream?: false | null | undefined };

export type ChatMessage = G.ChatMessage;
export type SystemMessage = G.SystemMessage;
export type UserMessage = G.UserMessage;
export type AssistantMessage = G.AssistantMessage;
export type ToolMessage = G.ToolMessage;
export type ContentPart = G.ContentPart;
export type TextContentPart = G.TextContentPart;
export type ImageContentPart = G.ImageContentPart;
export type FileContentPart = G.FileContentPart;
export type Tool = G.Tool;
export type FunctionDefinition = G.FunctionDefinition;
export type ToolChoice = G.ToolChoice;
export type ToolCall = G.ToolCall;
export type ThinkingOptions = G.ThinkingOptions;
export type ReasoningEffort = G.ReasoningEffort;
export type ResponseFormat = G.ResponseFormat;
export type StreamOptions = G.StreamOptions;

export type ChatCompletion = G.ChatCompletion;
export type ChatCompletionChoice = G.ChatCompletionChoice;
export type ChatCompletionMessage = G.ChatCompletionMessage;
export type ChatCompletionChunk = G.ChatCompletionChunk;
export type ChatCompletionChunkChoice = G.ChatCompletionChunkChoice;
export type ChatCompletionDelta = G.ChatCompletionDelta;
export type ToolCallDelta = G.ToolCallDelta;
export type ChatLogprobs = G.ChatLogprobs;
export type TokenLogprob = G.TokenLogprob;
export type FinishReason = G.FinishReason;
export type Usage = G.Usage;

export type TextCompletion = G.TextCompletion;
export type TextCompletionChoice = G.TextCompletionChoice;
export type TextCompletionChunk = G.TextCompletionChunk;
export type TextLogprobs = G.TextLogprobs;

export type ModelList = G.ModelList;
export type Model = G.Model;
export type UserBalance = G.UserBalance;
export type BalanceInfo = G.BalanceInfo;
export type ErrorResponse = G.ErrorResponse;

/** A stored file (`POST /files`, `GET /files/{file_id}`): its `id` goes into chat messages. */
export type FileObject = G.FileObject;
/** One page of `GET /files`, as the API sends it. */
export type FileObjectList = G.FileObjectList;
/** The result of `DELETE /files/{file_id}`. */
export type FileDeleted = G.FileDeleted;
/** Query parameters of `files.list()` / `listFiles()`: `after` (a file id cursor), `limit` (1-1000), `order`, `purpose`. */
export type FileListParams = NonNullable<G.operations['listFiles']['parameters']['query']>;
