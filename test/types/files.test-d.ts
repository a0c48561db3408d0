/**
 * The Files surface is typed from the spec: results are the spec's FileObject, FileDeleted and
 * pages of them; `purpose`, `expires_after` and the list parameters accept only what the
 * contract allows; imagePart() returns the part type of what it was given.
 */
import { describe, expectTypeOf, test } from 'vitest';
import {
  DeepSeek,
  deleteFile,
  Files,
  imagePart,
  listFiles,
  retrieveFile,
  toFile,
  uploadFile,
  type APIPromise,
  type DeepSeekCore,
  type FileContentPart,
  type FileDeleted,
  type FileObject,
  type FilePage,
  type FilePagePromise,
  type ImageContentPart,
  type UploadFile,
} from '../../src/index';

declare const core: DeepSeekCore;
declare const bytes: Uint8Array;
declare const file: FileObject;
const client = new DeepSeek({ apiKey: 'sk-test-types-0000' }).with({ files: Files });

describe('Files types', () => {
  test('client.files and the functions resolve to the spec types', () => {
    expectTypeOf(client.files).toEqualTypeOf<Files>();
    expectTypeOf(client.files.create({ file: bytes, purpose: 'user_data' })).toEqualTypeOf<APIPromise<FileObject>>();
    expectTypeOf(uploadFile(core, { file: new Blob(), purpose: 'user_data', expires_after: { anchor: 'created_at', seconds: 3600 } })).resolves.toEqualTypeOf<FileObject>();
    expectTypeOf(client.files.retrieve('file-api-1')).resolves.toEqualTypeOf<FileObject>();
    expectTypeOf(retrieveFile(core, 'file-api-1')).resolves.toEqualTypeOf<FileObject>();
    expectTypeOf(client.files.delete('file-api-1')).resolves.toEqualTypeOf<FileDeleted>();
    expectTypeOf(deleteFile(core, 'file-api-1')).resolves.toEqualTypeOf<FileDeleted>();
    expectTypeOf<FileDeleted['deleted']>().toEqualTypeOf<boolean>();
  });

  test('list() is a promise of the first page that iterates files across pages', () => {
    expectTypeOf(client.files.list()).toEqualTypeOf<FilePagePromise>();
    expectTypeOf(listFiles(core, { limit: 10 })).resolves.toEqualTypeOf<FilePage>();
    expectTypeOf(listFiles(core)).toMatchTypeOf<AsyncIterable<FileObject>>();
    expectTypeOf<FilePage>().toMatchTypeOf<AsyncIterable<FileObject>>();
    expectTypeOf<FilePage['data']>().toEqualTypeOf<FileObject[]>();
    expectTypeOf<FilePage['has_more']>().toEqualTypeOf<boolean>();
  });

  test('parameters outside the contract are compile errors', () => {
    // @ts-expect-error user_data is the only purpose
    void client.files.create({ file: bytes, purpose: 'assistants' });
    // @ts-expect-error the anchor is created_at
    void client.files.create({ file: bytes, purpose: 'user_data', expires_after: { anchor: 'now', seconds: 3600 } });
    // @ts-expect-error a path goes through toFile()
    void client.files.create({ file: './photo.png', purpose: 'user_data' });
    // @ts-expect-error order is asc or desc
    void client.files.list({ order: 'newest' });
    // @ts-expect-error limit is a number
    void client.files.list({ limit: '10' });
  });

  test('toFile resolves to an UploadFile that create() takes', async () => {
    expectTypeOf(toFile('./photo.png')).resolves.toEqualTypeOf<UploadFile>();
    expectTypeOf(toFile(new ReadableStream<Uint8Array>(), 'a.png', { type: 'image/png' })).resolves.toEqualTypeOf<UploadFile>();
    void client.files.create({ file: await toFile(bytes), purpose: 'user_data' });
  });

  test('imagePart returns a file part for an uploaded file and an image_url part for URLs and bytes', () => {
    expectTypeOf(imagePart(file)).toEqualTypeOf<FileContentPart>();
    expectTypeOf(imagePart('https://example.com/a.png', { detail: 'low' })).toEqualTypeOf<ImageContentPart>();
    expectTypeOf(imagePart(bytes, { detail: 'original' })).toEqualTypeOf<ImageContentPart>();
    expectTypeOf(imagePart(new Blob())).toEqualTypeOf<Promise<ImageContentPart>>();
    // @ts-expect-error detail is low, high, original or auto
    void imagePart(bytes, { detail: 'medium' });
  });

  test('a file part has its id on the part itself, in the flat shape DeepSeek documents', () => {
    const part: FileContentPart = { type: 'file', file_id: 'file-api-1' };
    void part;
    // @ts-expect-error file_id and file_data are mutually exclusive
    const both: FileContentPart = { type: 'file', file_id: 'file-api-1', file_data: 'data:image/png;base64,AA==' };
    void both;
  });
});
