/**
 * One chat completion: print the answer and what it cost in tokens.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/chat.ts
 */
import { DeepSeek } from 'deepseek-fetch';

// Reads DEEPSEEK_API_KEY (and DEEPSEEK_BASE_URL, if set) from the environment.
const client = new DeepSeek();

// .withResponse() also gives the trace id, worth logging: DeepSeek support asks for it.
const { data: completion, traceId } = await client.chat.completions
  .create({
    model: 'deepseek-flash',
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'Say hello in one short sentence.' },
    ],
  })
  .withResponse();

const choice = completion.choices[0];
if (!choice) throw new Error('The API returned no choices.');
console.log(choice.message.content);

// Cache hits are billed at a fraction of the price of misses: a stable prompt prefix
// (system prompt, few-shot examples) across requests is what makes them hit.
const usage = completion.usage;
if (usage) {
  console.log(
    `\nmodel ${completion.model}, finish_reason ${choice.finish_reason}` +
      `\nprompt ${usage.prompt_tokens} tokens (cache hit ${usage.prompt_cache_hit_tokens}, miss ${usage.prompt_cache_miss_tokens})` +
      `, completion ${usage.completion_tokens}, total ${usage.total_tokens}` +
      `\ntrace id ${traceId ?? 'n/a'}`,
  );
}
