/**
 * FIM (fill-in-the-middle) completion as an editor plugin would use it: the user types,
 * each pause asks for a completion of the code at the cursor, a newer keystroke cancels the
 * request in flight, and only the completion for the latest text is shown.
 *
 *   DEEPSEEK_API_KEY=sk-... npx tsx examples/fim-editor.ts
 */
import { APIUserAbortError, DeepSeek } from 'deepseek-fetch';

const client = new DeepSeek();

// Ask only once typing pauses this long: most keystrokes then cost no request at all.
const debounceMs = 150;

const suffix = '    return fib(a-1) + fib(a-2)\n'; // the code after the cursor
let prompt = ''; // the code before the cursor, growing as the user types
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: AbortController | undefined;
let latest: Promise<void> = Promise.resolve();
const stats = { started: 0, cancelled: 0, shown: 0 };
let failure: unknown;

function onKeystroke(key: string): void {
  prompt += key;
  // The answer to an older text is useless now: stop paying for it, and wait for a pause.
  inFlight?.abort();
  clearTimeout(timer);
  timer = setTimeout(() => (latest = complete(prompt)), debounceMs);
}

async function complete(before: string): Promise<void> {
  const controller = new AbortController();
  inFlight = controller;
  stats.started++;
  try {
    const stream = await client.fim.completions.create(
      { model: 'deepseek-v4-flash', prompt: before, suffix, max_tokens: 64, stream: true },
      { signal: controller.signal, timeout: 10_000 },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    // Chunks that had already arrived can still be delivered after an abort: check before showing.
    if (controller.signal.aborted) {
      stats.cancelled++;
      return;
    }
    stats.shown++;
    console.log(`suggestion after ${JSON.stringify(before.slice(-12))}: ${JSON.stringify(text)}`);
  } catch (error) {
    // Cancelling is the normal fate of most requests here, not an error.
    if (error instanceof APIUserAbortError) stats.cancelled++;
    else failure ??= error;
  } finally {
    if (inFlight === controller) inFlight = undefined;
  }
}

// Simulated typing: [text typed, pause after it in ms]. Bursts faster than the debounce are
// coalesced into one request; a keystroke right after a pause cancels that pause's request.
const typing: [string, number][] = [
  ['def', 40],
  [' fib', 40],
  ['(a)', debounceMs + 300], // long pause: this request completes and is shown
  [':', debounceMs + 2], // short pause: its request starts, then the next keystroke cancels it
  ['\n', debounceMs + 300],
];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
for (const [text, pause] of typing) {
  for (const key of text) onKeystroke(key);
  await sleep(pause);
}
await latest; // let the completion for the final text settle

console.log(`\nrequests: ${stats.started} started, ${stats.cancelled} cancelled, ${stats.shown} shown`);
if (failure !== undefined) throw failure;
