/**
 * The agent toolkit against the Prism mock of spec/openapi.yaml: every request the loop and
 * `parse()` send must pass the contract (Prism answers 422 otherwise), and the spec's recorded
 * examples are played per step with `Prefer: example=…` through `stepOptions`: the
 * `tool_calls` turn, then the `thinking` answer (JSON and streamed), and `json_output` for
 * structured output.
 */
import { describe, expect, inject, test } from 'vitest';
import { z } from 'zod';
import {
  DeepSeek,
  DeepSeekCore,
  ToolkitChat,
  parseChatCompletion,
  runTools,
  tool,
  type ChatMessage,
  type FetchLike,
  type ToolRunEvent,
} from '../../src/index';
import { createSpecValidator } from '../helpers/spec-schemas';

const prismUrl = inject('prismUrl');
const validator = createSpecValidator();
const messages: ChatMessage[] = [{ role: 'user', content: "What's the weather in Hangzhou? Should I take an umbrella?" }];

/** A client whose requests are recorded (URL and body) on their way to Prism. */
function recordingClient() {
  const sent: { url: string; body: Record<string, any> }[] = [];
  const fetch: FetchLike = (url, init) => {
    sent.push({ url, body: JSON.parse(String(init.body)) as Record<string, any> });
    return globalThis.fetch(url, init);
  };
  const client = new DeepSeek({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0, fetch }).with({ chat: ToolkitChat });
  return { client, sent };
}

const cities: string[] = [];
const getWeather = tool({
  name: 'get_weather',
  description: 'Current weather in a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => (cities.push(city), { city, condition: 'light rain', celsius: 18 }),
});
const play = (examples: string[]) => (step: number) => ({ headers: { prefer: `example=${examples[step - 1]}` } });

describe('runTools against the contract', () => {
  test('plays the spec\'s tool_calls turn, runs the tool, and sends the turn\'s reasoning back for the answer', async () => {
    const { client, sent } = recordingClient();
    const result = await client.chat.completions.runTools({
      model: 'deepseek-flash',
      messages,
      tools: [getWeather],
      thinking: { type: 'enabled' },
      stepOptions: play(['tool_calls', 'thinking']),
    });
    expect(sent).toHaveLength(2);
    for (const step of result.steps) expect(validator.errors('ChatCompletion', step.completion)).toEqual([]);
    expect(cities.at(-1)).toBe('Hangzhou');
    expect(sent[1]!.body.messages[1]).toEqual({
      role: 'assistant',
      content: '',
      reasoning_content: 'The user wants the weather in Hangzhou, so I call get_weather.',
      tool_calls: [{ id: 'call_00_Qm3vX8kT2bLr9Zp4Ws6Yc1Nd', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Hangzhou"}' } }],
    });
    expect(sent[1]!.body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_00_Qm3vX8kT2bLr9Zp4Ws6Yc1Nd', content: '{"city":"Hangzhou","condition":"light rain","celsius":18}' });
    expect(result.stopReason).toBe('done');
    expect(result.completion.choices[0]!.message.content).toBe('There are three r\'s in "strawberry".');
    expect(result.usage).toMatchObject({ prompt_tokens: 210 + 19, prompt_cache_hit_tokens: 192, completion_tokens: 42 + 31 });
  });

  test('streams the spec\'s stream_tool_calls and stream_thinking examples as events', async () => {
    const { client, sent } = recordingClient();
    const events: ToolRunEvent[] = [];
    for await (const event of client.chat.completions.runTools({
      model: 'deepseek-flash',
      messages,
      tools: [getWeather],
      stream: true,
      stepOptions: play(['stream_tool_calls', 'stream_thinking']),
    })) events.push(event);
    expect(sent.map((request) => request.body.stream)).toEqual([true, true]);
    const call = events.find((event) => event.type === 'tool_call');
    expect(call).toMatchObject({ toolCall: { function: { name: 'get_weather', arguments: '{"city": "Hangzhou"}' } } });
    expect(sent[1]!.body.messages[1].reasoning_content).toBe('I should call get_weather.');
    const text = events.flatMap((event) => (event.type === 'text_delta' ? [event.delta] : [])).join('');
    expect(text).toBe("There are three r's.");
    for (const event of events) if (event.type === 'step_end') expect(validator.errors('ChatCompletion', event.completion)).toEqual([]);
  });

  test('a strict tool sends every step to the beta server, where the contract accepts it', async () => {
    const { client, sent } = recordingClient();
    const strictWeather = tool({ ...getWeather, parameters: z.strictObject({ city: z.string() }), strict: true });
    await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [strictWeather], stepOptions: play(['tool_calls', 'chat']) });
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual(['/beta/chat/completions', '/beta/chat/completions']);
    expect(sent[0]!.body.tools[0].function.strict).toBe(true);
  });

  test('the functional core twin runs the same loop', async () => {
    const core = new DeepSeekCore({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 });
    const result = await runTools(core, { model: 'deepseek-flash', messages, tools: [getWeather], stepOptions: play(['tool_calls', 'chat']) });
    expect(result.steps).toHaveLength(2);
    expect(result.completion.choices[0]!.message.content).toBe('Hello! How can I help you today?');
  });
});

describe('parse against the contract', () => {
  const report = z.object({ city: z.string(), condition: z.string(), celsius: z.number(), umbrella: z.boolean() });

  test('sends a JSON-mode request the contract accepts, in thinking mode, and parses the json_output example', async () => {
    const { client, sent } = recordingClient();
    const result = await client.chat.completions.parse(
      { model: 'deepseek-flash', messages, schema: report, thinking: { type: 'enabled' } },
      { headers: { prefer: 'example=json_output' } },
    );
    expect(result.parsed).toEqual({ city: 'Hangzhou', condition: 'light rain', celsius: 18, umbrella: true });
    expect(validator.errors('ChatCompletion', result.completion)).toEqual([]);
    expect(sent[0]!.body.response_format).toEqual({ type: 'json_object' });
    expect(sent[0]!.body).not.toHaveProperty('tool_choice');
  });

  test('repairs a non-JSON answer (the chat example) and fails with the raw text kept', async () => {
    const core = new DeepSeekCore({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 });
    const error = await parseChatCompletion(core, { model: 'deepseek-flash', messages, schema: report }, { headers: { prefer: 'example=chat' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StructuredOutputError', kind: 'invalid_json', raw: 'Hello! How can I help you today?', attempts: 2 });
  });
});
