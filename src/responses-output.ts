/**
 * Reading a response's output (the answer text, the function calls to run), for a response from
 * `responses.create()` or a stream's `finalResponse()`.
 */
import type { ResponseObject, ResponseOutputFunctionCall } from './responses-types';

/**
 * The text of a response's `message` items, their `output_text` parts joined in output order;
 * reasoning is left out. With `text.format` `json_object` or `json_schema`, this is the JSON to
 * parse. `''` when the response has no message (e.g. a turn that only calls functions).
 *
 * @example
 * ```ts
 * const response = await client.responses.create({ model: 'deepseek-flash', input: 'Hi!' });
 * console.log(outputText(response));
 *
 * const weather = await client.responses.create({
 *   model: 'deepseek-flash',
 *   input: 'Weather in Hangzhou, as JSON.',
 *   text: { format: { type: 'json_schema', name: 'weather', schema, strict: true } },
 * });
 * const data = JSON.parse(outputText(weather)) as { location: string; temperature: number };
 * ```
 */
export function outputText(response: Pick<ResponseObject, 'output'>): string {
  let text = '';
  for (const item of response.output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}

/**
 * The function calls of a response, in output order: what to run before the next request.
 * A turn that calls functions ends with status `completed` like any other (there is no
 * `requires_action`), so this is how to tell.
 *
 * @example
 * ```ts
 * for (const call of functionCalls(response)) outputs[call.call_id] = await runTool(call.name, JSON.parse(call.arguments));
 * ```
 */
export function functionCalls(response: Pick<ResponseObject, 'output'>): ResponseOutputFunctionCall[] {
  return response.output.filter((item): item is ResponseOutputFunctionCall => item.type === 'function_call');
}
