// Browser bundle entry: stream one chat completion with raw fetch and the floor's SSE split.
import { floorChunks } from '../readers/floor';

interface Chunk {
  choices: { delta: { content?: string | null } }[];
}

export async function streamChat(apiKey: string, prompt: string, onToken: (text: string) => void): Promise<void> {
  const response = await fetch('https://api.deepseek.com/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: prompt }], stream: true }),
  });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  for await (const chunk of floorChunks<Chunk>(response.body)) onToken(chunk.choices[0]?.delta.content ?? '');
}
