/**
 * The toolkit's types: the argument type of `execute` and the `parsed` type of structured output
 * are inferred from the schema (zod 4, ArkType 2, Valibot via @valibot/to-json-schema,
 * `jsonSchema<T>()`, plain JSON Schema), `stream: true` selects the event stream, and the
 * toolkit attaches to the class through `with()`.
 */
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import {
  DeepSeek,
  ToolkitChat,
  jsonSchema,
  parseChatCompletion,
  runTools,
  tool,
  validateSchema,
  type ChatCompletion,
  type ChatCompletionStream,
  type DeepSeekCore,
  type ParsedChatCompletion,
  type RunnableTool,
  type SchemaResult,
  type ToolContext,
  type ToolRunEvent,
  type ToolRunResult,
  type ToolRunStream,
} from '../../src/index';

declare const core: DeepSeekCore;
const client = new DeepSeek({ apiKey: 'sk-test-types' }).with({ chat: ToolkitChat });
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('tool() infers the arguments of execute from the schema', () => {
  test('zod 4: the output type, transforms and defaults applied', () => {
    tool({
      name: 'book',
      parameters: z.object({ city: z.string(), nights: z.number().default(1), when: z.string().transform((s) => new Date(s)) }),
      execute: (args, context) => {
        expectTypeOf(args).toEqualTypeOf<{ city: string; nights: number; when: Date }>();
        expectTypeOf(context).toEqualTypeOf<ToolContext>();
        expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>();
      },
    });
  });

  test('ArkType 2', () => {
    tool({
      name: 'a',
      parameters: type({ city: 'string', 'days?': 'number' }),
      execute: (args) => expectTypeOf(args).toEqualTypeOf<{ city: string; days?: number }>(),
    });
  });

  test('Valibot through toStandardJsonSchema()', () => {
    tool({
      name: 'v',
      parameters: toStandardJsonSchema(v.object({ city: v.string(), tags: v.array(v.string()) })),
      execute: (args) => expectTypeOf(args).toEqualTypeOf<{ city: string; tags: string[] }>(),
    });
  });

  test('jsonSchema<T>() gives T; a plain JSON Schema gives unknown; no parameters give an empty record', () => {
    tool({ name: 'j', parameters: jsonSchema<{ id: number }>({ type: 'object' }), execute: (args) => expectTypeOf(args).toEqualTypeOf<{ id: number }>() });
    tool({ name: 'p', parameters: { type: 'object', properties: { id: { type: 'number' } } }, execute: (args) => expectTypeOf(args).toEqualTypeOf<unknown>() });
    tool({ name: 'n', execute: (args) => expectTypeOf(args).toEqualTypeOf<Record<string, never>>() });
  });

  test('the tool keeps its argument and result types', () => {
    const t = tool({ name: 't', parameters: z.object({ n: z.number() }), execute: ({ n }) => n * 2 });
    expectTypeOf(t).toEqualTypeOf<RunnableTool<{ n: number }, number>>();
  });

  test('a plain Valibot schema (no JSON Schema support) and a wrongly typed execute are compile errors', () => {
    // @ts-expect-error a Standard Schema without ~standard.jsonSchema cannot be sent
    tool({ name: 'x', parameters: v.object({ city: v.string() }), execute: () => 1 });
    // @ts-expect-error execute's parameter must accept the schema's output
    tool({ name: 'y', parameters: z.object({ n: z.number() }), execute: (args: { n: string }) => args });
  });
});

describe('runTools', () => {
  const t = tool({ name: 't', parameters: z.object({ n: z.number() }), execute: ({ n }) => n });

  test('without stream it resolves to a ToolRunResult; with stream: true it is a ToolRunStream of events', () => {
    expectTypeOf(client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [t] })).toEqualTypeOf<Promise<ToolRunResult>>();
    expectTypeOf(client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [t], stream: true })).toEqualTypeOf<ToolRunStream>();
    expectTypeOf(runTools(core, { model: 'deepseek-flash', messages, tools: [t] })).toEqualTypeOf<Promise<ToolRunResult>>();
    expectTypeOf(runTools(core, { model: 'deepseek-flash', messages, tools: [t], stream: true })).toEqualTypeOf<ToolRunStream>();
    expectTypeOf<ToolRunStream>().toMatchTypeOf<AsyncIterable<ToolRunEvent>>();
  });

  test('events narrow by type', () => {
    const event = {} as ToolRunEvent;
    if (event.type === 'text_delta') expectTypeOf(event.delta).toEqualTypeOf<string>();
    if (event.type === 'step_end') expectTypeOf(event.completion).toEqualTypeOf<ChatCompletion>();
    if (event.type === 'final') expectTypeOf(event.result).toEqualTypeOf<ToolRunResult>();
  });

  test('loop settings and chat parameters are checked', () => {
    // @ts-expect-error tools must be tool()s, not wire definitions
    void client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [{ type: 'function', function: { name: 'x' } }] });
    // @ts-expect-error maxSteps is a number
    void client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [t], maxSteps: '3' });
    // @ts-expect-error a typo in a chat parameter
    void client.chat.completions.runTools({ model: 'deepseek-flash', messages, tools: [t], temprature: 1 });
  });
});

describe('parse', () => {
  const person = z.object({ name: z.string(), born: z.number() });

  test('parsed has the schema output type, through the class and the functional core', () => {
    expectTypeOf(client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: person })).toEqualTypeOf<Promise<ParsedChatCompletion<{ name: string; born: number }>>>();
    expectTypeOf(parseChatCompletion(core, { model: 'deepseek-flash', messages, schema: type({ ok: 'boolean' }) })).resolves.toHaveProperty('parsed').toEqualTypeOf<{ ok: boolean }>();
    expectTypeOf(parseChatCompletion(core, { model: 'deepseek-flash', messages, schema: { type: 'object' } })).resolves.toHaveProperty('parsed').toEqualTypeOf<unknown>();
  });

  test('response_format, tools, tool_choice and stream are not parameters of parse()', () => {
    // @ts-expect-error parse sets response_format itself
    void client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: person, response_format: { type: 'text' } });
    // @ts-expect-error parse never forces a tool
    void client.chat.completions.parse({ model: 'deepseek-flash', messages, schema: person, tool_choice: 'required' });
  });

  test('validateSchema returns the schema output type', () => {
    expectTypeOf(validateSchema(person, {})).resolves.toEqualTypeOf<SchemaResult<{ name: string; born: number }>>();
  });
});

describe('with({ chat: ToolkitChat })', () => {
  test('keeps create() and the other resources, and adds runTools and parse', () => {
    expectTypeOf(client.chat.completions.create({ model: 'deepseek-flash', messages })).resolves.toEqualTypeOf<ChatCompletion>();
    expectTypeOf(client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true })).resolves.toEqualTypeOf<ChatCompletionStream>();
    expectTypeOf(client.models.list).toBeFunction();
    // @ts-expect-error a plain client has no runTools
    void new DeepSeek({ apiKey: 'sk-test-types' }).chat.completions.runTools;
  });
});
