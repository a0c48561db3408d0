/**
 * A tool loop on DeepSeek's Responses endpoint (`POST /responses`): stream each turn's events,
 * run the function calls it made, and send the whole history back (the endpoint keeps no
 * state) with `toInputItems()`, which puts the turn's reasoning first and every call before its
 * output, as DeepSeek requires. The model may also search the web on its own (`web_search`).
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/responses-tools.ts
 */
import { DeepSeek, Responses, functionCalls, toInputItems, type ResponseInputItem, type ResponseTool } from 'deepseek-fetch';

// Responses is an opt-in resource: a client that never uses it does not carry its code.
const client = new DeepSeek().with({ responses: Responses });

// A fake local tool. The model only sees its name, description and JSON Schema.
function getWeather(args: { city?: unknown }): { city: string; condition: string; celsius: number } {
  if (typeof args.city !== 'string' || args.city === '') throw new Error('"city" must be a non-empty string');
  return { city: args.city, condition: 'light rain', celsius: 18 };
}

const tools: ResponseTool[] = [
  {
    type: 'function',
    name: 'get_weather',
    description: 'Current weather in a city.',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    strict: true,
  },
  { type: 'web_search' }, // run by DeepSeek's servers: no code of ours
];

// Failures go back to the model as the tool's output, so it can correct itself: arguments are
// model-written JSON and may be invalid.
function runTool(name: string, argumentsJson: string): string {
  try {
    if (name !== 'get_weather') throw new Error(`unknown tool ${name}`);
    return JSON.stringify(getWeather(JSON.parse(argumentsJson) as { city?: unknown }));
  } catch (error) {
    return JSON.stringify({ error: error instanceof Error ? error.message : String(error) });
  }
}

const dim = (text: string): string => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);
// The whole conversation, oldest first: sent again on every turn.
const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Hangzhou today, and when was DeepSeek V4.1 Flash released?' }];

// A model can keep calling tools forever; a real program caps the turns.
const maxTurns = 5;
let answered = false;

for (let turn = 1; turn <= maxTurns && !answered; turn++) {
  console.log(`--- turn ${turn}`);
  const stream = await client.responses.create(
    { model: 'deepseek-flash', instructions: 'Be brief.', input, tools, reasoning: { effort: 'high' }, stream: true },
    // Test hook, not needed in your code: the Prism mock used in CI ignores the conversation,
    // so it is told which example to play: a function call first, then a web search and an answer.
    process.env.DEEPSEEK_EXAMPLES_MOCK ? { headers: { prefer: `example=${turn === 1 ? 'stream_function_call' : 'stream_web_search'}` } } : {},
  );
  // Each event is narrowed by its type; events of types this SDK version does not know arrive
  // as { type: 'unknown' } and can be ignored.
  for await (const event of stream) {
    switch (event.type) {
      case 'response.reasoning_text.delta':
        process.stdout.write(dim(event.delta));
        break;
      case 'response.reasoning_text.done':
        process.stdout.write('\n');
        break;
      case 'response.output_text.delta':
        process.stdout.write(event.delta);
        break;
      case 'response.output_item.done':
        // A web search's action arrives with its .done event. (Actions of new types are kept
        // too, so `type` alone does not narrow the union: look for the field.)
        if (event.item.type === 'web_search_call' && event.item.action && 'queries' in event.item.action) {
          console.log(`web search: ${event.item.action.queries?.[0] ?? ''}`);
        }
        break;
    }
  }
  process.stdout.write('\n');

  // The response the events built (each delta checked against it): items, status, usage.
  const response = await stream.finalResponse();
  const usage = response.usage;
  if (usage) console.log(`usage: ${usage.input_tokens} input (${usage.input_tokens_details?.cached_tokens ?? 0} cached), ${usage.output_tokens} output (${usage.output_tokens_details?.reasoning_tokens ?? 0} reasoning)`);

  // A turn that calls functions still ends with status "completed": look for function_call items.
  const outputs: Record<string, string> = {};
  for (const call of functionCalls(response)) {
    outputs[call.call_id] = runTool(call.name, call.arguments);
    console.log(`tool ${call.name}(${call.arguments}) -> ${outputs[call.call_id]}`);
  }
  // The turn's reasoning, messages and web searches, then its calls, then their outputs.
  input.push(...toInputItems(response, outputs));
  answered = functionCalls(response).length === 0;
}

if (!answered) {
  console.error(`No final answer after ${maxTurns} turns; giving up.`);
  process.exitCode = 1;
} else {
  console.log(`--- done: ${input.length} input items in the conversation (${input.map((item) => item.type ?? 'message').join(', ')})`);
}
