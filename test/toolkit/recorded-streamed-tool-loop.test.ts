/**
 * The loop's stream mode over streams recorded from the live API (../shared/deepseek-real): a
 * thinking turn whose tool call arrives in argument fragments (`chat-v32-reasoner-tool-call.sse`),
 * then a thinking answer (`chat-v32-reasoner-reasoning.sse`), each served by a real `node:http`
 * server in small writes. The expected reasoning, text and arguments are read from the files
 * with the test's own SSE reader (test/helpers/sse-text.ts), not with the SDK.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ToolkitChat, tool, type ChatCompletionChunk, type ToolRunEvent } from '../../src/index';
import { clientFor, startSse, useFaultServers, writePieces } from '../helpers/fault-server';
import { sseDataPayloads } from '../helpers/sse-text';

const realDir = process.env.DEEPSEEK_REAL_DIR ?? resolve(import.meta.dirname, '../../../shared/deepseek-real');
const files = ['chat-v32-reasoner-tool-call.sse', 'chat-v32-reasoner-reasoning.sse'];
const present = files.every((file) => existsSync(resolve(realDir, file)));
if (!present) console.log(`recorded-streamed-tool-loop: ${realDir} is absent, so the streamed replay is skipped`);

/** What a recorded stream says, read independently of the SDK. */
function recorded(file: string) {
  const text = readFileSync(resolve(realDir, file), 'utf8');
  const chunks = sseDataPayloads(text)
    .filter((data) => data !== '[DONE]')
    .map((data) => JSON.parse(data) as ChatCompletionChunk);
  const deltas = chunks.map((chunk) => chunk.choices[0]?.delta);
  return {
    text,
    reasoning: deltas.map((delta) => delta?.reasoning_content ?? '').join(''),
    content: deltas.map((delta) => delta?.content ?? '').join(''),
    reasoningFragments: deltas.map((delta) => delta?.reasoning_content).filter((part): part is string => !!part),
    textFragments: deltas.map((delta) => delta?.content).filter((part): part is string => !!part),
    toolCall: {
      id: deltas.find((delta) => delta?.tool_calls?.[0]?.id)?.tool_calls?.[0]?.id,
      name: deltas.find((delta) => delta?.tool_calls?.[0]?.function?.name)?.tool_calls?.[0]?.function?.name,
      arguments: deltas.map((delta) => delta?.tool_calls?.[0]?.function?.arguments ?? '').join(''),
    },
    usage: chunks.at(-1)!.usage,
  };
}

describe.skipIf(!present)('a streamed tool loop over recorded streams', () => {
  const serve = useFaultServers();

  async function run() {
    const [call, answer] = files.map(recorded) as [ReturnType<typeof recorded>, ReturnType<typeof recorded>];
    const server = await serve(
      [call, answer].map(({ text }) => async (_req, res) => {
        startSse(res);
        // 512-byte writes: events and JSON split across reads, as on the network.
        const pieces: string[] = [];
        for (let at = 0; at < text.length; at += 512) pieces.push(text.slice(at, at + 512));
        await writePieces(res, pieces);
        res.end();
      }),
    );
    const client = clientFor(server).with({ chat: ToolkitChat });
    const weather = tool({
      name: 'weather',
      description: 'Weather in a location.',
      parameters: z.object({ location: z.string() }),
      execute: ({ location }) => ({ location, temperature: 18 }),
    });
    const messages = [{ role: 'user' as const, content: 'What is the weather in San Francisco?' }];
    const events: ToolRunEvent[] = [];
    for await (const event of client.chat.completions.runTools({ model: 'deepseek-reasoner', messages, tools: [weather], stream: true })) events.push(event);
    const bodies = server.requests.map((request) => JSON.parse(request.body) as Record<string, any>);
    return { call, answer, events, bodies };
  }

  test('yields step_start, reasoning and text deltas, the complete tool call, its result and step_end per step, then final', async () => {
    const { call, answer, events } = await run();
    const kinds = events.map((event) => event.type).filter((type, i, all) => type !== all[i - 1]);
    expect(kinds).toEqual([
      'step_start', 'reasoning_delta', 'tool_call', 'tool_result', 'step_end',
      'step_start', 'reasoning_delta', 'text_delta', 'step_end', 'final',
    ]);
    const of = (step: number, type: 'reasoning_delta' | 'text_delta') =>
      events.flatMap((event) => (event.type === type && event.step === step ? [event.delta] : []));
    expect(of(1, 'reasoning_delta')).toEqual(call.reasoningFragments);
    expect(of(2, 'reasoning_delta')).toEqual(answer.reasoningFragments);
    expect(of(2, 'text_delta')).toEqual(answer.textFragments);
    const toolCall = events.find((event) => event.type === 'tool_call');
    expect(toolCall).toMatchObject({ step: 1, toolCall: { id: call.toolCall.id, type: 'function', function: { name: 'weather', arguments: call.toolCall.arguments } } });
    expect(call.toolCall.arguments).toBe('{"location": "San Francisco"}');
    const result = events.find((event) => event.type === 'tool_result');
    expect(result).toMatchObject({ step: 1, result: { status: 'ok', content: '{"location":"San Francisco","temperature":18}' } });
    const ends = events.filter((event) => event.type === 'step_end');
    expect(ends.map((end) => end.usage)).toEqual([call.usage, answer.usage]);
    expect(ends[1]!.completion.choices[0]!.message.content).toBe(answer.content);
  });

  test('streams every request and sends the streamed reasoning back whole on the next one', async () => {
    const { call, bodies } = await run();
    expect(bodies).toHaveLength(2);
    for (const body of bodies) expect(body.stream).toBe(true);
    expect(bodies[1]!.messages).toEqual([
      { role: 'user', content: 'What is the weather in San Francisco?' },
      {
        role: 'assistant',
        content: '',
        reasoning_content: call.reasoning,
        tool_calls: [{ id: call.toolCall.id, type: 'function', function: { name: 'weather', arguments: call.toolCall.arguments } }],
      },
      { role: 'tool', tool_call_id: call.toolCall.id, content: '{"location":"San Francisco","temperature":18}' },
    ]);
    expect(call.reasoning.length).toBeGreaterThan(100);
  });

  test('the final event carries the answer and the usage of both streams summed', async () => {
    const { call, answer, events } = await run();
    const final = events.at(-1);
    if (final?.type !== 'final') throw new Error('no final event');
    expect(final.result.stopReason).toBe('done');
    expect(final.result.completion.choices[0]!.message).toEqual({ role: 'assistant', content: answer.content, reasoning_content: answer.reasoning });
    expect(final.result.usage.prompt_tokens).toBe(call.usage!.prompt_tokens + answer.usage!.prompt_tokens);
    expect(final.result.usage.prompt_cache_hit_tokens).toBe(call.usage!.prompt_cache_hit_tokens + answer.usage!.prompt_cache_hit_tokens);
    expect(final.result.messages).toHaveLength(4);
  });
});
