/**
 * The checks an upload passes before any byte is sent, each throwing a `FileUploadError` that
 * says which limit was broken and by how much. Pure: no I/O.
 */
import { FileUploadError } from './errors';
import { fileLimits, type ImageType } from './limits';
import { sniffImageType } from './sniff';

/** `expires_after` as `create()` takes it. */
export interface ExpiresAfter {
  /** What the lifetime counts from: only `created_at`. */
  anchor: 'created_at';
  /** The lifetime in seconds, from 3600 (one hour) to 2 592 000 (30 days). */
  seconds: number;
}

/** A literal, not `1024 * 1024`, so a bundle that never uploads drops it (see limits.ts). */
const MiB = 1_048_576;

/** Checks the expiry, if any. */
export function checkExpiresAfter(expiresAfter: ExpiresAfter | undefined | null): void {
  if (expiresAfter === undefined || expiresAfter === null) return;
  const { minExpiresAfterSeconds: min, maxExpiresAfterSeconds: max } = fileLimits;
  if (typeof expiresAfter !== 'object' || expiresAfter.anchor !== 'created_at') {
    throw new FileUploadError('expires_after_out_of_range', `expires_after must be { anchor: 'created_at', seconds }, got ${describe(expiresAfter)}.`);
  }
  const { seconds } = expiresAfter;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new FileUploadError(
      'expires_after_out_of_range',
      `expires_after.seconds must be a whole number from ${min} (1 hour) to ${max} (30 days), got ${describe(seconds)}; leave expires_after out to keep the file until it is deleted.`,
    );
  }
}

/** Checks a filename's length, in characters (not UTF-16 units). */
export function checkFilename(name: string): void {
  const length = [...name].length;
  if (length > fileLimits.maxFilenameLength) {
    throw new FileUploadError('filename_too_long', `The filename has ${length} characters; DeepSeek accepts at most ${fileLimits.maxFilenameLength}. Pass a shorter name to toFile().`);
  }
}

/** Checks a size in bytes against `limit` (the upload limit unless told otherwise). */
export function checkSize(bytes: number, limit: number = fileLimits.maxBytes, what = 'upload'): void {
  if (bytes > limit) {
    throw new FileUploadError('too_large', `The file is ${formatMiB(bytes)}; DeepSeek accepts at most ${formatMiB(limit)} per ${what}.`);
  }
}

/** The image type of a file from its first bytes; throws unless it is JPEG, PNG, GIF or WebP. */
export function checkImage(head: Uint8Array): ImageType {
  const type = sniffImageType(head);
  if (type) return type;
  const what = head.byteLength === 0 ? 'The file is empty' : 'The file is not a JPEG, PNG, GIF or WebP image (judged from its first bytes, as DeepSeek does)';
  throw new FileUploadError('unsupported_type', `${what}; DeepSeek accepts only those four formats (a PDF or other document is refused).`);
}

function formatMiB(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${(bytes / MiB).toFixed(2)} MiB (${bytes} bytes)`;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
