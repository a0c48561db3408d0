/**
 * The tool loop against a conversation recorded from the live API (pydantic-ai cassette
 * `test_deepseek_deferred_capability_with_thinking`, ../shared/deepseek-real): a thinking turn
 * that calls one tool, a turn with two parallel calls, then the answer. A real `node:http`
 * server replays the three responses in order; the test asserts the exact body of every request
 * the loop sends, and that the third carries the same messages, reasoning and order as the
 * request the live API accepted (`request-v4-thinking-tool-loop-accepted.json`).
 *
 * One documented difference: the accepted request holds an extra assistant turn (`content:
 * null`, `reasoning_content: ""`, a `search_tools` call with id `auto_load_…`) and its tool
 * result, which pydantic-ai inserted itself; the server never returned that turn, so a loop that
 * replays what the server returned does not have it. The other difference is the URL: the loop
 * sends strict tools to the beta server (`/beta/chat/completions`), as DeepSeek documents,
 * where pydantic-ai used the regular one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ToolkitChat, tool, type ChatMessage } from '../../src/index';
import { clientFor, sendJson, sleep, useFaultServers } from '../helpers/fault-server';

const realDir = process.env.DEEPSEEK_REAL_DIR ?? resolve(import.meta.dirname, '../../../shared/deepseek-real');
const present = existsSync(resolve(realDir, 'request-v4-thinking-tool-loop-accepted.json'));
if (!present) console.log(`recorded-thinking-tool-loop: ${realDir} is absent, so the recorded replay is skipped`);
const read = (name: string): any => JSON.parse(readFileSync(resolve(realDir, name), 'utf8'));

interface AcceptedRequest {
  model: string;
  stream: boolean;
  tool_choice: string;
  messages: Record<string, any>[];
  tools: { type: 'function'; function: Record<string, any> }[];
}

describe.skipIf(!present)('a recorded thinking-mode conversation with parallel tool calls, replayed', () => {
  const serve = useFaultServers();

  async function replay() {
    const responses = present
      ? ['chat-v4-reasoner-alias-tool-call.json', 'chat-v4-reasoner-alias-parallel-tool-calls.json', 'chat-v4-reasoner-alias-final-answer.json'].map(read)
      : [];
    const accepted = read('request-v4-thinking-tool-loop-accepted.json') as AcceptedRequest;
    const server = await serve(responses.map((body) => (_req, res) => sendJson(res, 200, body)));
    const client = clientFor(server).with({ chat: ToolkitChat });

    const recordedTool = (name: string) => accepted.tools.find((each) => each.function.name === name)!.function;
    const finished: string[] = [];
    const seenArgs: unknown[] = [];
    // The same four tools as the recorded request, in its order, built three ways.
    const tools = [
      tool({
        name: 'load_capability',
        description: recordedTool('load_capability').description,
        parameters: z
          .strictObject({ id: z.string().describe('The id of the capability to load.') })
          .describe('Typed arguments for a `load_capability` tool call.'),
        strict: true,
        execute: (args) => {
          seenArgs.push(args);
          return {};
        },
      }),
      tool({
        name: 'get_player_name',
        description: recordedTool('get_player_name').description,
        parameters: z.strictObject({}),
        // Finishes last although it was called first: results must still go back in call order.
        execute: async () => {
          await sleep(40);
          finished.push('get_player_name');
          return 'Anne';
        },
      }),
      tool({
        name: 'roll_dice',
        description: recordedTool('roll_dice').description,
        parameters: recordedTool('roll_dice').parameters,
        execute: async () => {
          finished.push('roll_dice');
          return 4;
        },
      }),
      tool({
        name: 'search_tools',
        description: recordedTool('search_tools').description,
        parameters: recordedTool('search_tools').parameters,
        strict: true,
        execute: () => {
          throw new Error('the recorded conversation never calls search_tools');
        },
      }),
    ];
    const input = accepted.messages.slice(0, 3) as ChatMessage[];
    const result = await client.chat.completions.runTools({ model: 'deepseek-reasoner', stream: false, tool_choice: 'auto', messages: input, tools });
    const bodies = server.requests.map((request) => JSON.parse(request.body) as AcceptedRequest);
    return { accepted, responses, server, bodies, result, finished, seenArgs };
  }

  test('sends three requests, each with the recorded tools, model and settings, to the beta server (strict tools)', async () => {
    const { accepted, server, bodies } = await replay();
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) expect(request.url).toBe('/beta/chat/completions');
    for (const body of bodies) {
      expect(body.tools).toEqual(accepted.tools);
      expect(Object.keys(body).sort()).toEqual(['messages', 'model', 'stream', 'tool_choice', 'tools']);
      expect(body).toMatchObject({ model: 'deepseek-reasoner', stream: false, tool_choice: 'auto' });
    }
  });

  test('the first two requests carry the conversation so far, with the turn-1 reasoning kept', async () => {
    const { accepted, bodies, seenArgs } = await replay();
    expect(bodies[0]!.messages).toEqual(accepted.messages.slice(0, 3));
    // Turn 1 as the server returned it (reasoning_content exactly, no `index` on the call), then its result.
    expect(bodies[1]!.messages).toEqual(accepted.messages.slice(0, 5));
    expect(bodies[1]!.messages[4]).toEqual({ role: 'tool', tool_call_id: 'call_00_sXqYgMESDht75NCLLZtt9804', content: '{}' });
    expect(seenArgs).toEqual([{ id: 'DICE_ROLL' }]);
  });

  test('the third request equals the accepted one, less the turn pydantic-ai inserted itself', async () => {
    const { accepted, bodies } = await replay();
    const inserted = accepted.messages.slice(5, 7);
    expect(inserted[0]).toMatchObject({ role: 'assistant', content: null, reasoning_content: '', tool_calls: [{ id: expect.stringMatching(/^auto_load_/) }] });
    expect(inserted[1]).toMatchObject({ role: 'tool', tool_call_id: inserted[0]!.tool_calls[0].id });
    const expected = { ...accepted, messages: [...accepted.messages.slice(0, 5), ...accepted.messages.slice(7)] };
    expect(bodies[2]).toEqual(expected);
  });

  test('runs the two parallel calls together and sends their results in call order, not finishing order', async () => {
    const { bodies, finished } = await replay();
    expect(finished).toEqual(['roll_dice', 'get_player_name']);
    expect(bodies[2]!.messages.slice(-2)).toEqual([
      { role: 'tool', tool_call_id: 'call_00_6edlnw3Z1MgeMfey687g8451', content: 'Anne' },
      { role: 'tool', tool_call_id: 'call_01_km02sac7sHxNDPATKLZy7705', content: '4' },
    ]);
  });

  test('resolves to the final answer, every step, the whole conversation and the usage of the three calls summed', async () => {
    const { responses, bodies, result } = await replay();
    expect(result.stopReason).toBe('done');
    expect(result.completion).toEqual(responses[2]);
    expect(result.steps.map((step) => step.toolCalls.map((call) => call.function.name))).toEqual([['load_capability'], ['get_player_name', 'roll_dice'], []]);
    expect(result.steps.map((step) => step.toolResults.map((each) => each.status))).toEqual([['ok'], ['ok', 'ok'], []]);
    expect(result.messages).toEqual([
      ...bodies[2]!.messages,
      { role: 'assistant', content: responses[2].choices[0].message.content, reasoning_content: 'The player\'s name is Anne, and the die rolled a 4. The user guessed 4, so they win!' },
    ]);
    expect(result.usage).toEqual({
      prompt_tokens: 563 + 875 + 976,
      completion_tokens: 116 + 79 + 61,
      total_tokens: 679 + 954 + 1037,
      prompt_cache_hit_tokens: 512 + 0 + 896,
      prompt_cache_miss_tokens: 51 + 875 + 80,
      prompt_tokens_details: { cached_tokens: 512 + 0 + 896 },
      completion_tokens_details: { reasoning_tokens: 60 + 26 + 25 },
    });
  });
});
