import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { accumulateChatCompletion, accumulateTextCompletion, DeepSeek, type ChatCompletionChunk, type TextCompletionChunk } from '../../src/index';
import {
  chatChunk,
  collect,
  fakeFetch,
  fimChunks,
  parallelToolChunks,
  scriptedBody,
  sseResponse,
  sseText,
  testApiKey,
  thinkingChunks,
  thinkingUsage,
  toolUsage,
} from '../helpers/sse-response';

/** Cuts `text` at the given code-unit positions (any positions, even inside a surrogate pair). */
function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((cut) => (text.length === 0 ? 0 : cut % (text.length + 1))))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

const anyText = fc.string({ unit: 'binary', maxLength: 200 });
const cuts = fc.array(fc.nat(), { maxLength: 30 });

describe('accumulateChatCompletion', () => {
  test('any split of a content string into fragments accumulates back to the string', () => {
    fc.assert(
      fc.property(anyText, cuts, (text, at) => {
        const pieces = splitAt(text, at);
        const chunks = [
          ...pieces.map((content) => chatChunk({ delta: { content } })),
          chatChunk({ delta: { content: '' }, finish_reason: 'stop' }),
        ];
        expect(accumulateChatCompletion(chunks).choices[0]!.message.content).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  test('any split of reasoning and content, with nulls in between, accumulates back to both strings', () => {
    fc.assert(
      fc.property(anyText, cuts, anyText, cuts, (reasoning, reasoningCuts, content, contentCuts) => {
        const chunks = [
          chatChunk({ delta: { role: 'assistant', content: null, reasoning_content: '' } }),
          ...splitAt(reasoning, reasoningCuts).map((piece) => chatChunk({ delta: { content: null, reasoning_content: piece } })),
          ...splitAt(content, contentCuts).map((piece) => chatChunk({ delta: { content: piece, reasoning_content: null } })),
          chatChunk({ delta: { content: '', reasoning_content: null }, finish_reason: 'stop' }),
        ];
        const message = accumulateChatCompletion(chunks).choices[0]!.message;
        expect(message.reasoning_content).toBe(reasoning);
        expect(message.content).toBe(content);
      }),
      { numRuns: 200 },
    );
  });

  test('any split of two parallel calls\' arguments, interleaved in any order, accumulates back to each call\'s arguments', () => {
    fc.assert(
      fc.property(anyText, cuts, anyText, cuts, fc.array(fc.boolean(), { maxLength: 80 }), (args0, cuts0, args1, cuts1, order) => {
        const queues = [splitAt(args0, cuts0), splitAt(args1, cuts1)];
        const chunks: ChatCompletionChunk[] = [
          chatChunk({ delta: { tool_calls: [{ index: 0, id: 'call_00_x', type: 'function', function: { name: 'zero', arguments: '' } }] } }),
          chatChunk({ delta: { tool_calls: [{ index: 1, id: 'call_01_y', type: 'function', function: { name: 'one', arguments: '' } }] } }),
        ];
        let turn = 0;
        while (queues[0]!.length + queues[1]!.length > 0) {
          const pick = queues[0]!.length === 0 ? 1 : queues[1]!.length === 0 ? 0 : order[turn++ % Math.max(order.length, 1)] ? 1 : 0;
          chunks.push(chatChunk({ delta: { tool_calls: [{ index: pick, function: { arguments: queues[pick]!.shift()! } }] } }));
        }
        const calls = accumulateChatCompletion(chunks).choices[0]!.message.tool_calls!;
        expect(calls.map((call) => [call.index, call.id, call.function.name, call.function.arguments])).toEqual([
          [0, 'call_00_x', 'zero', args0],
          [1, 'call_01_y', 'one', args1],
        ]);
      }),
      { numRuns: 200 },
    );
  });

  test('any split of the content, and of the SSE bytes into network reads, gives the same completion through the stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), cuts, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), async (text, at, sizes) => {
        const chunks = [
          chatChunk({ delta: { role: 'assistant', content: '' } }),
          ...splitAt(text, at).map((content) => chatChunk({ delta: { content } })),
          chatChunk({ delta: { content: '' }, finish_reason: 'stop' }, { usage: thinkingUsage }),
        ];
        const bytes = new TextEncoder().encode(sseText(chunks));
        const reads: Uint8Array[] = [];
        for (let i = 0, n = 0; i < bytes.length; n++) {
          const size = sizes[n % sizes.length]!;
          reads.push(bytes.slice(i, i + size));
          i += size;
        }
        const { fetch } = fakeFetch((request) => sseResponse(scriptedBody(reads, request.signal).body));
        const client = new DeepSeek({ apiKey: testApiKey, baseURL: 'http://127.0.0.1:1', fetch, maxRetries: 0 });
        const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages: [{ role: 'user', content: 'hi' }], stream: true });
        const { chunks: seen, error } = await collect(stream);
        expect(error).toBeUndefined();
        expect(seen).toEqual(chunks);
        const completion = await stream.finalCompletion();
        expect(completion.choices[0]!.message.content).toBe(text);
        expect(completion).toEqual(accumulateChatCompletion(chunks));
      }),
      { numRuns: 40 },
    );
  });

  test('is pure: deep-frozen chunks are accepted, left unchanged, and give the same result every time', () => {
    const chunks = deepFreeze(parallelToolChunks());
    const before = structuredClone(chunks);
    const first = accumulateChatCompletion(chunks);
    const second = accumulateChatCompletion(chunks);
    expect(chunks).toEqual(before);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(first.choices[0]!.message.tool_calls).toHaveLength(2);
  });

  test('does not let a later mutation of the result reach the input chunks', () => {
    const chunks = thinkingChunks();
    const before = structuredClone(chunks);
    const completion = accumulateChatCompletion(chunks);
    completion.choices[0]!.message.content = 'changed';
    completion.choices[0]!.message.reasoning_content = 'changed';
    expect(chunks).toEqual(before);
  });

  test('accepts any iterable, such as a generator', () => {
    function* generate(): Generator<ChatCompletionChunk> {
      yield* thinkingChunks();
    }
    expect(accumulateChatCompletion(generate())).toEqual(accumulateChatCompletion(thinkingChunks()));
  });

  test('takes id, created and model from the chunks, usage and finish_reason from the final chunk', () => {
    const completion = accumulateChatCompletion(parallelToolChunks());
    expect(completion).toMatchObject({
      id: '7d3f5a52-6c1e-4c3b-9a55-2f0e6a7b8c01',
      object: 'chat.completion',
      created: 1790000000,
      model: 'deepseek-v4-flash',
      system_fingerprint: 'fp_test_prod0000',
      usage: toolUsage,
    });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
  });

  test('ignores usage: null on the chunks before the final one', () => {
    const chunks = [
      chatChunk({ delta: { content: 'a' } }, { usage: thinkingUsage }),
      chatChunk({ delta: { content: 'b' } }, { usage: null }),
      chatChunk({ delta: { content: '' }, finish_reason: 'stop' }, { usage: null }),
    ];
    expect(accumulateChatCompletion(chunks).usage).toEqual(thinkingUsage);
  });

  test('takes usage from a trailing usage-only chunk with empty choices', () => {
    const chunks = [
      chatChunk({ delta: { content: 'a' } }),
      chatChunk({ delta: { content: '' }, finish_reason: 'stop' }),
      chatChunk({ delta: {} }, { choices: [], usage: thinkingUsage }),
    ];
    const completion = accumulateChatCompletion(chunks);
    expect(completion.usage).toEqual(thinkingUsage);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  test('keeps choices with different indexes apart and ordered by index', () => {
    const chunks = [
      chatChunk({ index: 1, delta: { content: 'B1' } }),
      chatChunk({ index: 0, delta: { content: 'A1' } }),
      chatChunk({ index: 1, delta: { content: 'B2' }, finish_reason: 'length' }),
      chatChunk({ index: 0, delta: { content: 'A2' }, finish_reason: 'stop' }),
    ];
    const { choices } = accumulateChatCompletion(chunks);
    expect(choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason])).toEqual([
      [0, 'A1A2', 'stop'],
      [1, 'B1B2', 'length'],
    ]);
  });

  test('keeps unknown top-level fields of the chunks as plain data (the last value wins)', () => {
    const chunks = [
      { ...chatChunk({ delta: { content: 'a' } }), x_gateway: 'first' },
      { ...chatChunk({ delta: { content: 'b' }, finish_reason: 'stop' }), x_gateway: 'last' },
    ] as unknown as ChatCompletionChunk[];
    const completion = accumulateChatCompletion(chunks) as unknown as Record<string, unknown>;
    expect(completion.x_gateway).toBe('last');
    expect(Object.getOwnPropertyDescriptor(completion, 'x_gateway')).toMatchObject({ value: 'last', enumerable: true });
  });

  test('gives an empty completion for no chunks', () => {
    expect(accumulateChatCompletion([])).toEqual({ id: '', object: 'chat.completion', created: 0, model: '', choices: [] });
  });
});

describe('accumulateTextCompletion', () => {
  test('any split of a FIM text into fragments accumulates back to the text', () => {
    fc.assert(
      fc.property(anyText, cuts, (text, at) => {
        const base = fimChunks()[0]!;
        const chunks: TextCompletionChunk[] = [
          ...splitAt(text, at).map((piece): TextCompletionChunk => ({ ...base, choices: [{ index: 0, text: piece, logprobs: null, finish_reason: null }] })),
          { ...base, choices: [{ index: 0, text: '', logprobs: null, finish_reason: 'stop' }] },
        ];
        const completion = accumulateTextCompletion(chunks);
        expect(completion.choices[0]!.text).toBe(text);
        expect(completion.choices[0]!.finish_reason).toBe('stop');
      }),
      { numRuns: 300 },
    );
  });

  test('is pure: deep-frozen chunks are accepted and left unchanged', () => {
    const chunks = deepFreeze(fimChunks());
    const before = structuredClone(chunks);
    const completion = accumulateTextCompletion(chunks);
    expect(chunks).toEqual(before);
    expect(completion.object).toBe('text_completion');
    expect(completion.usage).toEqual(fimChunks().at(-1)!.usage);
  });
});
