/**
 * Fixtures for the Files tests: tiny images of each accepted format (the right first bytes,
 * then filler), a multipart parser built on `Response.formData()` (undici's, a parser the SDK
 * does not share), and the file objects a server answers with.
 */
import { createHash } from 'node:crypto';
import type { FileObject } from '../../src/index';

const signatures = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  gif: [...'GIF89a'].map((c) => c.charCodeAt(0)),
  webp: [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0x24, 0, 0, 0], [...'WEBP'].map((c) => c.charCodeAt(0))),
} as const;

/** An "image" of `format` of `size` bytes: its signature, then a counting pattern (so a lost or reordered byte shows). */
export function image(format: keyof typeof signatures = 'png', size = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) % 251;
  bytes.set(signatures[format].slice(0, size));
  return bytes;
}

/** A stream of `bytes` in pieces of `chunk` bytes, pulled one at a time. */
export function streamOf(bytes: Uint8Array, chunk = 16): ReadableStream<Uint8Array> & { pulls: () => number } {
  let offset = 0;
  let pulls = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls++;
        if (offset >= bytes.byteLength) return controller.close();
        controller.enqueue(bytes.slice(offset, (offset += chunk)));
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(stream, { pulls: () => pulls });
}

/** What a multipart/form-data body carried, parsed by undici. */
export interface ParsedUpload {
  fields: Record<string, string>;
  file: { name: string; type: string; bytes: Uint8Array } | undefined;
  /** Field names in body order. */
  order: string[];
}

export async function parseMultipart(body: Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | FormData, contentType?: string): Promise<ParsedUpload> {
  const form = body instanceof FormData ? body : await new Response(body as BodyInit, { headers: { 'content-type': contentType ?? '' } }).formData();
  const fields: Record<string, string> = {};
  const order: string[] = [];
  let file: ParsedUpload['file'];
  for (const [name, value] of form) {
    order.push(name);
    if (typeof value === 'string') fields[name] = value;
    else file = { name: (value as File).name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return { fields, file, order };
}

/** A stored file as DeepSeek describes it. */
export function fileObject(overrides: Partial<FileObject> = {}): FileObject {
  return { id: 'file-api-0a1b2c3d', object: 'file', bytes: 64, created_at: 1_795_672_000, filename: 'upload.png', purpose: 'user_data', ...overrides };
}

export const MiB = 1024 * 1024;

/**
 * A short fingerprint of some bytes (length and SHA-256), to compare megabytes in an assertion:
 * `toEqual` on large typed arrays compares (and diffs) element by element, which takes seconds.
 */
export function fingerprint(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return 'no bytes';
  return `${bytes.byteLength} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`;
}
