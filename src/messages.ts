/**
 * Multi-turn conversations in thinking mode. DeepSeek's rule since V4: when a turn called a
 * tool, that turn's `reasoning_content` must be sent back in every later request, or the API
 * answers 400 "The `reasoning_content` in the thinking mode must be passed back to the API."
 * (https://api-docs.deepseek.com/guides/thinking_mode). Outside tool turns it is ignored.
 */
import type { AssistantMessage, ChatCompletion, ChatCompletionMessage } from './types';

/** Options of {@link toAssistantMessage}. */
export interface ToAssistantMessageOptions {
  /**
   * `'keep'` (default): send the reasoning back, and an empty one on a tool-call turn that
   * had none, which satisfies today's API. `'drop'`: omit it, for the R1-era rule that
   * rejected reasoning on input (only for gateways still serving that model).
   */
  reasoning?: 'keep' | 'drop';
  /** Which choice to take (default 0). */
  choice?: number;
}

/**
 * Turns a completion (streamed and accumulated, or not) into the assistant message to append
 * to the conversation for the next request, keeping `reasoning_content` where the API needs it.
 *
 * @example
 * ```ts
 * const completion = await client.chat.completions.create({ model, messages, tools });
 * messages.push(toAssistantMessage(completion));
 * for (const call of completion.choices[0].message.tool_calls ?? []) {
 *   messages.push({ role: 'tool', tool_call_id: call.id, content: await run(call) });
 * }
 * ```
 */
export function toAssistantMessage(
  completion: ChatCompletion | ChatCompletionMessage,
  options: ToAssistantMessageOptions = {},
): AssistantMessage {
  const message = 'choices' in completion ? completion.choices[options.choice ?? 0]?.message : completion;
  if (!message) throw new RangeError(`the completion has no choice ${options.choice ?? 0}`);
  const out: AssistantMessage = { role: 'assistant', content: message.content ?? '' };
  const toolCalls = message.tool_calls ?? [];
  if (options.reasoning !== 'drop') {
    if (typeof message.reasoning_content === 'string') out.reasoning_content = message.reasoning_content;
    else if (toolCalls.length > 0) out.reasoning_content = '';
  }
  if (toolCalls.length > 0) {
    out.tool_calls = toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.function.name, arguments: call.function.arguments },
    }));
  }
  return out;
}
