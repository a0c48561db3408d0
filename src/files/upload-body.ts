/**
 * An upload made ready to send: checked (type sniffed from the first bytes, size, filename,
 * expiry) before any byte goes out, then turned into the body each attempt sends and the rule
 * that says whether a failed attempt may be sent again.
 *
 * - A `Blob` (a path's file-backed Blob too) goes as `FormData`: `fetch` streams it with a known
 *   length, and can send it again, so the normal retry policy applies.
 * - Bytes go as a hand-built multipart stream over views of the caller's bytes (no copy), with
 *   a `content-length`; each attempt gets a new stream over the same bytes, so retries apply.
 * - A `ReadableStream` can be read once. It streams through (the 64 MiB limit counted on the
 *   way, the request aborted past it), and a failed attempt is retried only when the connection
 *   failed before any byte of the file was handed to `fetch`; otherwise the error says why it
 *   was not retried and how to make the upload retryable.
 *
 * Browsers cannot send a streamed request body over HTTP/1.1: Chromium streams one only over
 * HTTP/2 or QUIC (checked with Chromium 156 against a loopback HTTP/1.1 server: it pulls one
 * chunk, then fetch rejects with "TypeError: Failed to fetch", net::ERR_H2_OR_QUIC_REQUIRED), and
 * Firefox and Safari not at all. So there bytes become a Blob, and a stream is read into a Blob
 * first, the 64 MiB limit enforced while reading; both are then sent as `FormData`, retryable.
 */
import { DeepSeekError } from '../errors';
import type { AttemptFailure } from '../retry';
import { isBrowserLike } from '../runtime';
import type { UploadBody } from '../transport-request';
import { FileUploadError } from './errors';
import { fileLimits, type ImageType } from './limits';
import { formDataBody, multipartFrame, multipartStream, type Field, type FilePart } from './multipart';
import { checkExpiresAfter, checkFilename, checkImage, checkSize, type ExpiresAfter } from './preflight';
import { extensionOf, sniffLength } from './sniff';
import { asUploadFile, type Uploadable } from './to-file';

/** Parameters of `files.create()` and `uploadFile()`. */
export interface FileCreateParams {
  /** The image: a `Blob`/`File`, bytes, a `ReadableStream`, or `await toFile(path)`. JPEG, PNG, GIF or WebP, at most 64 MiB. */
  file: Uploadable;
  /** What the file is for: `user_data`, the only purpose. */
  purpose: 'user_data';
  /** Delete the file this long after the upload (one hour to 30 days). Without it the file is kept until deleted. */
  expires_after?: ExpiresAfter | undefined;
}

/** An upload ready for the transport. */
export interface PreparedUpload {
  readonly body: UploadBody;
  /** Header overrides: the multipart content type (or none, for `FormData`) and length. */
  readonly headers: Record<string, string | null>;
  /** Releases what the upload holds (a stream not read to its end); call once the call is over. */
  dispose(): void;
}

/** Size of the views bytes are sent in: small enough to abort promptly, large enough to cost nothing. */
const chunkBytes = 262_144; // 256 KiB, a literal so unused bundles drop it

/** Checks `params` and makes the body, reading at most the first bytes of the file. */
export async function prepareUpload(params: FileCreateParams): Promise<PreparedUpload> {
  if (typeof params !== 'object' || params === null) throw new DeepSeekError('uploadFile() needs { file, purpose }.');
  checkExpiresAfter(params.expires_after);
  const file = asUploadFile(params.file);
  if (file.name !== undefined) checkFilename(file.name);
  if (file.size !== undefined) checkSize(file.size);
  // `user_data` is the only purpose: a JavaScript caller who leaves it out gets it.
  const fields: Field[] = [['purpose', String(params.purpose ?? 'user_data')]];
  if (params.expires_after) fields.push(['expires_after[anchor]', 'created_at'], ['expires_after[seconds]', String(params.expires_after.seconds)]);
  const { source } = file;
  const part = (type: ImageType): FilePart => ({ filename: file.name ?? `upload.${extensionOf(type)}`, type });

  if (source instanceof Blob) {
    const head = await source
      .slice(0, sniffLength)
      .arrayBuffer()
      .catch((error: unknown) => {
        // A file-backed Blob whose file was deleted or changed since toFile().
        throw new FileUploadError('invalid_file', `Cannot read the file (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
      });
    return formUpload(fields, part(checkImage(new Uint8Array(head))), source);
  }
  if (source instanceof Uint8Array) {
    const type = checkImage(source.subarray(0, sniffLength));
    if (isBrowserLike()) return formUpload(fields, part(type), new Blob([source as Uint8Array<ArrayBuffer>], { type }));
    return bytesUpload(fields, part(type), source);
  }
  if (source.locked) {
    throw new FileUploadError('invalid_file', 'The stream was already read (by an earlier upload?): a stream can be sent once. Pass a Blob, bytes or toFile(path) to upload the same file again.');
  }
  const reader = source.getReader();
  try {
    const peeked = await peek(reader);
    const type = checkImage(concat(peeked));
    if (isBrowserLike()) return formUpload(fields, part(type), await collect(peeked, reader, type));
    return streamUpload(fields, part(type), peeked, reader);
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  }
}

function formUpload(fields: readonly Field[], part: FilePart, blob: Blob): PreparedUpload {
  const form = formDataBody(fields, part, blob);
  return {
    body: { init: () => ({ body: form }), settle: () => undefined },
    // fetch writes the content type with its boundary; no other may stand in its way.
    headers: { 'content-type': null },
    dispose: () => undefined,
  };
}

function bytesUpload(fields: readonly Field[], part: FilePart, bytes: Uint8Array): PreparedUpload {
  const frame = multipartFrame(fields, part);
  const init = () => {
    let offset = 0;
    return { body: multipartStream(frame, () => (offset < bytes.byteLength ? bytes.subarray(offset, (offset += chunkBytes)) : undefined)), duplex: 'half' as const };
  };
  return {
    body: { init, settle: () => undefined },
    headers: { 'content-type': frame.contentType, 'content-length': String(frame.head.byteLength + bytes.byteLength + frame.tail.byteLength) },
    dispose: () => undefined,
  };
}

function streamUpload(fields: readonly Field[], part: FilePart, peeked: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): PreparedUpload {
  const frame = multipartFrame(fields, part);
  /** Whether any byte of the file went to `fetch`: from then on the upload cannot be sent again. */
  let started = false;
  let finished = false;
  let disposed = false;
  let sent = 0;
  /** Why the body itself failed (too large, or the caller's stream broke); it beats the attempt's error. */
  let problem: Error | undefined;
  const next = async (): Promise<Uint8Array | undefined> => {
    // After the call is over the source is cancelled: reading on must fail, not end the file early.
    if (disposed) throw new DeepSeekError('The upload is over; its stream cannot be read any more.');
    const chunk = peeked.shift() ?? (await read(reader).catch((error: unknown) => fail(new DeepSeekError(`The file's ReadableStream failed while it was being sent: ${error instanceof Error ? error.message : String(error)}`, { cause: error }))));
    if (chunk === undefined) {
      finished = true;
      return undefined;
    }
    started = true;
    sent += chunk.byteLength;
    if (sent > fileLimits.maxBytes) {
      fail(new FileUploadError('too_large', `The stream passed ${fileLimits.maxBytes / 1_048_576} MiB, DeepSeek's limit per upload; the request was aborted and nothing was stored.`));
    }
    return chunk;
  };
  const fail = (error: Error): never => {
    problem ??= error;
    // Erroring the body stream makes fetch abort the request.
    throw problem;
  };
  return {
    body: {
      // Each attempt gets a new frame around the same source; before `started` nothing of it was used.
      init: () => ({ body: multipartStream(frame, next), duplex: 'half' }),
      settle: ({ failure, error }, willRetry) => problem ?? (willRetry && (started || failure?.kind !== 'connection') ? notRetried(error, failure, started) : undefined),
    },
    headers: { 'content-type': frame.contentType },
    dispose: () => {
      disposed = true;
      if (!finished) void reader.cancel(problem).catch(() => undefined);
    },
  };
}

/** The first chunks of the stream, until `sniffLength` bytes or its end. */
async function peek(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for (let bytes = 0; bytes < sniffLength; ) {
    const chunk = await read(reader);
    if (chunk === undefined) break;
    chunks.push(chunk);
    bytes += chunk.byteLength;
  }
  return chunks;
}

/** Browsers: the whole stream as a Blob, refusing it as soon as it passes the limit. */
async function collect(peeked: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>, type: string): Promise<Blob> {
  const parts = [...peeked] as BlobPart[];
  let bytes = peeked.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  for (let chunk = await read(reader); chunk !== undefined; chunk = await read(reader)) {
    bytes += chunk.byteLength;
    checkSize(bytes);
    parts.push(chunk as Uint8Array<ArrayBuffer>);
  }
  return new Blob(parts, { type });
}

async function read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array | undefined> {
  const { done, value } = await reader.read();
  if (done) return undefined;
  if (!(value instanceof Uint8Array)) throw new FileUploadError('invalid_file', `The stream yielded ${typeof value}, not bytes (Uint8Array).`);
  return value;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * The attempt's own error (its class kept, so `instanceof RateLimitError` still works), with
 * its message saying why the retry policy was overruled and how to make the upload retryable.
 */
function notRetried(error: Error, failure: AttemptFailure | undefined, started: boolean): Error {
  const why = started
    ? 'part of the file had already been sent from its ReadableStream, which can be read only once'
    : `the server answered ${failure?.kind === 'status' ? failure.status : 'with an empty body'} after it may have read part of the file, and a ReadableStream can be read only once`;
  const note = ` (not retried: ${why}; pass a Blob, File, bytes or toFile(path) to make the upload retryable)`;
  const header = `${error.name}: ${error.message}`;
  // Read first: V8 formats the stack on first access, from the message as it is then.
  const { stack } = error;
  error.message += note;
  if (typeof stack === 'string' && stack.startsWith(header)) error.stack = `${header}${note}${stack.slice(header.length)}`;
  return error;
}
