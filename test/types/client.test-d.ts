/**
 * The public surface is typed from the spec: request typos are compile errors, `stream: true`
 * selects the stream type, `model` autocompletes known ids and accepts any string.
 */
import { describe, expectTypeOf, test } from 'vitest';
import {
  DeepSeek,
  toAssistantMessage,
  type AssistantMessage,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionStream,
  type ChatModel,
  type KnownChatModel,
  type ModelList,
  type TextCompletion,
  type TextCompletionChunk,
  type TextCompletionStream,
  type UserBalance,
  type WithResponse,
  type DeepSeekCore,
} from '../../src/index';

declare const client: DeepSeek;
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('DeepSeek public types', () => {
  test('create() without stream resolves to ChatCompletion, with stream: true to a ChatCompletionStream', () => {
    expectTypeOf(client.chat.completions.create({ model: 'deepseek-flash', messages })).resolves.toEqualTypeOf<ChatCompletion>();
    expectTypeOf(client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true })).resolves.toEqualTypeOf<ChatCompletionStream>();
    expectTypeOf<ChatCompletionStream>().toMatchTypeOf<AsyncIterable<ChatCompletionChunk>>();
    expectTypeOf<ReturnType<ChatCompletionStream['finalCompletion']>>().toEqualTypeOf<Promise<ChatCompletion>>();
  });

  test('FIM, models and balance resolve to their spec types', () => {
    expectTypeOf(client.fim.completions.create({ model: 'deepseek-v4-flash', prompt: 'x' })).resolves.toEqualTypeOf<TextCompletion>();
    expectTypeOf(client.fim.completions.create({ model: 'deepseek-v4-flash', prompt: 'x', stream: true })).resolves.toEqualTypeOf<TextCompletionStream>();
    expectTypeOf<TextCompletionStream>().toMatchTypeOf<AsyncIterable<TextCompletionChunk>>();
    expectTypeOf(client.models.list()).resolves.toEqualTypeOf<ModelList>();
    expectTypeOf(client.balance.retrieve()).resolves.toEqualTypeOf<UserBalance>();
    expectTypeOf(client.balance.retrieve().withResponse()).resolves.toEqualTypeOf<WithResponse<UserBalance>>();
  });

  test('request typos and wrong types are compile errors', () => {
    // @ts-expect-error temprature is not a field
    void client.chat.completions.create({ model: 'deepseek-flash', messages, temprature: 1 });
    // @ts-expect-error temperature is a number
    void client.chat.completions.create({ model: 'deepseek-flash', messages, temperature: 'hot' });
    // @ts-expect-error reasoning_effort has a fixed set of values
    void client.chat.completions.create({ model: 'deepseek-flash', messages, reasoning_effort: 'minimal' });
    // @ts-expect-error FIM needs a prompt
    void client.fim.completions.create({ model: 'deepseek-v4-flash' });
    // @ts-expect-error per-request options are checked too
    void client.models.list({ timeOut: 5 });
  });

  test('model autocompletes the known ids and accepts any other string', () => {
    expectTypeOf<'deepseek-flash'>().toMatchTypeOf<KnownChatModel>();
    expectTypeOf<KnownChatModel>().toMatchTypeOf<ChatModel>();
    expectTypeOf<'a-model-from-2027'>().toMatchTypeOf<ChatModel>();
    void client.chat.completions.create({ model: 'a-model-from-2027', messages });
  });

  test('toAssistantMessage turns a completion into a message for the next request', () => {
    expectTypeOf(toAssistantMessage).parameter(0).toMatchTypeOf<ChatCompletion | ChatCompletion['choices'][number]['message']>();
    expectTypeOf(toAssistantMessage).returns.toEqualTypeOf<AssistantMessage>();
  });

  test('with() types each added resource and keeps the built-in ones', () => {
    class Extra {
      constructor(readonly owner: DeepSeekCore) {}
      ping(): number {
        return 1;
      }
    }
    class Chat {
      readonly completions = { more: (): string => 'x' };
      constructor(readonly owner: DeepSeekCore) {}
    }
    const extended = client.with({ extra: Extra, chat: Chat });
    expectTypeOf(extended.extra.ping()).toEqualTypeOf<number>();
    expectTypeOf(extended.chat.completions.more()).toEqualTypeOf<string>();
    expectTypeOf(extended.chat.completions.create({ model: 'deepseek-flash', messages })).resolves.toEqualTypeOf<ChatCompletion>();
    expectTypeOf(extended.models.list()).resolves.toEqualTypeOf<ModelList>();
    // @ts-expect-error a resource must be a class built from a client
    client.with({ extra: 42 });
  });
});
