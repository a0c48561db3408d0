/**
 * The types of `POST /responses`, generated from spec/openapi.yaml and re-exported under stable
 * names. Two refinements: `model` also autocompletes the known ids, and the stream's event union
 * is the one a {@link ResponseStream} delivers: the known events (whose `type` narrows them in a
 * `switch`) and a client-made {@link ResponseUnknownStreamEvent} for types this version does not
 * know. The response object is `ResponseObject`, never `Response`, which is the global of `fetch`.
 */
import type * as G from '../generated/deepseek';
import type { ChatModel } from './types';

/** Parameters of `client.responses.create()`. Unknown extra fields are sent as they are. */
export type ResponseCreateParams = Omit<G.ResponseCreateRequest, 'model'> & { model: ChatModel };
/** Parameters of a streamed response. */
export type ResponseCreateParamsStreaming = ResponseCreateParams & { stream: true };
/** Parameters of a response answered in one JSON body. */
export type ResponseCreateParamsNonStreaming = ResponseCreateParams & { stream?: false | null | undefined };

// Input items and their parts.
/** One item of `input`: a message (`{ role, content }`, with or without `type: 'message'`), or a replayed reasoning, function call, function call output or web search. See `toInputItems()`. */
export type ResponseInputItem = G.ResponseInputItem;
export type ResponseInputShorthandMessage = G.ResponseInputShorthandMessage;
export type ResponseInputMessage = G.ResponseInputMessage;
export type ResponseInputRole = G.ResponseInputRole;
export type ResponseInputMessageContent = G.ResponseInputMessageContent;
export type ResponseInputContentPart = G.ResponseInputContentPart;
export type ResponseInputText = G.ResponseInputText;
export type ResponseInputImage = G.ResponseInputImage;
export type ResponseInputImageUrl = G.ResponseInputImageUrl;
export type ResponseInputImageFile = G.ResponseInputImageFile;
export type ResponseImageDetail = G.ResponseImageDetail;
export type ResponseInputReasoning = G.ResponseInputReasoning;
export type ResponseInputFunctionCall = G.ResponseInputFunctionCall;
export type ResponseInputFunctionCallOutput = G.ResponseInputFunctionCallOutput;
export type ResponseToolOutput = G.ResponseToolOutput;
export type ResponseInputWebSearchCall = G.ResponseInputWebSearchCall;
export type ResponseInputCustomToolCall = G.ResponseInputCustomToolCall;
export type ResponseInputCustomToolCallOutput = G.ResponseInputCustomToolCallOutput;

// Tools and options.
/** A tool the model may use: a function (`{ type: 'function', name, parameters, strict }`), the server-side `web_search`, or Codex's `apply_patch`. */
export type ResponseTool = G.ResponseTool;
export type ResponseFunctionTool = G.ResponseFunctionTool;
export type ResponseWebSearchTool = G.ResponseWebSearchTool;
export type ResponseCustomTool = G.ResponseCustomTool;
export type ResponseToolChoice = G.ResponseToolChoice;
export type ResponseFunctionToolChoice = G.ResponseFunctionToolChoice;
export type ResponseWebSearchToolChoice = G.ResponseWebSearchToolChoice;
export type ResponseReasoningOptions = G.ResponseReasoningOptions;
export type ResponseReasoningEffort = G.ResponseReasoningEffort;
export type ResponseTextOptions = G.ResponseTextOptions;
/** `text.format`: `{ type: 'text' }` (default), `{ type: 'json_object' }`, or `{ type: 'json_schema', name, schema, strict }` for structured output. */
export type ResponseTextFormat = G.ResponseTextFormat;
export type ResponseTextFormatText = G.ResponseTextFormatText;
export type ResponseTextFormatJsonObject = G.ResponseTextFormatJsonObject;
export type ResponseTextFormatJsonSchema = G.ResponseTextFormatJsonSchema;

// The response and its output items.
/** A model response (`object: 'response'`): what `responses.create()` returns, and what a stream's `finalResponse()` resolves to. */
export type ResponseObject = G.ResponseObject;
export type ResponseStatus = G.ResponseStatus;
export type ResponseItemStatus = G.ResponseItemStatus;
export type ResponseError = G.ResponseError;
export type ResponseIncompleteDetails = G.ResponseIncompleteDetails;
/** Token usage; `input_tokens_details.cached_tokens` are the context-cache hits. Only on a finished response (`null` while streaming). */
export type ResponseUsage = G.ResponseUsage;
/** One output item, told apart by `type`: `message`, `reasoning`, `function_call`, `web_search_call` or `custom_tool_call`. */
export type ResponseOutputItem = G.ResponseOutputItem;
export type ResponseOutputMessage = G.ResponseOutputMessage;
export type ResponseOutputText = G.ResponseOutputText;
export type ResponseAnnotation = G.ResponseAnnotation;
export type ResponseLogprob = G.ResponseLogprob;
export type ResponseOutputReasoning = G.ResponseOutputReasoning;
export type ResponseReasoningText = G.ResponseReasoningText;
export type ResponseSummaryText = G.ResponseSummaryText;
export type ResponseOutputFunctionCall = G.ResponseOutputFunctionCall;
export type ResponseOutputWebSearchCall = G.ResponseOutputWebSearchCall;
export type ResponseOutputCustomToolCall = G.ResponseOutputCustomToolCall;
export type ResponseContentPart = G.ResponseContentPart;
export type ResponseWebSearchAction = G.ResponseWebSearchAction;
export type ResponseWebSearchActionSearch = G.ResponseWebSearchActionSearch;
export type ResponseWebSearchActionOpenPage = G.ResponseWebSearchActionOpenPage;
export type ResponseWebSearchActionFindInPage = G.ResponseWebSearchActionFindInPage;
export type ResponseWebSearchActionOther = G.ResponseWebSearchActionOther;

// Stream events.
export type ResponseCreatedEvent = G.ResponseCreatedEvent;
export type ResponseInProgressEvent = G.ResponseInProgressEvent;
export type ResponseCompletedEvent = G.ResponseCompletedEvent;
export type ResponseIncompleteEvent = G.ResponseIncompleteEvent;
export type ResponseFailedEvent = G.ResponseFailedEvent;
export type ResponseOutputItemAddedEvent = G.ResponseOutputItemAddedEvent;
export type ResponseOutputItemDoneEvent = G.ResponseOutputItemDoneEvent;
export type ResponseContentPartAddedEvent = G.ResponseContentPartAddedEvent;
export type ResponseContentPartDoneEvent = G.ResponseContentPartDoneEvent;
export type ResponseOutputTextDeltaEvent = G.ResponseOutputTextDeltaEvent;
export type ResponseOutputTextDoneEvent = G.ResponseOutputTextDoneEvent;
export type ResponseReasoningTextDeltaEvent = G.ResponseReasoningTextDeltaEvent;
export type ResponseReasoningTextDoneEvent = G.ResponseReasoningTextDoneEvent;
export type ResponseFunctionCallArgumentsDeltaEvent = G.ResponseFunctionCallArgumentsDeltaEvent;
export type ResponseFunctionCallArgumentsDoneEvent = G.ResponseFunctionCallArgumentsDoneEvent;
export type ResponseCustomToolCallInputDeltaEvent = G.ResponseCustomToolCallInputDeltaEvent;
export type ResponseCustomToolCallInputDoneEvent = G.ResponseCustomToolCallInputDoneEvent;
export type ResponseWebSearchCallInProgressEvent = G.ResponseWebSearchCallInProgressEvent;
export type ResponseWebSearchCallSearchingEvent = G.ResponseWebSearchCallSearchingEvent;
export type ResponseWebSearchCallCompletedEvent = G.ResponseWebSearchCallCompletedEvent;
export type ResponseErrorEvent = G.ResponseErrorEvent;
/** Every event type the contract lists, `response.failed` and `error` included. */
export type ResponseKnownStreamEvent = G.ResponseKnownStreamEvent;

/**
 * An event whose `type` this version of the SDK does not know (DeepSeek may add some). It is
 * delivered in order and never ends or fails the stream. `type` is the client-made literal
 * `'unknown'`, so a `switch (event.type)` narrows every other case; the server's type is in
 * `eventType`, its payload in `data`.
 */
export interface ResponseUnknownStreamEvent {
  type: 'unknown';
  /** The `type` the server sent. */
  eventType: string;
  /** The server's `sequence_number`, when it sent one. */
  sequence_number?: number;
  /** The event's JSON payload, as sent. */
  data: Record<string, unknown>;
}

/**
 * What a {@link ResponseStream} delivers: every known event except `response.failed` and
 * `error` (those reject the stream with an `APIError` instead), and unknown events.
 *
 * @example
 * ```ts
 * for await (const event of stream) {
 *   switch (event.type) {
 *     case 'response.output_text.delta': process.stdout.write(event.delta); break;
 *     case 'response.completed': console.log(event.response.usage); break;
 *     case 'unknown': console.debug('new event type', event.eventType); break;
 *   }
 * }
 * ```
 */
export type ResponseStreamEvent = Exclude<ResponseKnownStreamEvent, ResponseFailedEvent | ResponseErrorEvent> | ResponseUnknownStreamEvent;
