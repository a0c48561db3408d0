/**
 * Completions and chunks for the toolkit's tests, shaped like DeepSeek's (ids `call_0N_…`,
 * `content: ''` on tool-only turns, cache fields in usage), and a client whose `fetch` answers
 * from a script and records every request body.
 */
import { DeepSeek, ToolkitChat, type ChatCompletion, type ChatCompletionChunk, type Usage } from '../../src/index';
import { observedFetch, sseResponse, jsonResponse, testKey, type Answer } from '../helpers/observed-fetch';

export interface Call {
  name: string;
  arguments: string;
  id?: string;
}

let sequence = 0;

export function usage(prompt: number, completion: number, hit: number, reasoning?: number): Usage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_cache_hit_tokens: hit,
    prompt_cache_miss_tokens: prompt - hit,
    prompt_tokens_details: { cached_tokens: hit },
    ...(reasoning === undefined ? {} : { completion_tokens_details: { reasoning_tokens: reasoning } }),
  };
}

const callId = (index: number, call: Call): string => call.id ?? `call_0${index}_${call.name}`;

/** A turn that calls tools; `reasoning: undefined` leaves the key out (non-thinking mode). */
export function toolTurn(calls: Call[], options: { reasoning?: string; content?: string; finish?: 'tool_calls' | 'length'; usage?: Usage } = {}): ChatCompletion {
  return {
    id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
    object: 'chat.completion',
    created: 1_790_000_000,
    model: 'deepseek-flash',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: options.content ?? '',
          ...(options.reasoning === undefined ? {} : { reasoning_content: options.reasoning }),
          tool_calls: calls.map((call, index) => ({ index, id: callId(index, call), type: 'function', function: { name: call.name, arguments: call.arguments } })),
        },
        logprobs: null,
        finish_reason: options.finish ?? 'tool_calls',
      },
    ],
    usage: options.usage ?? usage(100, 20, 64, 8),
  };
}

/** A turn that answers. */
export function answerTurn(content: string, options: { reasoning?: string; finish?: 'stop' | 'length'; usage?: Usage } = {}): ChatCompletion {
  return {
    id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
    object: 'chat.completion',
    created: 1_790_000_000,
    model: 'deepseek-flash',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(options.reasoning === undefined ? {} : { reasoning_content: options.reasoning }) },
        logprobs: null,
        finish_reason: options.finish ?? 'stop',
      },
    ],
    usage: options.usage ?? usage(150, 30, 128, 10),
  };
}

/** The chunks a stream of `completion` would carry: reasoning and text in two fragments each, calls in argument fragments. */
export function chunksOf(completion: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: completion.id, object: 'chat.completion.chunk' as const, created: completion.created, model: completion.model };
  const message = completion.choices[0]!.message;
  const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): ChatCompletionChunk =>
    ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null, ...extra }] }) as ChatCompletionChunk;
  const halves = (text: string): string[] => [text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))].filter(Boolean);
  const chunks: ChatCompletionChunk[] = [chunk({ role: 'assistant', content: null, reasoning_content: '' })];
  for (const part of halves(message.reasoning_content ?? '')) chunks.push(chunk({ content: null, reasoning_content: part }));
  for (const part of halves(message.content ?? '')) chunks.push(chunk({ content: part, reasoning_content: null }));
  (message.tool_calls ?? []).forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
    for (const part of halves(call.function.arguments)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
  });
  chunks.push({ ...chunk({ content: '', reasoning_content: null }, { finish_reason: completion.choices[0]!.finish_reason }), usage: completion.usage } as ChatCompletionChunk);
  return chunks;
}

/**
 * A toolkit client answering request `i` with `turns[i]` (as JSON, or as a stream when the
 * request asked for one); requests past the end fail the test through observedFetch.
 */
export function scripted(turns: readonly (ChatCompletion | Answer)[] | ((index: number) => ChatCompletion)) {
  const answer = (turn: ChatCompletion, streamed: boolean): Response => (streamed ? sseResponse(chunksOf(turn)) : jsonResponse(turn));
  const fetch = observedFetch((call, index) => {
    const streamed = (JSON.parse(call.body ?? '{}') as { stream?: boolean }).stream === true;
    const turn = typeof turns === 'function' ? turns(index) : turns[index];
    if (turn === undefined) throw new Error(`scripted: unexpected request #${index + 1}`);
    if (turn instanceof Response) return turn;
    if (turn instanceof Error) throw turn;
    if (typeof turn === 'function') return turn(call, index);
    return answer(turn, streamed);
  });
  const client = new DeepSeek({ apiKey: testKey, baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0, logLevel: 'off' }).with({ chat: ToolkitChat });
  const bodies = (): Record<string, any>[] => fetch.calls.map((call) => JSON.parse(call.body!) as Record<string, any>);
  return { client, fetch, bodies };
}

/** A promise and its resolve, to hold a tool until the test releases it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
