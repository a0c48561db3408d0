/**
 * Structured output that works in thinking mode: `parse()` asks in JSON mode with the schema in
 * the prompt, validates the answer with the zod schema, shows the model its mistakes once if
 * the answer does not fit, and returns a typed value (or a `StructuredOutputError` that keeps
 * the raw answer).
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/structured-output.ts
 */
import { DeepSeek, StructuredOutputError, ToolkitChat } from 'deepseek-fetch';
import { z } from 'zod';

const client = new DeepSeek().with({ chat: ToolkitChat });

const WeatherReport = z.object({
  city: z.string(),
  condition: z.string().describe('One or two words, e.g. "light rain"'),
  celsius: z.number(),
  umbrella: z.boolean().describe('Whether to take an umbrella'),
});

try {
  const { parsed, attempts, usage } = await client.chat.completions.parse(
    {
      model: 'deepseek-flash',
      messages: [
        { role: 'system', content: 'You turn weather notes into data.' },
        { role: 'user', content: 'Hangzhou this afternoon: light rain, 18 degrees.' },
      ],
      schema: WeatherReport,
      // DeepSeek's own chat endpoint has no json_schema format, and thinking mode refuses a
      // forced tool_choice; parse() uses neither, so thinking can stay on.
      thinking: { type: 'enabled' },
      max_tokens: 2048, // reasoning counts against it: too low and the JSON is cut
    },
    // Test hook, not needed in your code: asks the Prism mock used in CI for its JSON answer.
    process.env.DEEPSEEK_EXAMPLES_MOCK ? { headers: { prefer: 'example=json_output' } } : {},
  );
  // `parsed` is typed from the schema: { city: string; condition: string; celsius: number; umbrella: boolean }
  console.log(`${parsed.city}: ${parsed.condition}, ${parsed.celsius} °C, umbrella: ${parsed.umbrella ? 'yes' : 'no'}`);
  console.log(`attempts: ${attempts}, usage: ${usage.prompt_tokens} prompt, ${usage.completion_tokens} completion`);
} catch (error) {
  if (!(error instanceof StructuredOutputError)) throw error;
  // kind: 'invalid' (see issues), 'invalid_json', 'empty' or 'truncated' (raise max_tokens).
  console.error(`no valid answer (${error.kind}) after ${error.attempts} attempts: ${error.message}`);
  console.error(`raw answer: ${error.raw}`);
  process.exitCode = 1;
}
