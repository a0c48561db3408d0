// Browser bundle entry: stream one chat completion with the openai SDK pointed at DeepSeek.
import OpenAI from 'openai';

export async function streamChat(apiKey: string, prompt: string, onToken: (text: string) => void): Promise<void> {
  const client = new OpenAI({ apiKey, baseURL: 'https://api.deepseek.com', dangerouslyAllowBrowser: true });
  const stream = await client.chat.completions.create({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: prompt }], stream: true });
  for await (const chunk of stream) onToken(chunk.choices[0]?.delta.content ?? '');
}
