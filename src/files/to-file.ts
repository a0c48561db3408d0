/**
 * What an upload reads, and `toFile()`, which turns everything the SDK accepts into it: a
 * `Blob` (a path becomes a `Blob` backed by the file on disk), bytes, or a `ReadableStream`.
 * None of them is copied or read ahead here: the bytes are read once, while they are sent.
 */
import { nodeFs } from './node-fs';
import { FileUploadError } from './errors';

/** Where an upload's bytes come from. */
export type FileSource = Blob | Uint8Array | ReadableStream<Uint8Array>;

/**
 * A file ready to upload, made by {@link toFile} (or by `create()` itself from a `Blob`, bytes
 * or a `ReadableStream`). A stream-backed `UploadFile` can be uploaded once.
 */
export class UploadFile {
  /** The filename sent with the upload; `undefined` lets the SDK name it `upload.<ext>` after its type. */
  readonly name: string | undefined;
  /** The declared MIME type (informational: the part's type is the one sniffed from the bytes). */
  readonly type: string;
  /** Size in bytes, when known before reading (not for a stream). */
  readonly size: number | undefined;
  /** @internal The bytes: a Blob, bytes or a stream. */
  readonly source: FileSource;

  /** @internal Use {@link toFile}. */
  constructor(source: FileSource, name: string | undefined, type: string) {
    this.source = source;
    this.name = name === '' ? undefined : name;
    this.type = type;
    this.size = source instanceof Blob ? source.size : source instanceof Uint8Array ? source.byteLength : undefined;
  }
}

/** What `create()` takes as `file`. A path or an `fs.ReadStream` goes through {@link toFile} first. */
export type Uploadable = UploadFile | Blob | Uint8Array | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array>;

/** Node's `fs.ReadStream`, as far as `toFile()` looks at it. */
export interface ReadStreamLike extends AsyncIterable<unknown> {
  readonly path: string | { toString(): string };
  readonly start?: number | undefined;
  readonly end?: number | undefined;
  pipe(...args: never[]): unknown;
  destroy(): unknown;
}

/** What {@link toFile} takes: anything `create()` takes, plus a path, a `file:` URL, an `fs.ReadStream` or any async iterable of bytes. */
export type ToFileInput = Uploadable | string | URL | ReadStreamLike | AsyncIterable<Uint8Array>;

/** Options of {@link toFile}. */
export interface ToFileOptions {
  /** The MIME type to declare (default: the `Blob`'s type). The upload itself sends the type sniffed from the bytes. */
  type?: string | undefined;
}

/**
 * Makes an {@link UploadFile} for `files.create()` from a `Blob`/`File`, bytes, a
 * `ReadableStream`, an async iterable of bytes, or, in Node, Bun and Deno, a path or an
 * `fs.ReadStream`. Nothing is read into memory: a path becomes a `Blob` backed by the file on
 * disk (`fs.openAsBlob`), read while it is sent, and resent as is if a retry is needed.
 *
 * @param name - the filename to send (default: the `File`'s or the path's name, else `upload.<ext>`)
 *
 * @example
 * ```ts
 * import { DeepSeek, Files, toFile } from 'deepseek-fetch';
 *
 * const client = new DeepSeek().with({ files: Files });
 * const file = await client.files.create({ file: await toFile('./screenshot.png'), purpose: 'user_data' });
 * const fromBytes = await toFile(new Uint8Array(pngBytes), 'chart.png');
 * ```
 */
export async function toFile(input: ToFileInput, name?: string, options: ToFileOptions = {}): Promise<UploadFile> {
  if (typeof input === 'string' || input instanceof URL) return fromPath(input, name, options);
  if (isReadStream(input)) {
    // A whole file by path is a file-backed Blob: no read ahead, and retryable. A slice
    // (start/end) or a path given as bytes is read as the stream it is.
    if (typeof input.path === 'string' && !input.start && (input.end === undefined || input.end === Infinity)) {
      const file = await fromPath(input.path, name, options);
      input.destroy();
      return file;
    }
    return new UploadFile(streamOf(input as AsyncIterable<Uint8Array>), name ?? basename(String(input.path)), options.type ?? '');
  }
  if (isUploadable(input)) {
    const file = asUploadFile(input);
    return new UploadFile(file.source, name ?? file.name, options.type ?? file.type);
  }
  if (typeof input === 'object' && input !== null && Symbol.asyncIterator in input) {
    return new UploadFile(streamOf(input), name, options.type ?? '');
  }
  throw invalidInput(input);
}

/** `create()`'s `file` as an {@link UploadFile}, without reading or copying anything. */
export function asUploadFile(input: Uploadable): UploadFile {
  if (input instanceof UploadFile) return input;
  if (input instanceof Blob) return new UploadFile(input, 'name' in input && typeof input.name === 'string' ? input.name : undefined, input.type);
  if (input instanceof ArrayBuffer) return new UploadFile(new Uint8Array(input), undefined, '');
  if (ArrayBuffer.isView(input)) return new UploadFile(new Uint8Array(input.buffer, input.byteOffset, input.byteLength), undefined, '');
  if (input instanceof ReadableStream) return new UploadFile(input, undefined, '');
  throw invalidInput(input);
}

function isUploadable(input: unknown): input is Uploadable {
  return input instanceof UploadFile || input instanceof Blob || input instanceof ArrayBuffer || ArrayBuffer.isView(input) || input instanceof ReadableStream;
}

function isReadStream(input: unknown): input is ReadStreamLike {
  return typeof input === 'object' && input !== null && 'path' in input && 'bytesRead' in input && typeof (input as { pipe?: unknown }).pipe === 'function';
}

async function fromPath(path: string | URL, name: string | undefined, options: ToFileOptions): Promise<UploadFile> {
  const fs = nodeFs();
  if (!fs?.openAsBlob) {
    throw new FileUploadError(
      'invalid_file',
      'toFile(path) needs node:fs with openAsBlob (Node ≥ 20.16, Bun or Deno); in this runtime pass a Blob, bytes or a ReadableStream instead.',
    );
  }
  let blob: Blob;
  try {
    blob = await fs.openAsBlob(path, options.type ? { type: options.type } : undefined);
  } catch (error) {
    throw new FileUploadError('invalid_file', `Cannot open ${String(path)} (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
  const fallback = typeof path === 'string' ? path : decodeURIComponent(path.pathname);
  return new UploadFile(blob, name ?? basename(fallback), options.type ?? blob.type);
}

/** The last segment of a path, with `/` or `\` separators. */
function basename(path: string): string | undefined {
  return path.split(/[\\/]/).pop() || undefined;
}

/** An async iterable of bytes as a stream, pulled one chunk at a time. */
function streamOf(iterable: AsyncIterable<unknown>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else if (value instanceof Uint8Array) controller.enqueue(value);
        else controller.error(new FileUploadError('invalid_file', `The iterable yielded ${typeof value}, not bytes (Uint8Array).`));
      },
      async cancel(reason) {
        await iterator.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function invalidInput(input: unknown): FileUploadError {
  if (typeof input === 'string') {
    return new FileUploadError('invalid_file', 'file is a string: to upload the file at a path, pass await toFile(path).');
  }
  return new FileUploadError(
    'invalid_file',
    `Cannot upload ${input === null ? 'null' : typeof input === 'object' ? (input.constructor?.name ?? 'an object') : typeof input}: pass a Blob or File, bytes (Uint8Array, ArrayBuffer), a ReadableStream, or toFile(path).`,
  );
}
