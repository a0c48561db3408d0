// Bundle entry `responses` (ceiling in bench/bundle/ceilings.ts): stream one response of
// `POST /responses` with deepseek-fetch's functional core (`DeepSeekCore` + `createResponse`),
// printing the text deltas and returning the checked final response's text.
// `bench/bundle.ts` resolves 'deepseek-fetch' to dist/ (when built) or src/, as a user's
// bundler would the package.
import { DeepSeekCore, createResponse } from 'deepseek-fetch';

export async function streamResponse(apiKey: string, prompt: string, onToken: (text: string) => void): Promise<string> {
  const deepseek = new DeepSeekCore({ apiKey, dangerouslyAllowBrowser: true });
  const stream = await createResponse(deepseek, { model: 'deepseek-v4-flash', input: prompt, stream: true });
  for await (const event of stream) if (event.type === 'response.output_text.delta') onToken(event.delta);
  return stream.outputText();
}
