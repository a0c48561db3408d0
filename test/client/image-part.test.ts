/**
 * imagePart() builds the content parts DeepSeek documents: an uploaded file by id on the part
 * itself (`{ type: 'file', file_id }`, not OpenAI's nested `file: { file_id }`), an image URL,
 * or the image inline as a base64 data URL, checked like an upload (format, 32 MiB).
 */
import { describe, expect, test } from 'vitest';
import { DeepSeekError, FileUploadError, imagePart } from '../../src/index';
import { createSpecValidator } from '../helpers/spec-schemas';
import { fileObject, image, MiB } from '../helpers/files';

const validator = createSpecValidator();
const inRequest = (part: unknown) => ({ model: 'deepseek-flash', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, part] }] });

describe('imagePart', () => {
  test('an uploaded file, by FileObject or by id, becomes a flat file part the contract accepts', () => {
    expect(imagePart(fileObject({ id: 'file-api-42' }))).toEqual({ type: 'file', file_id: 'file-api-42' });
    expect(imagePart('file-api-42')).toEqual({ type: 'file', file_id: 'file-api-42' });
    expect(validator.errors('ChatCompletionRequest', inRequest(imagePart('file-api-42')))).toEqual([]);
  });

  test('an https or data URL becomes an image_url part, with detail when given', () => {
    expect(imagePart('https://example.com/cat.png', { detail: 'low' })).toEqual({ type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } });
    expect(imagePart('data:image/png;base64,iVBORw0KGgo=')).toEqual({ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } });
  });

  test('bytes become an inline data URL of the sniffed type, exactly base64 of the bytes', () => {
    const bytes = image('webp', 100_000);
    const part = imagePart(bytes, { detail: 'high' });
    const url = part.image_url.url;
    expect(url.startsWith('data:image/webp;base64,')).toBe(true);
    expect(new Uint8Array(Buffer.from(url.slice('data:image/webp;base64,'.length), 'base64'))).toEqual(bytes);
    expect(part.image_url.detail).toBe('high');
    expect(validator.errors('ChatCompletionRequest', inRequest(part))).toEqual([]);
  });

  test('an ArrayBuffer and a view into a larger buffer encode only their own bytes', () => {
    const bytes = image('jpeg', 30);
    const padded = new Uint8Array(50);
    padded.set(bytes, 10);
    const expected = `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`;
    expect(imagePart(padded.subarray(10, 40)).image_url.url).toBe(expected);
    expect(imagePart(bytes.buffer).image_url.url).toBe(expected);
  });

  test('a Blob resolves to the same part as its bytes', async () => {
    const bytes = image('gif', 64);
    await expect(imagePart(new Blob([bytes]), { detail: 'auto' })).resolves.toEqual(imagePart(bytes, { detail: 'auto' }));
  });

  test('inline images are checked like uploads: a PDF is unsupported_type, 32 MiB + 1 is too_large', async () => {
    expect(() => imagePart(new TextEncoder().encode('%PDF-1.4'))).toThrow(FileUploadError);
    const big = new Uint8Array(32 * MiB + 1);
    big.set(image('png', 8));
    expect(() => imagePart(big)).toThrow(/at most 32 MiB per inline image \(upload larger images with the Files API\)/);
    await expect(imagePart(new Blob([big]))).rejects.toMatchObject({ reason: 'too_large' });
  });

  test('detail with a file id is an error: DeepSeek documents no detail on file parts', () => {
    expect(() => imagePart('file-api-42', { detail: 'low' } as never)).toThrow(DeepSeekError);
    expect(() => imagePart('file-api-42', { detail: 'low' } as never)).toThrow(/detail applies to image_url parts only/);
  });

  test('nothing usable is a DeepSeekError naming what it got', () => {
    expect(() => imagePart('')).toThrow(DeepSeekError);
    expect(() => imagePart(null as never)).toThrow(/got null/);
  });
});
