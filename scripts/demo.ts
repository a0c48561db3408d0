/**
 * `npm start`: a chat completion, a streamed chat completion (reasoning, then the answer)
 * and a FIM completion through the SDK. Without DEEPSEEK_API_KEY it starts the embedded
 * Prism mock of spec/openapi.yaml and talks to it; with the key it talks to the real API.
 */
import { DeepSeek } from '../src/index';
import { startPrism, type PrismMock } from './prism';

const dim = (text: string): string => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);
const heading = (text: string): void => console.log(`\n=== ${text}`);

const live = Boolean(process.env.DEEPSEEK_API_KEY?.trim());
let mock: PrismMock | undefined;
let client: DeepSeek;
if (live) {
  client = new DeepSeek(); // DEEPSEEK_API_KEY and, if set, DEEPSEEK_BASE_URL
  console.log(`Using the real DeepSeek API at ${client.baseURL}`);
} else {
  console.log('DEEPSEEK_API_KEY is not set: starting the Prism mock of spec/openapi.yaml…');
  mock = await startPrism();
  client = new DeepSeek({ apiKey: 'sk-demo-not-a-real-key', baseURL: mock.url });
  console.log(`Prism mock listening on ${mock.url}`);
}
const model = process.env.DEEPSEEK_MODEL ?? 'deepseek-flash';

try {
  heading('Chat completion');
  const { data: chat, traceId } = await client.chat.completions
    .create({
      model,
      thinking: { type: 'disabled' },
      max_tokens: 200,
      messages: [
        { role: 'system', content: 'You are a concise assistant.' },
        { role: 'user', content: 'Say hello in one short sentence.' },
      ],
    })
    .withResponse();
  console.log(chat.choices[0]?.message.content);
  console.log(dim(`model ${chat.model}, ${chat.usage?.total_tokens ?? '?'} tokens, trace id ${traceId ?? 'n/a'}`));

  heading('Streamed chat completion (thinking mode)');
  const stream = await client.chat.completions.create(
    {
      model,
      stream: true,
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'How many r are in "strawberry"? Answer in one sentence.' }],
    },
    // The mock picks its example by name; the real API ignores this header.
    live ? {} : { headers: { prefer: 'example=stream_thinking' } },
  );
  let answering = false;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    if (delta?.reasoning_content) process.stdout.write(dim(delta.reasoning_content));
    if (delta?.content) {
      if (!answering) process.stdout.write('\n');
      answering = true;
      process.stdout.write(delta.content);
    }
  }
  const final = await stream.finalCompletion();
  console.log(dim(`\nfinish_reason ${final.choices[0]?.finish_reason}, reasoning tokens ${final.usage?.completion_tokens_details?.reasoning_tokens ?? 0}`));

  heading('FIM completion (beta)');
  const prompt = 'def fib(a):\n';
  const suffix = '    return fib(a-1) + fib(a-2)\n';
  const fim = await client.fim.completions.create({ model: live ? 'deepseek-v4-flash' : model, prompt, suffix, max_tokens: 128 });
  console.log(`${prompt}${fim.choices[0]?.text ?? ''}${suffix}`);
} finally {
  await mock?.stop();
  if (mock) console.log(dim('Prism mock stopped.'));
}
