// Bundle entry `class` (ceiling in bench/bundle/ceilings.ts): stream one chat completion through
// `new DeepSeek()`. `bench/bundle.ts` resolves 'deepseek-fetch' to dist/ (when built) or src/,
// as a user's bundler would the package.
import { DeepSeek } from 'deepseek-fetch';

export async function streamChat(apiKey: string, prompt: string, onToken: (text: string) => void): Promise<void> {
  const client = new DeepSeek({ apiKey, dangerouslyAllowBrowser: true });
  const stream = await client.chat.completions.create({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: prompt }], stream: true });
  for await (const chunk of stream) onToken(chunk.choices[0]?.delta.content ?? '');
}
