/**
 * The tool loop's rules, against a scripted fetch: limits and stop conditions, abort reaching
 * the tools, failures turned into results the model sees (or thrown), the approval hook,
 * parallel calls with results in call order, summed usage, and DeepSeek's reasoning replay.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  APIUserAbortError,
  DeepSeekError,
  ToolCallError,
  hasToolCall,
  jsonSchema,
  tool,
  type ToolRunEvent,
} from '../../src/index';
import { answerTurn, deferred, scripted, toolTurn, usage } from './helpers';

const messages = [{ role: 'user' as const, content: 'Weather in Hangzhou?' }];
const weatherCall = { name: 'get_weather', arguments: '{"city": "Hangzhou"}' };

function weatherTool(execute: (args: { city: string }, context: { signal: AbortSignal }) => unknown = ({ city }) => ({ city, celsius: 18 })) {
  return tool({ name: 'get_weather', description: 'Weather in a city.', parameters: z.object({ city: z.string() }), execute });
}

describe('loop limits', () => {
  test('stops after 10 requests by default when the model keeps calling tools, with the last step\'s tools run', async () => {
    const { client, fetch } = scripted(() => toolTurn([weatherCall], { reasoning: 'again' }));
    let runs = 0;
    const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool(() => ++runs)] });
    expect(fetch.calls).toHaveLength(10);
    expect(runs).toBe(10);
    expect(result.stopReason).toBe('max_steps');
    expect(result.steps).toHaveLength(10);
    expect(result.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_00_get_weather', content: '10' });
    expect(result.messages).toHaveLength(1 + 10 * 2);
  });

  test('maxSteps caps the number of requests', async () => {
    const { client, fetch } = scripted(() => toolTurn([weatherCall]));
    const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool()], maxSteps: 2 });
    expect(fetch.calls).toHaveLength(2);
    expect(result.stopReason).toBe('max_steps');
  });

  test('hasToolCall() ends the loop after the step that called the named tool, its results in the conversation', async () => {
    const { client, fetch } = scripted([toolTurn([weatherCall]), toolTurn([{ name: 'submit', arguments: '{"answer": "rain"}' }]), answerTurn('unreachable')]);
    const submit = tool({ name: 'submit', parameters: z.object({ answer: z.string() }), execute: ({ answer }) => `submitted ${answer}` });
    const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool(), submit], stopWhen: hasToolCall('submit') });
    expect(fetch.calls).toHaveLength(2);
    expect(result.stopReason).toBe('stop_when');
    expect(result.steps[1]!.toolResults[0]).toMatchObject({ name: 'submit', status: 'ok', output: 'submitted rain' });
    expect(result.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_00_submit', content: 'submitted rain' });
  });

  test('a custom stopWhen sees every step so far and the conversation', async () => {
    const { client, fetch } = scripted(() => toolTurn([weatherCall]));
    const seen: number[][] = [];
    const result = await client.chat.completions.runTools({
      model: 'deepseek-flash',
      messages,
      tools: [weatherTool()],
      stopWhen: [({ steps, messages: history }) => (seen.push([steps.length, history.length]), steps.length === 3)],
    });
    expect(seen).toEqual([[1, 3], [2, 5], [3, 7]]);
    expect(fetch.calls).toHaveLength(3);
    expect(result.stopReason).toBe('stop_when');
  });

  test('rejects duplicate tool names and a maxSteps that is not a positive integer before any request', async () => {
    const { client, fetch } = scripted([]);
    await expect(client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool(), weatherTool()] })).rejects.toThrow('Two tools are named "get_weather"');
    await expect(client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool()], maxSteps: 0 })).rejects.toThrow(DeepSeekError);
    expect(fetch.calls).toHaveLength(0);
  });

  test('rejects a wire tool definition or a missing tools list with a DeepSeekError that says to use tool()', async () => {
    const { client, fetch } = scripted([]);
    const wire = { type: 'function', function: { name: 'get_weather' } };
    await expect(client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [wire as never] })).rejects.toThrow('made with tool(), which holds the schema and execute; got "get_weather"');
    await expect(client.chat.completions.runTools({ model: 'deepseek-flash', messages } as never)).rejects.toThrow('runTools() needs tools');
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('abort', () => {
  test('aborting mid-tool reaches the tool through its signal, rejects with APIUserAbortError and sends no further request', async () => {
    const { client, fetch } = scripted([toolTurn([weatherCall]), answerTurn('never requested')]);
    const controller = new AbortController();
    const started = deferred();
    let seenByTool: unknown;
    const slow = weatherTool(
      (_args, { signal }) =>
        new Promise((_resolve, reject) => {
          started.resolve();
          signal.addEventListener('abort', () => {
            seenByTool = signal.reason;
            reject(new Error('stopped'));
          });
        }),
    );
    const run = client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [slow] }, { signal: controller.signal });
    await started.promise;
    controller.abort('user left');
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toBe('user left');
    expect(seenByTool).toBe('user left');
    expect(fetch.calls).toHaveLength(1);
  });

  test('a tool that ignores its signal does not hold the run once aborted', async () => {
    const { client, fetch } = scripted([toolTurn([weatherCall])]);
    const controller = new AbortController();
    const started = deferred();
    const stuck = weatherTool(() => (started.resolve(), new Promise(() => undefined)));
    const run = client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [stuck] }, { signal: controller.signal });
    await started.promise;
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(1);
  });

  test('an already aborted signal sends nothing', async () => {
    const { client, fetch } = scripted([toolTurn([weatherCall])]);
    await expect(client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool()] }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(fetch.calls).toHaveLength(0);
  });

  test('breaking out of a streamed run cancels it and signals the tools still running', async () => {
    const { client, fetch } = scripted([toolTurn([weatherCall, { name: 'get_weather', arguments: '{"city": "Paris"}' }]), answerTurn('never requested')]);
    const aborted: boolean[] = [];
    const started = deferred();
    const slow = weatherTool((_args, { signal }) => {
      started.resolve();
      return new Promise((resolve) => signal.addEventListener('abort', () => (aborted.push(signal.aborted), resolve('late'))));
    });
    for await (const event of client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [slow], stream: true })) {
      if (event.type === 'tool_call') {
        await started.promise;
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(aborted).toEqual([true, true]);
    expect(fetch.calls).toHaveLength(1);
  });

  test('abort() ends the iteration quietly and finalResult() then rejects with APIUserAbortError', async () => {
    const { client } = scripted([toolTurn([weatherCall]), answerTurn('never requested')]);
    const run = client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool(() => new Promise(() => undefined))], stream: true });
    const seen: string[] = [];
    for await (const event of run) {
      seen.push(event.type);
      if (event.type === 'tool_call') run.abort();
    }
    expect(seen).toEqual(['step_start', 'tool_call']);
    await expect(run.finalResult()).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('tool failures', () => {
  test('a throwing tool becomes an error result the model sees in the next request', async () => {
    const { client, bodies } = scripted([toolTurn([weatherCall]), answerTurn('Sorry, no weather today.')]);
    const boom = new Error('the weather service is down');
    const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool(() => { throw boom; })] });
    expect(bodies()[1]!.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_00_get_weather', content: JSON.stringify({ error: 'get_weather failed: the weather service is down' }) });
    expect(result.steps[0]!.toolResults[0]).toMatchObject({ status: 'error', failure: { kind: 'execution', error: boom } });
    expect(result.stopReason).toBe('done');
  });

  test('arguments that are not JSON, or do not match the schema, become error results and execute never runs', async () => {
    const { client, bodies } = scripted([
      toolTurn([{ name: 'get_weather', arguments: '{"city": "Hang' }, { name: 'get_weather', arguments: '{"city": 42}' }]),
      answerTurn('ok'),
    ]);
    let runs = 0;
    const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool(() => ++runs)] });
    expect(runs).toBe(0);
    const [notJson, wrongType] = bodies()[1]!.messages.slice(2) as { content: string }[];
    expect(JSON.parse(notJson!.content).error).toMatch(/^The arguments of get_weather are not valid JSON/);
    expect(JSON.parse(wrongType!.content).error).toMatch(/^The arguments of get_weather do not match its schema:\n\/city: /);
    expect(result.steps[0]!.toolResults[1]!.failure).toMatchObject({ kind: 'invalid_arguments', issues: [{ path: ['city'] }] });
  });

  test('a call to a tool that does not exist becomes an error result listing the tools', async () => {
    const { client, bodies } = scripted([toolTurn([{ name: 'get_time', arguments: '{}' }]), answerTurn('ok')]);
    await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool()] });
    expect(JSON.parse(bodies()[1]!.messages[2].content)).toEqual({ error: 'There is no tool named "get_time". Available tools: get_weather.' });
  });

  test("toolErrors: 'throw' rejects with a ToolCallError carrying the cause, and the other call of the step gets the abort signal", async () => {
    const { client, fetch } = scripted([toolTurn([weatherCall, { name: 'get_weather', arguments: '{"city": "Paris"}' }]), answerTurn('never requested')]);
    const boom = new Error('down');
    let otherAborted = false;
    const mixed = weatherTool(({ city }, { signal }) => {
      if (city === 'Hangzhou') return Promise.reject(boom);
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve((otherAborted = true))));
    });
    const error = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [mixed], toolErrors: 'throw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error).toMatchObject({ kind: 'execution', cause: boom, toolCall: { id: 'call_00_get_weather' } });
    expect(otherAborted).toBe(true);
    expect(fetch.calls).toHaveLength(1);
  });

  test("toolErrors: 'throw' also throws for invalid arguments, with the issues", async () => {
    const { client } = scripted([toolTurn([{ name: 'get_weather', arguments: '{}' }])]);
    const error = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool()], toolErrors: 'throw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error).toMatchObject({ kind: 'invalid_arguments', issues: [{ path: ['city'] }] });
  });

  test('toolErrors as a function builds the content of every failed or vetoed call', async () => {
    const { client, bodies } = scripted([toolTurn([weatherCall, { name: 'nope', arguments: '{}' }]), answerTurn('ok')]);
    await client.chat.completions.runTools({
      model: 'deepseek-flash',
      messages,
      tools: [weatherTool()],
      approve: () => 'not today',
      toolErrors: (failure) => `${failure.kind}: ${failure.toolCall.function.name}`,
    });
    expect(bodies()[1]!.messages.slice(2).map((m: { content: string }) => m.content)).toEqual(['denied: get_weather', 'unknown_tool: nope']);
  });
});

describe('approval', () => {
  test('a veto keeps execute from running and tells the model, with the reason when one is given; approval sees validated arguments', async () => {
    const { client, bodies } = scripted([
      toolTurn([weatherCall, { name: 'get_weather', arguments: '{"city": "Paris"}' }, { name: 'get_weather', arguments: '{"city": "Oslo"}' }]),
      answerTurn('ok'),
    ]);
    const ran: string[] = [];
    const asked: unknown[] = [];
    const result = await client.chat.completions.runTools({
      model: 'deepseek-flash',
      messages,
      tools: [weatherTool(({ city }) => (ran.push(city), 'sunny'))],
      approve: ({ args, step, toolCall }) => {
        asked.push([args, step, toolCall.id]);
        const { city } = args as { city: string };
        return city === 'Hangzhou' ? true : city === 'Paris' ? false : 'Oslo is out of budget';
      },
    });
    expect(ran).toEqual(['Hangzhou']);
    expect(asked).toEqual([[{ city: 'Hangzhou' }, 1, 'call_00_get_weather'], [{ city: 'Paris' }, 1, 'call_01_get_weather'], [{ city: 'Oslo' }, 1, 'call_02_get_weather']]);
    expect(bodies()[1]!.messages.slice(2).map((m: { content: string }) => m.content)).toEqual([
      'sunny',
      JSON.stringify({ error: 'The call to get_weather was denied.' }),
      JSON.stringify({ error: 'The call to get_weather was denied: Oslo is out of budget' }),
    ]);
    expect(result.steps[0]!.toolResults.map((each) => each.status)).toEqual(['ok', 'denied', 'denied']);
  });
});

describe('parallel calls', () => {
  test('the calls of a turn run at the same time; results go back in call order and are reported as they finish', async () => {
    const calls = ['slow', 'fast', 'medium'].map((city) => ({ name: 'get_weather', arguments: JSON.stringify({ city }) }));
    const { client, bodies } = scripted([toolTurn(calls), answerTurn('done')]);
    const delays: Record<string, number> = { slow: 60, fast: 5, medium: 30 };
    const log: string[] = [];
    const timed = weatherTool(async ({ city }) => {
      log.push(`start ${city}`);
      await new Promise((resolve) => setTimeout(resolve, delays[city]));
      log.push(`end ${city}`);
      return city.toUpperCase();
    });
    const events: ToolRunEvent[] = [];
    for await (const event of client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [timed], stream: true })) events.push(event);
    // All three started before any finished: they ran in parallel.
    expect(log.slice(0, 3)).toEqual(['start slow', 'start fast', 'start medium']);
    expect(log.slice(3)).toEqual(['end fast', 'end medium', 'end slow']);
    expect(events.flatMap((event) => (event.type === 'tool_result' ? [event.result.content] : []))).toEqual(['FAST', 'MEDIUM', 'SLOW']);
    expect(bodies()[1]!.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'call_00_get_weather', content: 'SLOW' },
      { role: 'tool', tool_call_id: 'call_01_get_weather', content: 'FAST' },
      { role: 'tool', tool_call_id: 'call_02_get_weather', content: 'MEDIUM' },
    ]);
  });
});

describe('history, results and usage', () => {
  test('keeps each turn\'s reasoning exactly as returned, and gives a tool-call turn without reasoning an empty one', async () => {
    const { client, bodies } = scripted([
      toolTurn([weatherCall], { content: 'Let me check.' }), // non-thinking: no reasoning_content key
      toolTurn([{ name: 'get_weather', arguments: '{"city": "Paris"}' }], { reasoning: '  Paris next.\n' }),
      answerTurn('Rain in both.', { reasoning: 'Both answered.' }),
    ]);
    const result = await client.chat.completions.runTools({ model: 'any-model-id', messages, tools: [weatherTool()] });
    const third = bodies()[2]!.messages as Record<string, unknown>[];
    expect(third[1]).toEqual({ role: 'assistant', content: 'Let me check.', reasoning_content: '', tool_calls: [{ id: 'call_00_get_weather', type: 'function', function: weatherCall }] });
    expect(third[3]).toMatchObject({ role: 'assistant', content: '', reasoning_content: '  Paris next.\n' });
    expect(result.messages.at(-1)).toEqual({ role: 'assistant', content: 'Rain in both.', reasoning_content: 'Both answered.' });
  });

  test('sums usage over every step, cache hits and misses and reasoning tokens included', async () => {
    const { client } = scripted([
      toolTurn([weatherCall], { usage: usage(300, 40, 256, 12) }),
      toolTurn([weatherCall], { usage: usage(400, 50, 384) }),
      answerTurn('ok', { usage: usage(500, 60, 448, 20) }),
    ]);
    const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool()] });
    expect(result.usage).toEqual({
      prompt_tokens: 1200,
      completion_tokens: 150,
      total_tokens: 1350,
      prompt_cache_hit_tokens: 1088,
      prompt_cache_miss_tokens: 112,
      prompt_tokens_details: { cached_tokens: 1088 },
      completion_tokens_details: { reasoning_tokens: 32 },
    });
    expect(result.steps.map((step) => step.usage?.prompt_tokens)).toEqual([300, 400, 500]);
  });

  test('a string result is sent as it is, anything else as JSON, nothing as null', async () => {
    const results: unknown[] = ['plain text', { a: [1, 2] }, 7, undefined];
    const calls = results.map((_, i) => ({ name: 'echo', arguments: JSON.stringify({ i }) }));
    const { client, bodies } = scripted([toolTurn(calls), answerTurn('ok')]);
    const echo = tool({ name: 'echo', parameters: jsonSchema<{ i: number }>({ type: 'object', properties: { i: { type: 'integer' } }, required: ['i'] }), execute: ({ i }) => results[i] });
    await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [echo] });
    expect(bodies()[1]!.messages.slice(2).map((m: { content: string }) => m.content)).toEqual(['plain text', '{"a":[1,2]}', '7', 'null']);
  });

  test('a turn cut by finish_reason length does not run its calls, whose arguments may be cut, and ends the loop as truncated', async () => {
    const { client, fetch } = scripted([toolTurn([{ name: 'get_weather', arguments: '{"ci' }], { finish: 'length' })]);
    let runs = 0;
    const result = await client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool(() => ++runs)] });
    expect(runs).toBe(0);
    expect(fetch.calls).toHaveLength(1);
    expect(result.stopReason).toBe('truncated');
    expect(result.steps[0]!.toolResults).toEqual([]);
  });

  test('only chat parameters are sent: the loop settings stay out of the body, and stepOptions reach each request', async () => {
    const { client, fetch, bodies } = scripted([toolTurn([weatherCall]), answerTurn('ok')]);
    await client.chat.completions.runTools(
      {
        model: 'deepseek-flash',
        messages,
        tools: [weatherTool()],
        maxSteps: 4,
        stopWhen: () => false,
        approve: () => true,
        toolErrors: 'report',
        stepOptions: (step) => ({ headers: { 'x-step': String(step) } }),
        temperature: 0.2,
      },
      { headers: { 'x-run': 'r1' } },
    );
    expect(Object.keys(bodies()[0]!).sort()).toEqual(['messages', 'model', 'temperature', 'tools']);
    expect(fetch.calls.map((call) => [call.headers.get('x-run'), call.headers.get('x-step')])).toEqual([['r1', '1'], ['r1', '2']]);
  });

  test('finalResult() runs a streamed run that was never iterated, and a run can be iterated once', async () => {
    const { client } = scripted([toolTurn([weatherCall]), answerTurn('Rain.')]);
    const run = client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [weatherTool()], stream: true });
    const result = await run.finalResult();
    expect(result.completion.choices[0]!.message.content).toBe('Rain.');
    expect(() => run[Symbol.asyncIterator]()).toThrow('already been consumed');
  });
});

describe('with({ chat: ToolkitChat })', () => {
  test('keeps create() working as before, JSON and streamed, next to runTools and parse', async () => {
    const { client, bodies } = scripted([answerTurn('plain', { reasoning: 'r' }), answerTurn('streamed', { reasoning: 'r2' })]);
    const completion = await client.chat.completions.create({ model: 'deepseek-flash', messages });
    expect(completion.choices[0]!.message.content).toBe('plain');
    const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true });
    expect((await stream.finalMessage())).toEqual({ role: 'assistant', content: 'streamed', reasoning_content: 'r2' });
    expect(bodies().map((body) => body.stream)).toEqual([undefined, true]);
    expect(client.models.list).toBeTypeOf('function');
  });
});
