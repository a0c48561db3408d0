// Bundle entry `core` (ceiling in bench/bundle/ceilings.ts): stream one chat completion with
// deepseek-fetch's functional core, which a bundler trims to what is imported.
// `bench/bundle.ts` resolves 'deepseek-fetch' to dist/ (when built) or src/, as a user's
// bundler would the package.
import { DeepSeekCore, createChatCompletion } from 'deepseek-fetch';

export async function streamChat(apiKey: string, prompt: string, onToken: (text: string) => void): Promise<void> {
  const deepseek = new DeepSeekCore({ apiKey, dangerouslyAllowBrowser: true });
  const stream = await createChatCompletion(deepseek, { model: 'deepseek-v4-flash', messages: [{ role: 'user', content: prompt }], stream: true });
  for await (const chunk of stream) onToken(chunk.choices[0]?.delta.content ?? '');
}
