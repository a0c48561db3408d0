/**
 * The typed client rejects wrong paths, field names and field types at compile time,
 * and types responses from the spec.
 */
import { describe, expectTypeOf, test } from 'vitest';
import type { ChatCompletion, ChatCompletionRequest, ModelList, TextCompletion, UserBalance } from '../../generated/deepseek';
import { createOpenAPIClient } from '../../src/openapi';
import type { Transport } from '../../src/transport';

const client = createOpenAPIClient({ baseUrl: 'http://127.0.0.1:1' });
declare const transport: Transport;
const messages: ChatCompletionRequest['messages'] = [{ role: 'user', content: 'hi' }];

describe('typed openapi-fetch client', () => {
  test('chat completion data is typed as ChatCompletion', () => {
    const call = () => client.POST('/chat/completions', { body: { model: 'deepseek-flash', messages } });
    expectTypeOf<Awaited<ReturnType<typeof call>>['data']>().toEqualTypeOf<ChatCompletion | undefined>();
  });

  test('FIM, models and balance data are typed from the spec', () => {
    const fim = () => client.POST('/completions', { body: { model: 'deepseek-v4-flash', prompt: 'def f():' } });
    const models = () => client.GET('/models');
    const balance = () => client.GET('/user/balance');
    expectTypeOf<Awaited<ReturnType<typeof fim>>['data']>().toEqualTypeOf<TextCompletion | undefined>();
    expectTypeOf<Awaited<ReturnType<typeof models>>['data']>().toEqualTypeOf<ModelList | undefined>();
    expectTypeOf<Awaited<ReturnType<typeof balance>>['data']>().toEqualTypeOf<UserBalance | undefined>();
  });

  test('a path that is not in the spec is a compile error', () => {
    // @ts-expect-error '/chat/completion' (singular) is not a path of the spec
    void client.POST('/chat/completion', { body: { model: 'deepseek-flash', messages } });
    // @ts-expect-error /models has no POST
    void client.POST('/models', {});
  });

  test('a misspelled request field is a compile error in the transport built on the client', () => {
    // openapi-fetch infers its init generically, which skips excess-property checks; the
    // transport types the body from the path instead, so a typo is caught there.
    // @ts-expect-error temprature is not a field
    void transport.post('/chat/completions', { model: 'deepseek-flash', messages, temprature: 1 });
    // @ts-expect-error sufix is not a FIM field
    void transport.post('/completions', { model: 'deepseek-v4-flash', prompt: 'x', sufix: 'y' });
    // @ts-expect-error /models has no POST
    void transport.post('/models', {});
  });

  test('the transport types responses from the spec', () => {
    const chat = () => transport.post('/chat/completions', { model: 'deepseek-flash', messages });
    const balance = () => transport.send('GET', '/user/balance');
    expectTypeOf<Awaited<ReturnType<typeof chat>>['data']>().toEqualTypeOf<ChatCompletion>();
    expectTypeOf<Awaited<ReturnType<typeof balance>>['data']>().toEqualTypeOf<UserBalance>();
  });

  test('a request field of the wrong type is a compile error', () => {
    // @ts-expect-error temperature is a number
    void client.POST('/chat/completions', { body: { model: 'deepseek-flash', messages, temperature: 'hot' } });
    // @ts-expect-error FIM logprobs is an integer, not a boolean
    void client.POST('/completions', { body: { model: 'deepseek-v4-flash', prompt: 'x', logprobs: true } });
  });

  test('an unknown role and a missing required field are compile errors', () => {
    // @ts-expect-error 'robot' is not a role
    void client.POST('/chat/completions', { body: { model: 'deepseek-flash', messages: [{ role: 'robot', content: 'hi' }] } });
    // @ts-expect-error a tool message needs tool_call_id
    void client.POST('/chat/completions', { body: { model: 'deepseek-flash', messages: [{ role: 'tool', content: '{}' }] } });
    // @ts-expect-error messages is required
    void client.POST('/chat/completions', { body: { model: 'deepseek-flash' } });
  });

  test('model accepts known ids and any other string', () => {
    void client.POST('/chat/completions', { body: { model: 'deepseek-v4-pro', messages } });
    void client.POST('/chat/completions', { body: { model: 'some-future-model', messages } });
  });

  test('response fields are typed: reasoning_content, usage cache counts, finish reasons', () => {
    expectTypeOf<ChatCompletion['choices'][number]['message']['reasoning_content']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<NonNullable<ChatCompletion['usage']>['prompt_cache_hit_tokens']>().toEqualTypeOf<number>();
    expectTypeOf<'insufficient_system_resource'>().toMatchTypeOf<ChatCompletion['choices'][number]['finish_reason']>();
  });
});
