/**
 * A server route (edge worker, Next.js route handler, Bun.serve...) that streams the answer
 * to the browser as newline-delimited JSON, written with the functional core so that the
 * route's bundle carries only the code it calls. Run directly, it calls the route once and
 * reads the response the way a browser's `fetch` would.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/edge-route.ts "Why is the sky blue?"
 */
import { createChatCompletion, DeepSeekCore, type ChatCompletionChunk } from 'deepseek-fetch';

const deepseek = new DeepSeekCore({ idleTimeout: 60_000 }); // reads DEEPSEEK_API_KEY; a stalled stream fails after a minute

/** POST { question } → the chunks as NDJSON; cancelling the response cancels the API request. */
export async function handle(request: Request): Promise<Response> {
  const { question } = (await request.json()) as { question: string };
  const stream = await createChatCompletion(
    deepseek,
    { model: 'deepseek-flash', messages: [{ role: 'user', content: question }], stream: true },
    {
      signal: request.signal,
      // Test hook, not needed in your code: CI runs this against a Prism mock of the API.
      ...(process.env.DEEPSEEK_EXAMPLES_MOCK ? { headers: { prefer: 'example=stream_thinking' } } : {}),
    },
  );
  return new Response(stream.toReadableStream(), { headers: { 'content-type': 'application/x-ndjson' } });
}

// The browser's side: read the NDJSON lines as they arrive.
const question = process.argv[2] ?? 'How many r are in "strawberry"?';
const response = await handle(new Request('http://localhost/ask', { method: 'POST', body: JSON.stringify({ question }) }));
const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
let buffered = '';
let reasoning = '';
let answer = '';
let lines = 0;
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  buffered += value;
  let newline: number;
  while ((newline = buffered.indexOf('\n')) !== -1) {
    const chunk = JSON.parse(buffered.slice(0, newline)) as ChatCompletionChunk;
    buffered = buffered.slice(newline + 1);
    lines++;
    reasoning += chunk.choices[0]?.delta.reasoning_content ?? '';
    answer += chunk.choices[0]?.delta.content ?? '';
  }
}
console.log(`${lines} NDJSON lines`);
console.log(`reasoning: ${reasoning}`);
console.log(`answer: ${answer}`);
