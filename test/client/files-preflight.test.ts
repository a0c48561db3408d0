/**
 * An upload that breaks one of DeepSeek's rules fails with a FileUploadError before any byte is
 * sent (no fetch call at all): the format judged from the bytes, 64 MiB, 512-character names,
 * the expiry range, and inputs the SDK cannot read as a file.
 */
import { describe, expect, test } from 'vitest';
import { DeepSeek, DeepSeekError, FileUploadError, Files, toFile, type FileCreateParams } from '../../src/index';
import { image, MiB, streamOf } from '../helpers/files';
import { jsonResponse, observedFetch, testKey } from '../helpers/observed-fetch';

const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj');

async function refusal(params: FileCreateParams | Promise<FileCreateParams>) {
  const fetch = observedFetch([]);
  const client = new DeepSeek({ apiKey: testKey, fetch, logLevel: 'off' }).with({ files: Files });
  const error = await client.files.create(await params).catch((reason: unknown) => reason);
  expect(fetch.calls).toHaveLength(0);
  return error as FileUploadError;
}

describe('refused before sending', () => {
  test.each([
    ['PDF bytes', () => pdf],
    ['a PDF Blob named like a PNG', () => new File([pdf], 'scan.png', { type: 'image/png' })],
    ['a PDF stream', () => streamOf(pdf, 3)],
    ['an empty file', () => new Uint8Array(0)],
    ['an empty stream', () => new ReadableStream({ start: (controller) => controller.close() })],
  ])('%s: unsupported_type', async (_what, file) => {
    const error = await refusal({ file: file(), purpose: 'user_data' });
    expect(error).toBeInstanceOf(FileUploadError);
    expect(error.reason).toBe('unsupported_type');
  });

  test('a Blob one byte over 64 MiB: too_large, from its size, without reading it', async () => {
    const big = new Blob([image('png', 64), new Uint8Array(64 * MiB + 1 - 64)], { type: 'image/png' });
    expect(big.size).toBe(64 * MiB + 1);
    const error = await refusal({ file: big, purpose: 'user_data' });
    expect(error.reason).toBe('too_large');
    expect(error.message).toContain('at most 64 MiB per upload');
  });

  test('a 513-character filename: filename_too_long', async () => {
    const error = await refusal(toFile(image(), `${'n'.repeat(509)}.png`).then((file) => ({ file, purpose: 'user_data' as const })));
    expect(error.reason).toBe('filename_too_long');
  });

  test('expires_after of ten minutes: expires_after_out_of_range', async () => {
    const error = await refusal({ file: image(), purpose: 'user_data', expires_after: { anchor: 'created_at', seconds: 600 } });
    expect(error.reason).toBe('expires_after_out_of_range');
  });

  test('a path given as a string: invalid_file, pointing at toFile()', async () => {
    const error = await refusal({ file: './photo.png' as never, purpose: 'user_data' });
    expect(error.reason).toBe('invalid_file');
    expect(error.message).toBe('file is a string: to upload the file at a path, pass await toFile(path).');
  });

  test.each([[42], [null], [{ name: 'x.png' }]])('%j: invalid_file', async (file) => {
    expect((await refusal({ file: file as never, purpose: 'user_data' })).reason).toBe('invalid_file');
  });

  test('no params at all is a DeepSeekError', async () => {
    const error = await refusal(undefined as never);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect(error.message).toBe('uploadFile() needs { file, purpose }.');
  });

  test('a refused stream is cancelled, so its source can release what it holds', async () => {
    let cancelled: unknown = 'not cancelled';
    const source = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(pdf),
      cancel: (reason) => void (cancelled = reason),
    });
    expect((await refusal({ file: source, purpose: 'user_data' })).reason).toBe('unsupported_type');
    expect(cancelled).toBeInstanceOf(FileUploadError);
  });
});

describe('a stream is sent once', () => {
  test('the same stream given twice is refused the second time, saying how to upload a file again', async () => {
    const fetch = observedFetch([async (call) => (await new Response(call.init.body).arrayBuffer(), jsonResponse({ id: 'f', object: 'file', bytes: 1, created_at: 1, filename: 'a', purpose: 'user_data' }))]);
    const client = new DeepSeek({ apiKey: testKey, fetch, logLevel: 'off' }).with({ files: Files });
    const file = await toFile(streamOf(image()), 'once.png');
    await client.files.create({ file, purpose: 'user_data' });
    const error = await client.files.create({ file, purpose: 'user_data' }).catch((reason: unknown) => reason);
    expect((error as FileUploadError).reason).toBe('invalid_file');
    expect((error as Error).message).toMatch(/^The stream was already read .* Pass a Blob, bytes or toFile\(path\)/);
    expect(fetch.calls).toHaveLength(1);
  });
});
