/**
 * toFile() turns every accepted input into an UploadFile without reading it: a path or an
 * fs.ReadStream of a whole file becomes a Blob backed by the file on disk; a slice of a file,
 * an async iterable or a ReadableStream stays a stream; a Blob or bytes are kept as they are.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { DeepSeek, FileUploadError, Files, toFile, UploadFile } from '../../src/index';
import { image } from '../helpers/files';
import { observedFetch, testKey } from '../helpers/observed-fetch';

const dir = mkdtempSync(join(tmpdir(), 'deepseek-fetch-to-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = image('png', 5000);
const path = join(dir, 'photo.png');
writeFileSync(path, bytes);

async function contents(file: UploadFile): Promise<Uint8Array> {
  return new Uint8Array(await new Response(file.source as BodyInit).arrayBuffer());
}

describe('toFile', () => {
  test('a path becomes a file-backed Blob named after the file, with its size known and nothing read', async () => {
    const file = await toFile(path);
    expect(file).toBeInstanceOf(UploadFile);
    expect(file.source).toBeInstanceOf(Blob);
    expect([file.name, file.size]).toEqual(['photo.png', 5000]);
    expect(await contents(file)).toEqual(bytes);
  });

  test('a file: URL works like a path; name and type can be given', async () => {
    const file = await toFile(pathToFileURL(path), 'renamed.png', { type: 'image/png' });
    expect([file.name, file.type, file.size]).toEqual(['renamed.png', 'image/png', 5000]);
  });

  test('an fs.ReadStream of a whole file is opened by its path instead, and the stream is closed unread', async () => {
    const stream = createReadStream(path);
    const file = await toFile(stream);
    expect(file.source).toBeInstanceOf(Blob);
    expect(file.name).toBe('photo.png');
    expect(stream.destroyed).toBe(true);
    expect(stream.bytesRead).toBe(0);
    expect(await contents(file)).toEqual(bytes);
  });

  test('an fs.ReadStream of a slice stays a stream of exactly that slice', async () => {
    const file = await toFile(createReadStream(path, { start: 100, end: 199 }), 'slice.bin');
    expect(file.source).toBeInstanceOf(ReadableStream);
    expect(file.size).toBeUndefined();
    expect(await contents(file)).toEqual(bytes.subarray(100, 200));
  });

  test('an async iterable of bytes becomes a stream pulled one chunk at a time', async () => {
    const pulled: number[] = [];
    async function* chunks() {
      for (let i = 0; i < 3; i++) {
        pulled.push(i);
        yield bytes.subarray(i * 10, i * 10 + 10);
      }
    }
    const file = await toFile(chunks(), 'gen.png');
    expect(pulled).toEqual([]);
    expect(await contents(file)).toEqual(bytes.subarray(0, 30));
  });

  test('an async iterable that yields something other than bytes errors the stream with a FileUploadError', async () => {
    async function* strings() {
      yield 'not bytes';
    }
    const file = await toFile(strings() as never);
    await expect(contents(file)).rejects.toBeInstanceOf(FileUploadError);
  });

  test('a Blob, bytes and an ArrayBuffer are kept without a copy', async () => {
    const blob = new Blob([bytes]);
    expect((await toFile(blob, 'b.png')).source).toBe(blob);
    expect(((await toFile(bytes)).source as Uint8Array).buffer).toBe(bytes.buffer);
    expect(((await toFile(bytes.buffer)).source as Uint8Array).buffer).toBe(bytes.buffer);
    expect((await toFile(new File([bytes], 'kept.png'))).name).toBe('kept.png');
  });

  test('a file deleted after toFile() is a FileUploadError at upload time, before anything is sent', async () => {
    const gone = join(dir, 'gone.png');
    writeFileSync(gone, bytes);
    const file = await toFile(gone);
    rmSync(gone);
    const fetch = observedFetch([]);
    const client = new DeepSeek({ apiKey: testKey, fetch, logLevel: 'off' }).with({ files: Files });
    const error = await client.files.create({ file, purpose: 'user_data' }).catch((reason: unknown) => reason);
    expect((error as FileUploadError).reason).toBe('invalid_file');
    expect((error as Error).message).toMatch(/^Cannot read the file/);
    expect(fetch.calls).toHaveLength(0);
  });

  test('a missing file is a FileUploadError naming the path', async () => {
    const error = await toFile(join(dir, 'missing.png')).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(FileUploadError);
    expect((error as FileUploadError).reason).toBe('invalid_file');
    expect((error as Error).message).toContain('missing.png');
  });

  test('where node:fs is out of reach (a browser, an edge worker), a path is a FileUploadError saying what to pass instead', async () => {
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    try {
      await expect(toFile(path)).rejects.toThrow('toFile(path) needs node:fs with openAsBlob (Node ≥ 20.16, Bun or Deno); in this runtime pass a Blob, bytes or a ReadableStream instead.');
    } finally {
      vi.restoreAllMocks();
    }
  });

  test('an object that is no file is a FileUploadError', async () => {
    await expect(toFile({ size: 3 } as never)).rejects.toMatchObject({ name: 'FileUploadError', reason: 'invalid_file' });
  });
});
