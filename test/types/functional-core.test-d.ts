/**
 * The functional core is typed like the class: `stream: true` selects a `ChunkStream` of the
 * operation's chunk type, a request typo is a compile error, and only package clients are accepted.
 */
import { describe, expectTypeOf, test } from 'vitest';
import {
  createChatCompletion,
  createFimCompletion,
  listModels,
  retrieveBalance,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChunkStream,
  type DeepSeek,
  type DeepSeekCore,
  type ModelList,
  type TextCompletion,
  type TextCompletionChunk,
  type UserBalance,
} from '../../src/index';

declare const core: DeepSeekCore;
declare const client: DeepSeek;
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('functional core types', () => {
  test('createChatCompletion resolves to ChatCompletion, or a ChunkStream of chat chunks with stream: true', () => {
    expectTypeOf(createChatCompletion(core, { model: 'deepseek-flash', messages })).resolves.toEqualTypeOf<ChatCompletion>();
    expectTypeOf(createChatCompletion(core, { model: 'deepseek-flash', messages, stream: true })).resolves.toEqualTypeOf<ChunkStream<ChatCompletionChunk>>();
    expectTypeOf<ChunkStream<ChatCompletionChunk>>().toMatchTypeOf<AsyncIterable<ChatCompletionChunk>>();
    expectTypeOf<ChunkStream<ChatCompletionChunk>>().not.toHaveProperty('finalCompletion');
  });

  test('createFimCompletion, listModels and retrieveBalance resolve to their spec types', () => {
    expectTypeOf(createFimCompletion(core, { model: 'deepseek-v4-flash', prompt: 'x' })).resolves.toEqualTypeOf<TextCompletion>();
    expectTypeOf(createFimCompletion(core, { model: 'deepseek-v4-flash', prompt: 'x', stream: true })).resolves.toEqualTypeOf<ChunkStream<TextCompletionChunk>>();
    expectTypeOf(listModels(core)).resolves.toEqualTypeOf<ModelList>();
    expectTypeOf(retrieveBalance(client)).resolves.toEqualTypeOf<UserBalance>();
  });

  test('a misspelled field or a plain object as the client is a compile error', () => {
    // @ts-expect-error: `mesages` is not a field of the chat request
    void createChatCompletion(core, { model: 'deepseek-flash', mesages: messages });
    // @ts-expect-error: a settings object is not a client
    void listModels({ baseURL: 'https://api.deepseek.com' });
  });
});
