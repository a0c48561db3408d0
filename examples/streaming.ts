/**
 * Stream a thinking-mode answer to the terminal: the reasoning dimmed as it arrives, then the
 * answer, then the finish reason and token usage.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/streaming.ts "Why is the sky blue?"
 */
import { DeepSeek } from 'deepseek-fetch';

const client = new DeepSeek();
const question = process.argv[2] ?? 'How many r are in "strawberry"? Answer in one sentence.';

// Escape codes only on a terminal, so piped output stays plain text.
const dim = (text: string): string => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);

const stream = await client.chat.completions.create(
  {
    model: 'deepseek-flash',
    messages: [{ role: 'user', content: question }],
    thinking: { type: 'enabled' },
    stream: true,
  },
  {
    // A stream that goes silent for a minute is stuck; the default waits 10 minutes.
    idleTimeout: 60_000,
    // Test hook, not needed in your code: CI runs this against a Prism mock of the API, which
    // ignores the request and serves its first example unless asked for a specific one.
    ...(process.env.DEEPSEEK_EXAMPLES_MOCK ? { headers: { prefer: 'example=stream_thinking' } } : {}),
  },
);

let answering = false;
for await (const chunk of stream) {
  const delta = chunk.choices[0]?.delta;
  // Reasoning always streams before the answer, so one flag is enough to separate them.
  if (delta?.reasoning_content) process.stdout.write(dim(delta.reasoning_content));
  if (delta?.content) {
    if (!answering) process.stdout.write('\n\n');
    answering = true;
    process.stdout.write(delta.content);
  }
}

// The loop already read every chunk; finalCompletion() returns what they add up to, and throws
// if the stream broke (e.g. ended without data: [DONE]), so a truncated answer is never mistaken
// for a complete one.
const completion = await stream.finalCompletion();
const usage = completion.usage;
console.log(`\n\nfinish_reason: ${completion.choices[0]?.finish_reason ?? 'unknown'}`);
if (usage) {
  console.log(
    `usage: ${usage.prompt_tokens} prompt (${usage.prompt_cache_hit_tokens} cached), ` +
      `${usage.completion_tokens} completion (${usage.completion_tokens_details?.reasoning_tokens ?? 0} reasoning)`,
  );
}
