/**
 * The history rules of `POST /responses`. DeepSeek keeps no state (`store` is always false), so
 * every request replays the whole conversation, and the replay must follow its rules:
 *
 * - a turn's function calls go together, followed by all their outputs in the same order: an
 *   item between two calls splits them, and the API answers 400 "No tool output found for tool
 *   call …" (calls, then outputs, then the next message is the order recorded as accepted);
 * - a `reasoning` item is merged into the assistant message next to it, so it goes before the
 *   message or calls of its turn, never after them;
 * - a `web_search_call` is replayed with the `action` it came back with (the server restores
 *   the results from its id, and rejects the item without `action`);
 * - only what DeepSeek reads is sent (`status`, `phase`, `annotations`, `logprobs` and
 *   `encrypted_content` are dropped), and the same response always gives the same items, so the
 *   cached prefix of the conversation stays put from one turn to the next.
 */
import { DeepSeekError } from './errors';
import type {
  ResponseInputCustomToolCall,
  ResponseInputCustomToolCallOutput,
  ResponseInputFunctionCall,
  ResponseInputFunctionCallOutput,
  ResponseInputItem,
  ResponseObject,
  ResponseToolOutput,
} from './responses-types';

/**
 * The results of a turn's tool calls, by `call_id`: a string, or content parts (`input_text`,
 * `input_image`). A `Map` or a plain object.
 */
export type ToolOutputs = ReadonlyMap<string, ResponseToolOutput> | Readonly<Record<string, ResponseToolOutput>>;

/**
 * Turns a finished response, and the outputs of the tool calls it made, into the input items
 * to append to the conversation for the next request. The response's reasoning, messages and
 * web searches come first in their order, then every function (and custom tool) call, then
 * their outputs in the same order, as DeepSeek requires.
 *
 * Throws `DeepSeekError` before anything is sent when a call has no output (the API would
 * answer 400), when an output names no call of the response, or when a call id is empty or
 * repeated.
 *
 * @example
 * ```ts
 * const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Hangzhou and Shanghai?' }];
 * let response = await client.responses.create({ model: 'deepseek-flash', input, tools });
 * while (functionCalls(response).length > 0) {
 *   const outputs: Record<string, string> = {};
 *   for (const call of functionCalls(response)) outputs[call.call_id] = await runTool(call.name, call.arguments);
 *   input.push(...toInputItems(response, outputs));
 *   response = await client.responses.create({ model: 'deepseek-flash', input, tools });
 * }
 * input.push(...toInputItems(response), { role: 'user', content: 'Thanks! And tomorrow?' });
 * ```
 */
export function toInputItems(response: Pick<ResponseObject, 'output'>, toolOutputs: ToolOutputs = {}): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  const calls: (ResponseInputFunctionCall | ResponseInputCustomToolCall)[] = [];
  const outputs: (ResponseInputFunctionCallOutput | ResponseInputCustomToolCallOutput)[] = [];
  const answered = new Set<string>();
  for (const item of response.output) {
    switch (item.type) {
      case 'reasoning':
        items.push({ type: 'reasoning', id: item.id, summary: [], content: item.content.map(({ text }) => ({ type: 'reasoning_text', text })) });
        break;
      case 'message':
        items.push({ type: 'message', role: 'assistant', content: item.content.map(({ text }) => ({ type: 'output_text', text })) });
        break;
      case 'web_search_call':
        // A search whose action never arrived cannot be replayed (the API rejects it).
        if (item.action !== undefined) items.push({ type: 'web_search_call', id: item.id, action: item.action });
        break;
      case 'function_call': {
        const output = outputFor(item.call_id, item.name, toolOutputs, answered);
        calls.push({ type: 'function_call', id: item.id, call_id: item.call_id, name: item.name, arguments: item.arguments });
        outputs.push({ type: 'function_call_output', call_id: item.call_id, output });
        break;
      }
      case 'custom_tool_call': {
        const output = outputFor(item.call_id, item.name, toolOutputs, answered);
        calls.push({ type: 'custom_tool_call', ...(item.id === undefined ? {} : { id: item.id }), call_id: item.call_id, name: item.name, input: item.input });
        outputs.push({ type: 'custom_tool_call_output', call_id: item.call_id, output });
        break;
      }
    }
  }
  const unknown = outputIds(toolOutputs).filter((id) => !answered.has(id));
  if (unknown.length > 0) {
    throw new DeepSeekError(`toInputItems(): tool outputs for ${unknown.map((id) => JSON.stringify(id)).join(', ')}, which this response did not call.`);
  }
  return [...items, ...calls, ...outputs];
}

/** The output of one call, checked: every call needs exactly one, under a unique non-empty id. */
function outputFor(callId: string, name: string, toolOutputs: ToolOutputs, answered: Set<string>): ResponseToolOutput {
  if (callId === '') throw new DeepSeekError(`toInputItems(): a call of ${name} has an empty call_id, which cannot be answered.`);
  if (answered.has(callId)) throw new DeepSeekError(`toInputItems(): the call_id ${JSON.stringify(callId)} appears twice in the response.`);
  const output = toolOutputs instanceof Map ? toolOutputs.get(callId) : ownValue(toolOutputs as Readonly<Record<string, ResponseToolOutput>>, callId);
  if (output === undefined) {
    throw new DeepSeekError(
      `toInputItems(): no output for the call ${JSON.stringify(callId)} of ${name}. Every call of a turn needs its output, or the API answers 400 "No tool output found for tool call ${callId}."`,
    );
  }
  answered.add(callId);
  return output;
}

function ownValue(record: Readonly<Record<string, ResponseToolOutput>>, key: string): ResponseToolOutput | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function outputIds(toolOutputs: ToolOutputs): string[] {
  return toolOutputs instanceof Map ? [...toolOutputs.keys()] : Object.keys(toolOutputs);
}
