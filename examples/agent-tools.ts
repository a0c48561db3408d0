/**
 * An agent with typed tools: `runTools()` asks the model, runs the tools it calls (in parallel,
 * arguments validated by the zod schema), sends the results back and repeats until it answers,
 * keeping each turn's reasoning as DeepSeek's thinking mode requires. The run streams events:
 * reasoning dimmed, the answer, each tool call and result, then usage over all steps.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/agent-tools.ts "Do I need an umbrella in Hangzhou today?"
 */
import { DeepSeek, ToolkitChat, tool } from 'deepseek-fetch';
import { z } from 'zod';

// The toolkit is opt-in: `with()` swaps in a chat resource whose completions also have
// runTools() and parse(); create() and the other resources are unchanged.
const client = new DeepSeek().with({ chat: ToolkitChat });
const question = process.argv[2] ?? "What's the weather in Hangzhou? Should I take an umbrella?";

const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather in a city.',
  parameters: z.object({ city: z.string().describe('City name, e.g. Hangzhou') }),
  // `city` is a string here: the type comes from the schema, and the loop validated the
  // model's arguments before calling. A throw would go back to the model as an error result.
  execute: async ({ city }, { signal }) => {
    signal.throwIfAborted();
    return { city, condition: 'light rain', celsius: 18 };
  },
});

const dim = (text: string): string => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);
const controller = new AbortController();
process.once('SIGINT', () => controller.abort()); // Ctrl-C stops the request and the tools

const run = client.chat.completions.runTools(
  {
    model: 'deepseek-flash',
    messages: [{ role: 'user', content: question }],
    tools: [getWeather],
    thinking: { type: 'enabled' },
    stream: true,
    maxSteps: 5, // a model can keep calling tools; the default cap is 10 requests
    // Test hook, not needed in your code: the Prism mock used in CI ignores the conversation,
    // so each step asks for the recorded example that fits it (a tool call, then an answer).
    ...(process.env.DEEPSEEK_EXAMPLES_MOCK
      ? { stepOptions: (step: number) => ({ headers: { prefer: `example=${step === 1 ? 'stream_tool_calls' : 'stream_thinking'}` } }) }
      : {}),
  },
  { signal: controller.signal, idleTimeout: 60_000 },
);

for await (const event of run) {
  switch (event.type) {
    case 'step_start':
      console.log(`--- step ${event.step}`);
      break;
    case 'reasoning_delta':
      process.stdout.write(dim(event.delta));
      break;
    case 'text_delta':
      process.stdout.write(event.delta);
      break;
    case 'tool_call':
      console.log(`\ntool ${event.toolCall.function.name}(${event.toolCall.function.arguments})`);
      break;
    case 'tool_result':
      console.log(`  -> ${event.result.content}${event.result.status === 'ok' ? '' : ` (${event.result.status})`}`);
      break;
    case 'final': {
      const { steps, usage, stopReason, messages } = event.result;
      console.log(`\n--- stopped: ${stopReason} after ${steps.length} steps, ${messages.length} messages to continue from`);
      console.log(
        `usage: ${usage.prompt_tokens} prompt (${usage.prompt_cache_hit_tokens} from cache), ` +
          `${usage.completion_tokens} completion (${usage.completion_tokens_details?.reasoning_tokens ?? 0} reasoning)`,
      );
      if (stopReason !== 'done') process.exitCode = 1;
    }
  }
}
