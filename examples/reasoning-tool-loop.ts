/**
 * Thinking mode with tools, across turns, written by hand: stream each turn, append the
 * assistant message and the tool results, and ask again until the model answers without calling
 * a tool. This is the low-level path, with nothing but `create()` and `toAssistantMessage()`;
 * `examples/agent-tools.ts` does the same with the toolkit's `runTools()`, which also validates
 * arguments, runs calls in parallel and handles abort.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/reasoning-tool-loop.ts
 */
import { DeepSeek, toAssistantMessage, type ChatMessage, type Tool } from 'deepseek-fetch';

const client = new DeepSeek();

// A fake local tool. The model only sees its name, description and JSON Schema.
function getWeather(args: { city?: unknown }): { city: string; condition: string; celsius: number } {
  if (typeof args.city !== 'string' || args.city === '') throw new Error('"city" must be a non-empty string');
  return { city: args.city, condition: 'light rain', celsius: 18 };
}

const tools: Tool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather in a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];

// Runs one tool call. Failures go back to the model as the tool's result, so it can correct
// itself, instead of ending the conversation: arguments are model-written JSON and may be invalid.
function runTool(name: string, argumentsJson: string): string {
  try {
    if (name !== 'get_weather') throw new Error(`unknown tool ${name}`);
    return JSON.stringify(getWeather(JSON.parse(argumentsJson) as { city?: unknown }));
  } catch (error) {
    return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
  }
}

const dim = (text: string): string => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);
const messages: ChatMessage[] = [{ role: 'user', content: "What's the weather in Hangzhou? Should I take an umbrella?" }];

// A model can keep calling tools forever; a real program caps the turns.
const maxTurns = 5;
let answered = false;

for (let turn = 1; turn <= maxTurns && !answered; turn++) {
  console.log(`--- turn ${turn}`);
  const stream = await client.chat.completions.create(
    { model: 'deepseek-flash', messages, tools, thinking: { type: 'enabled' }, stream: true },
    // Test hook, not needed in your code: the Prism mock used in CI ignores the conversation,
    // so it is told which recorded example to play: a tool call first, then an answer.
    process.env.DEEPSEEK_EXAMPLES_MOCK
      ? { headers: { prefer: `example=${turn === 1 ? 'stream_tool_calls' : 'stream_thinking'}` } }
      : {},
  );
  let answering = false;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (delta?.reasoning_content) process.stdout.write(dim(delta.reasoning_content));
    if (delta?.content) {
      if (!answering) process.stdout.write('\n');
      answering = true;
      process.stdout.write(delta.content);
    }
  }
  process.stdout.write('\n');

  // Tool-call arguments stream in fragments; the accumulated completion has them whole.
  const completion = await stream.finalCompletion();
  // toAssistantMessage keeps reasoning_content: on a turn that called a tool DeepSeek requires it
  // in every later request (else 400 "The `reasoning_content` in the thinking mode must be passed
  // back to the API.").
  messages.push(toAssistantMessage(completion));

  const calls = completion.choices[0]?.message.tool_calls ?? [];
  if (calls.length === 0) {
    answered = true;
    break;
  }
  for (const call of calls) {
    const result = runTool(call.function.name, call.function.arguments);
    console.log(`tool ${call.function.name}(${call.function.arguments}) -> ${result}`);
    // Every call needs its own tool message, matched by id.
    messages.push({ role: 'tool', tool_call_id: call.id, content: result });
  }
}

if (!answered) {
  console.error(`No final answer after ${maxTurns} turns; giving up.`);
  process.exitCode = 1;
} else {
  console.log(`--- done: ${messages.length} messages in the conversation`);
}
