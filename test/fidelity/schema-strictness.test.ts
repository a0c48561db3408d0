/**
 * Proves the schemas are not vacuous: bodies missing required fields, with wrong types, or
 * outside the ranges DeepSeek documents are rejected. Each case starts from a valid fixture
 * (a spec example), checks it passes, then breaks one thing.
 */
import { describe, expect, test } from 'vitest';
import { createSpecValidator } from '../helpers/spec-schemas';
import { exampleValue } from '../helpers/spec-examples';
import { sseDataPayloads } from '../helpers/sse-text';

const validator = createSpecValidator();
type Json = Record<string, any>;

const chatRequest = (): Json => ({
  ...exampleValue('createChatCompletion', 'request', 'application/json', 'basic'),
  temperature: 1,
  top_p: 1,
  top_logprobs: 5,
  logprobs: true,
});
const fimRequest = (): Json => exampleValue('createFimCompletion', 'request', 'application/json', 'function_body');
const chat = (): Json => exampleValue('createChatCompletion', '200', 'application/json', 'tool_calls');
const chunk = (): Json =>
  JSON.parse(sseDataPayloads(exampleValue('createChatCompletion', '200', 'text/event-stream', 'stream_tool_calls'))[2]!);
const fim = (): Json => exampleValue('createFimCompletion', '200', 'application/json', 'fim');
const models = (): Json => exampleValue('listModels', '200', 'application/json', 'models');
const balance = (): Json => exampleValue('getUserBalance', '200', 'application/json', 'balance');
const error = (): Json => exampleValue('createChatCompletion', '402', 'application/json', 'insufficient_balance');
const visionRequest = (): Json => exampleValue('createChatCompletion', 'request', 'application/json', 'vision_file');
const upload = (): Json => exampleValue('uploadFile', 'request', 'multipart/form-data', 'expiring');
const fileObject = (): Json => exampleValue('uploadFile', '200', 'application/json', 'expiring');
const fileList = (): Json => exampleValue('listFiles', '200', 'application/json', 'one_page');
const fileDeleted = (): Json => exampleValue('deleteFile', '200', 'application/json', 'deleted');
/** The vision example's file part, replaced by `part`. */
const withFilePart = (part: Json) => (b: Json) => (b.messages[0].content[1] = part);

/** [schema, what breaks, valid base, mutation] */
const cases: [string, string, () => Json, (body: Json) => void][] = [
  // requests: ranges and defaults from the original reference pages
  ['ChatCompletionRequest', 'temperature above 2', chatRequest, (b) => (b.temperature = 3)],
  ['ChatCompletionRequest', 'temperature below 0', chatRequest, (b) => (b.temperature = -0.5)],
  ['ChatCompletionRequest', 'top_p above 1', chatRequest, (b) => (b.top_p = 1.5)],
  ['ChatCompletionRequest', 'top_logprobs above 20', chatRequest, (b) => (b.top_logprobs = 21)],
  ['ChatCompletionRequest', 'frequency_penalty below -2', chatRequest, (b) => (b.frequency_penalty = -3)],
  ['ChatCompletionRequest', 'presence_penalty above 2', chatRequest, (b) => (b.presence_penalty = 2.5)],
  ['ChatCompletionRequest', 'max_tokens of 0', chatRequest, (b) => (b.max_tokens = 0)],
  ['ChatCompletionRequest', 'max_tokens not an integer', chatRequest, (b) => (b.max_tokens = 10.5)],
  ['ChatCompletionRequest', 'more than 16 stop sequences', chatRequest, (b) => (b.stop = Array.from({ length: 17 }, (_, i) => `s${i}`))],
  ['ChatCompletionRequest', 'more than 128 tools', chatRequest, (b) => (b.tools = Array.from({ length: 129 }, (_, i) => ({ type: 'function', function: { name: `f${i}` } })))],
  ['ChatCompletionRequest', 'a tool name with a space', chatRequest, (b) => (b.tools = [{ type: 'function', function: { name: 'get weather' } }])],
  ['ChatCompletionRequest', 'a tool of an OpenAI-only type', chatRequest, (b) => (b.tools = [{ type: 'custom', function: { name: 'f' } }])],
  ['ChatCompletionRequest', 'an unknown tool_choice', chatRequest, (b) => (b.tool_choice = 'any')],
  ['ChatCompletionRequest', 'response_format json_schema (not offered by DeepSeek)', chatRequest, (b) => (b.response_format = { type: 'json_schema' })],
  ['ChatCompletionRequest', 'thinking type neither enabled nor disabled', chatRequest, (b) => (b.thinking = { type: 'sometimes' })],
  ['ChatCompletionRequest', 'a rejected reasoning_effort', chatRequest, (b) => (b.reasoning_effort = 'minimal')],
  ['ChatCompletionRequest', 'a user_id with a space', chatRequest, (b) => (b.user_id = 'user 42')],
  ['ChatCompletionRequest', 'a user_id over 512 characters', chatRequest, (b) => (b.user_id = 'u'.repeat(513))],
  ['ChatCompletionRequest', 'stream as a string', chatRequest, (b) => (b.stream = 'yes')],
  ['ChatCompletionRequest', 'no messages', chatRequest, (b) => delete b.messages],
  ['ChatCompletionRequest', 'an empty messages array', chatRequest, (b) => (b.messages = [])],
  ['ChatCompletionRequest', 'no model', chatRequest, (b) => delete b.model],
  ['ChatCompletionRequest', 'an empty model id', chatRequest, (b) => (b.model = '')],
  ['ChatCompletionRequest', 'an unknown role', chatRequest, (b) => (b.messages[1].role = 'robot')],
  ['ChatCompletionRequest', 'a user message without content', chatRequest, (b) => delete b.messages[1].content],
  ['ChatCompletionRequest', 'a system message with array content', chatRequest, (b) => (b.messages[0].content = [{ type: 'text', text: 'x' }])],
  ['ChatCompletionRequest', 'a tool message without tool_call_id', chatRequest, (b) => b.messages.push({ role: 'tool', content: '{}' })],
  ['ChatCompletionRequest', 'an assistant message without the content key', chatRequest, (b) => b.messages.push({ role: 'assistant', reasoning_content: 'r' })],
  ['ChatCompletionRequest', 'prefix as a string', chatRequest, (b) => b.messages.push({ role: 'assistant', content: 'x', prefix: 'yes' })],
  ['ChatCompletionRequest', 'an unknown content part type', chatRequest, (b) => (b.messages[1].content = [{ type: 'audio', audio: 'x' }])],
  ['ChatCompletionRequest', "OpenAI's nested file part { file: { file_id } } (DeepSeek reads neither field: 400)", visionRequest, withFilePart({ type: 'file', file: { file_id: 'file-api-x' } })],
  ['ChatCompletionRequest', 'a file part with both file_id and file_data', visionRequest, withFilePart({ type: 'file', file_id: 'file-api-x', file_data: 'data:image/png;base64,AA==' })],
  ['ChatCompletionRequest', 'a file part with a filename next to file_id', visionRequest, withFilePart({ type: 'file', file_id: 'file-api-x', filename: 'a.png' })],
  ['ChatCompletionRequest', 'a file part with neither file_id nor file_data', visionRequest, withFilePart({ type: 'file', filename: 'a.png' })],
  ['ChatCompletionRequest', 'an image detail outside low/high/original/auto', visionRequest, withFilePart({ type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'medium' } })],
  ['FileUploadRequest', 'no file', upload, (b) => delete b.file],
  ['FileUploadRequest', 'a purpose other than user_data', upload, (b) => (b.purpose = 'assistants')],
  ['FileUploadRequest', 'expires_after[seconds] below one hour', upload, (b) => (b['expires_after[seconds]'] = 3599)],
  ['FileUploadRequest', 'expires_after[seconds] above 30 days', upload, (b) => (b['expires_after[seconds]'] = 2_592_001)],
  ['FileUploadRequest', 'an anchor other than created_at', upload, (b) => (b['expires_after[anchor]'] = 'now')],
  ['FileUploadRequest', 'expires_after[seconds] without its anchor', upload, (b) => delete b['expires_after[anchor]']],
  ['FimCompletionRequest', 'no prompt', fimRequest, (b) => delete b.prompt],
  ['FimCompletionRequest', 'boolean logprobs (FIM takes an integer)', fimRequest, (b) => (b.logprobs = true)],
  ['FimCompletionRequest', 'logprobs above 20', fimRequest, (b) => (b.logprobs = 21)],
  ['FimCompletionRequest', 'temperature above 2', fimRequest, (b) => (b.temperature = 2.1)],
  // responses
  ['ChatCompletion', 'no choices', chat, (b) => delete b.choices],
  ['ChatCompletion', 'no id', chat, (b) => delete b.id],
  ['ChatCompletion', 'created as a string', chat, (b) => (b.created = 'yesterday')],
  ['ChatCompletion', 'the chunk object type', chat, (b) => (b.object = 'chat.completion.chunk')],
  ['ChatCompletion', 'an unknown finish_reason', chat, (b) => (b.choices[0].finish_reason = 'banana')],
  ['ChatCompletion', 'a null finish_reason', chat, (b) => (b.choices[0].finish_reason = null)],
  ['ChatCompletion', 'a message role other than assistant', chat, (b) => (b.choices[0].message.role = 'user')],
  ['ChatCompletion', 'tool call arguments as an object', chat, (b) => (b.choices[0].message.tool_calls[0].function.arguments = { city: 'x' })],
  ['ChatCompletion', 'usage without the cache-miss count', chat, (b) => delete b.usage.prompt_cache_miss_tokens],
  ['ChatCompletion', 'usage counts as strings', chat, (b) => (b.usage.prompt_tokens = '12')],
  ['ChatCompletion', 'reasoning tokens below zero', chat, (b) => (b.usage.completion_tokens_details.reasoning_tokens = -1)],
  ['ChatCompletionChunk', 'no id', chunk, (b) => delete b.id],
  ['ChatCompletionChunk', 'the completion object type', chunk, (b) => (b.object = 'chat.completion')],
  ['ChatCompletionChunk', 'a choice without delta', chunk, (b) => delete b.choices[0].delta],
  ['ChatCompletionChunk', 'a tool call delta without index', chunk, (b) => delete b.choices[0].delta.tool_calls[0].index],
  ['ChatCompletionChunk', 'content as a number', chunk, (b) => (b.choices[0].delta.content = 42)],
  ['TextCompletion', 'the chat object type', fim, (b) => (b.object = 'chat.completion')],
  ['TextCompletion', 'a choice without text', fim, (b) => delete b.choices[0].text],
  ['ModelList', 'a model without id', models, (b) => delete b.data[0].id],
  ['ModelList', 'an object other than list', models, (b) => (b.object = 'models')],
  ['UserBalance', 'an amount as a number', balance, (b) => (b.balance_infos[0].total_balance = 47.44)],
  ['UserBalance', 'an amount that is not a decimal', balance, (b) => (b.balance_infos[0].total_balance = 'a lot')],
  ['UserBalance', 'an unknown currency', balance, (b) => (b.balance_infos[0].currency = 'EUR')],
  ['UserBalance', 'no is_available', balance, (b) => delete b.is_available],
  ['FileObject', 'no id', fileObject, (b) => delete b.id],
  ['FileObject', 'an object other than file', fileObject, (b) => (b.object = 'file.upload')],
  ['FileObject', 'bytes as a string', fileObject, (b) => (b.bytes = '48213')],
  ['FileObject', 'expires_at as a date string', fileObject, (b) => (b.expires_at = '2026-12-07')],
  ['FileObjectList', 'no has_more', fileList, (b) => delete b.has_more],
  ['FileObjectList', 'a file without filename', fileList, (b) => delete b.data[0].filename],
  ['FileDeleted', 'deleted as a string', fileDeleted, (b) => (b.deleted = 'yes')],
  ['FileDeleted', "OpenAI's object file.deleted", fileDeleted, (b) => (b.object = 'file.deleted')],
  ['ErrorResponse', 'no error object', error, (b) => delete b.error],
  ['ErrorResponse', 'an error without message', error, (b) => delete b.error.message],
];

describe('schemas reject invalid bodies', () => {
  test.each(cases)('%s rejects %s', (schema, _what, base, mutate) => {
    const body = base();
    expect(validator.errors(schema, body)).toEqual([]);
    mutate(body);
    expect(validator.errors(schema, body).length).toBeGreaterThan(0);
  });

  test('unknown extra fields are accepted (the API ignores them and the SDK passes them through)', () => {
    expect(validator.errors('ChatCompletionRequest', { ...chatRequest(), n: 1, seed: 7 })).toEqual([]);
    expect(validator.errors('ChatCompletion', { ...chat(), brand_new_field: { nested: true } })).toEqual([]);
  });

  test('a file part by file_id, and one inline with file_data and a filename, are both accepted', () => {
    const part = (value: Json): Json => {
      const body = visionRequest();
      body.messages[0].content[1] = value;
      return body;
    };
    expect(validator.errors('ChatCompletionRequest', part({ type: 'file', file_id: 'file-api-x' }))).toEqual([]);
    expect(validator.errors('ChatCompletionRequest', part({ type: 'file', file_data: 'data:image/png;base64,AA==', filename: 'a.png' }))).toEqual([]);
    expect(validator.errors('ChatCompletionRequest', part({ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==', detail: 'low' } }))).toEqual([]);
  });

  test('an upload without expires_after is accepted (the file is kept until deleted)', () => {
    const body = upload();
    delete body['expires_after[anchor]'];
    delete body['expires_after[seconds]'];
    expect(validator.errors('FileUploadRequest', body)).toEqual([]);
  });

  test('model is an open string: an unknown future id is accepted', () => {
    expect(validator.errors('ChatCompletionRequest', { ...chatRequest(), model: 'deepseek-v9-ultra' })).toEqual([]);
  });
});
