/**
 * `POST /responses` types generated from the spec: the typed client's request and response
 * bodies, the `JsonRequestBody` / `JsonResponseBody` helpers the transport is built on, input
 * items (an image takes exactly one source), replaying output items as input, and narrowing the
 * known stream events by `type`.
 */
import { describe, expectTypeOf, test } from 'vitest';
import type {
  ResponseCreateRequest,
  ResponseInputItem,
  ResponseObject,
  ResponseOutputItem,
  ResponseOutputWebSearchCall,
  ResponseKnownStreamEvent,
  ResponseStreamEvent,
  ResponseUnknownEvent,
} from '../../generated/deepseek';
import { createOpenAPIClient, type JsonRequestBody, type JsonResponseBody, type PathsWith } from '../../src/openapi';
import type { Transport } from '../../src/transport';

const client = createOpenAPIClient({ baseUrl: 'http://127.0.0.1:1' });
declare const transport: Transport;

describe('POST /responses types', () => {
  test('/responses is a POST path whose JSON request and response bodies are the spec components', () => {
    expectTypeOf<'/responses'>().toMatchTypeOf<PathsWith<'post'>>();
    expectTypeOf<JsonRequestBody<'/responses'>>().toEqualTypeOf<ResponseCreateRequest>();
    expectTypeOf<JsonResponseBody<'/responses', 'post'>>().toEqualTypeOf<ResponseObject>();
  });

  test('the typed client and the transport return ResponseObject', () => {
    const viaClient = () => client.POST('/responses', { body: { model: 'deepseek-flash', input: 'Hi' } });
    const viaTransport = () => transport.post('/responses', { model: 'deepseek-flash', input: 'Hi' });
    expectTypeOf<Awaited<ReturnType<typeof viaClient>>['data']>().toEqualTypeOf<ResponseObject | undefined>();
    expectTypeOf<Awaited<ReturnType<typeof viaTransport>>['data']>().toEqualTypeOf<ResponseObject>();
  });

  test('a reasoning effort outside the documented set is a compile error', () => {
    void transport.post('/responses', { model: 'deepseek-flash', input: 'Hi', reasoning: { effort: 'none' } });
    // @ts-expect-error 'extreme' is not an effort
    void transport.post('/responses', { model: 'deepseek-flash', input: 'Hi', reasoning: { effort: 'extreme' } });
  });

  test('a misspelled request field is a compile error in the transport', () => {
    // @ts-expect-error max_tokens is chat's name; /responses takes max_output_tokens
    void transport.post('/responses', { model: 'deepseek-flash', input: 'Hi', max_tokens: 10 });
  });

  test('an input_image takes exactly one of image_url and file_id', () => {
    const byUrl: ResponseInputItem = { role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' }] };
    const byFile: ResponseInputItem = { role: 'user', content: [{ type: 'input_image', file_id: 'file-api-0000' }] };
    // @ts-expect-error both sources
    const both: ResponseInputItem = { role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png', file_id: 'file-api-0000' }] };
    // @ts-expect-error neither source
    const neither: ResponseInputItem = { role: 'user', content: [{ type: 'input_image' }] };
    void [byUrl, byFile, both, neither];
  });

  test('a function_call item needs call_id, name and arguments', () => {
    const call: ResponseInputItem = { type: 'function_call', call_id: 'call_00_a', name: 'f', arguments: '{}' };
    // @ts-expect-error call_id is required
    const withoutCallId: ResponseInputItem = { type: 'function_call', name: 'f', arguments: '{}' };
    void [call, withoutCallId];
  });

  test('input items narrow by type, the shorthand message having no type', () => {
    const describe = (item: ResponseInputItem): string => {
      if (item.type === undefined) return item.role;
      if (item.type === 'function_call_output') return item.call_id;
      if (item.type === 'web_search_call') return item.action.type;
      return item.type;
    };
    void describe;
  });

  test('output messages, reasoning and function calls can be replayed as input items as they are', () => {
    expectTypeOf<Exclude<ResponseOutputItem, ResponseOutputWebSearchCall>>().toMatchTypeOf<ResponseInputItem>();
  });

  test('a web_search_call output item is replayable only once its action is known', () => {
    expectTypeOf<ResponseOutputWebSearchCall>().not.toMatchTypeOf<ResponseInputItem>();
    expectTypeOf<ResponseOutputWebSearchCall & { action: NonNullable<ResponseOutputWebSearchCall['action']> }>().toMatchTypeOf<ResponseInputItem>();
  });

  test('the stream event union is the known events plus the catch-all', () => {
    expectTypeOf<ResponseStreamEvent>().toEqualTypeOf<ResponseKnownStreamEvent | ResponseUnknownEvent>();
    expectTypeOf<ResponseUnknownEvent['type']>().toEqualTypeOf<string>();
  });

  test('every known event also fits the catch-all, so Exclude cannot separate them and the spec names the known union', () => {
    expectTypeOf<ResponseKnownStreamEvent>().toMatchTypeOf<ResponseUnknownEvent>();
    expectTypeOf<Exclude<ResponseStreamEvent, ResponseUnknownEvent>>().toEqualTypeOf<never>();
  });

  test('the known stream events narrow by type', () => {
    const read = (event: ResponseKnownStreamEvent): string => {
      switch (event.type) {
        case 'response.output_text.delta':
        case 'response.reasoning_text.delta':
        case 'response.function_call_arguments.delta':
          return event.delta;
        case 'response.completed':
          return event.response.status;
        case 'response.output_item.added':
          return event.item.type;
        default:
          return event.type;
      }
    };
    void read;
  });
});
