/**
 * The Files API through the DeepSeek client and the functional twins against the Prism mock of
 * spec/openapi.yaml. Prism parses and validates multipart/form-data uploads (field names, the
 * purpose enum, the expiry range) and query and path parameters, so `sl-violations` being absent
 * means the SDK sent what the contract describes; the answers are the spec's examples.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  DeepSeek,
  DeepSeekCore,
  DeepSeekError,
  deleteFile,
  Files,
  imagePart,
  InternalServerError,
  listFiles,
  RateLimitError,
  retrieveFile,
  toFile,
  UnprocessableEntityError,
  uploadFile,
  type FileObject,
} from '../../src/index';
import { createSpecValidator } from '../helpers/spec-schemas';
import { image, streamOf } from '../helpers/files';

const prismUrl = inject('prismUrl');
const validator = createSpecValidator();
const client = new DeepSeek({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 }).with({ files: Files });
const dir = mkdtempSync(join(tmpdir(), 'deepseek-fetch-files-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files.create: Prism validates the multipart body', () => {
  const inputs = [
    ['bytes', async () => image('png', 2048)],
    ['a File', async () => new File([image('jpeg', 2048)], 'photo.jpg')],
    ['a ReadableStream', async () => streamOf(image('gif', 2048), 100)],
    [
      'toFile(path)',
      async () => {
        writeFileSync(join(dir, 'chart.webp'), image('webp', 2048));
        return toFile(join(dir, 'chart.webp'));
      },
    ],
  ] as const;

  test.each(inputs)('%s with expires_after: a valid request, answered with a FileObject', async (_what, file) => {
    const { data, response } = await client.files
      .create({ file: await file(), purpose: 'user_data', expires_after: { anchor: 'created_at', seconds: 86_400 } }, { headers: { prefer: 'example=expiring' } })
      .withResponse();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(validator.errors('FileObject', data)).toEqual([]);
    expect(data.expires_at).toBe(1795758400);
  });

  test('without expires_after the answer has no expires_at', async () => {
    const file = await client.files.create({ file: image('png'), purpose: 'user_data' });
    expect(validator.errors('FileObject', file)).toEqual([]);
    expect(file).not.toHaveProperty('expires_at');
  });

  test('a purpose the contract does not allow comes back as a 422 naming the multipart field', async () => {
    const error = await client.files.create({ file: image('png'), purpose: 'assistants' as 'user_data' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as APIError).headers?.get('sl-violations')).toContain('purpose');
  });

  test.each([
    [400, BadRequestError, 'Unsupported file format'],
    [401, AuthenticationError, 'Authentication Fails'],
    [429, RateLimitError, 'Rate Limit Reached'],
    [500, InternalServerError, 'Server Error'],
    [503, InternalServerError, 'Server Overloaded'],
  ] as const)('a documented %i becomes %o', async (status, ErrorClass, message) => {
    const error = await client.files.create({ file: image('png'), purpose: 'user_data' }, { headers: { prefer: `code=${status}` } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as APIError).message).toContain(message);
  });
});

describe('files.list', () => {
  test('query parameters pass the contract, and the page matches FileObjectList', async () => {
    const { data: page, response } = await client.files.list({ limit: 2, order: 'desc', purpose: 'user_data', after: 'file-api-0d9e4b7a2c1f4e8b9a6d3c5e7f1b2a80' }).withResponse();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(new URL(response.url).search).toBe('?limit=2&order=desc&purpose=user_data&after=file-api-0d9e4b7a2c1f4e8b9a6d3c5e7f1b2a80');
    expect(validator.errors('FileObjectList', page.toJSON())).toEqual([]);
    expect(page.has_more).toBe(false);
  });

  test('for await walks the single page of the example', async () => {
    const ids: string[] = [];
    for await (const file of client.files.list()) ids.push(file.id);
    expect(ids).toEqual(['file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47', 'file-api-0d9e4b7a2c1f4e8b9a6d3c5e7f1b2a80']);
  });

  test('a limit over 1000 comes back as a 422 naming the query parameter', async () => {
    const error = await client.files.list({ limit: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as APIError).headers?.get('sl-violations')).toContain('limit');
  });

  test('a mock that answers every page with the same has_more page ends the walk with an error, not a loop', async () => {
    const ids: string[] = [];
    const error = await (async () => {
      for await (const file of client.files.list({}, { headers: { prefer: 'example=more_pages' } })) ids.push(file.id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual(['file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47', 'file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47']);
    expect(error).toBeInstanceOf(DeepSeekError);
  });
});

describe('files.retrieve and files.delete', () => {
  test('retrieve answers a FileObject, also for an id that needs percent-encoding', async () => {
    for (const id of ['file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47', 'odd/id?#']) {
      const { data, response } = await client.files.retrieve(id).withResponse();
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(validator.errors('FileObject', data)).toEqual([]);
    }
  });

  test('delete answers a FileDeleted', async () => {
    const { data, response } = await client.files.delete('file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47').withResponse();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(validator.errors('FileDeleted', data)).toEqual([]);
    expect(data).toEqual({ id: 'file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47', object: 'file', deleted: true });
  });

  test.each(['retrieve', 'delete'] as const)('%s of an unknown id: the documented 404 is an APIError with status 404', async (method) => {
    const error = await client.files[method]('file-api-00000000000000000000000000000000', { headers: { prefer: 'code=404' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
    expect((error as APIError).message).toContain('No such file');
  });
});

describe('the functional twins and a vision request against the same mock', () => {
  const core = new DeepSeekCore({ apiKey: 'sk-test-contract-0000', baseURL: prismUrl, maxRetries: 0 });

  test('upload, list, retrieve, delete through the functions', async () => {
    const uploaded = await uploadFile(core, { file: image('png'), purpose: 'user_data' });
    const page = await listFiles(core, { limit: 1 });
    const retrieved = await retrieveFile(core, uploaded.id);
    const deleted = await deleteFile(core, uploaded.id);
    expect([validator.errors('FileObject', uploaded), validator.errors('FileObjectList', page.toJSON()), validator.errors('FileObject', retrieved), validator.errors('FileDeleted', deleted)]).toEqual([[], [], [], []]);
  });

  test('a chat message with imagePart(file) is a request the contract accepts', async () => {
    const file: FileObject = await client.files.create({ file: image('png'), purpose: 'user_data' });
    const { data, response } = await client.chat.completions
      .create(
        { model: 'deepseek-flash', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, imagePart(file), imagePart(image('jpeg', 64), { detail: 'low' })] }] },
        { headers: { prefer: 'example=vision' } },
      )
      .withResponse();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data.choices[0]?.message.content).toContain('terminal window');
  });
});
