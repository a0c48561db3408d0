// Bundle entry `toolkit` (ceiling in bench/bundle/ceilings.ts): the agent toolkit through the
// functional core, a tool loop with one tool (plain JSON Schema, so no schema library is
// counted). `bench/bundle.ts` resolves 'deepseek-fetch' to dist/ (when built) or src/.
import { DeepSeekCore, runTools, tool } from 'deepseek-fetch';

export async function ask(apiKey: string, prompt: string, onToken: (text: string) => void): Promise<void> {
  const deepseek = new DeepSeekCore({ apiKey, dangerouslyAllowBrowser: true });
  const getWeather = tool({
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    execute: (args) => ({ args, celsius: 18 }),
  });
  const run = runTools(deepseek, { model: 'deepseek-v4-flash', messages: [{ role: 'user', content: prompt }], tools: [getWeather], stream: true });
  for await (const event of run) if (event.type === 'text_delta') onToken(event.delta);
}
