/**
 * The error of the Files surface. It lives here, not in src/errors.ts, so that a bundle that
 * never uploads does not carry it.
 */
import { DeepSeekError } from '../errors';

/** Which rule a file broke; see {@link fileLimits}. */
export type FileUploadErrorReason =
  /** Not JPEG, PNG, GIF or WebP, judged from the bytes. */
  | 'unsupported_type'
  /** Over 64 MiB (32 MiB for an image sent inline). */
  | 'too_large'
  /** A filename over 512 characters. */
  | 'filename_too_long'
  /** `expires_after` outside one hour to 30 days, or not anchored at `created_at`. */
  | 'expires_after_out_of_range'
  /** Not something the SDK can read as a file (a number, a stream already used, a path it cannot open). */
  | 'invalid_file';

/**
 * A file the SDK refused before sending it, or, for a `ReadableStream` that turned out larger
 * than 64 MiB, while sending it (the request is then aborted). Nothing was stored.
 *
 * @example
 * ```ts
 * try {
 *   await client.files.create({ file: await toFile('scan.pdf'), purpose: 'user_data' });
 * } catch (err) {
 *   if (err instanceof FileUploadError && err.reason === 'unsupported_type') console.error('JPEG, PNG, GIF or WebP only');
 * }
 * ```
 */
export class FileUploadError extends DeepSeekError {
  /** Which rule the file broke. */
  readonly reason: FileUploadErrorReason;

  constructor(reason: FileUploadErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // Set here rather than by a call at module level, which a bundler would have to keep.
    Object.defineProperty(this, 'name', { value: 'FileUploadError', writable: true, configurable: true });
    this.reason = reason;
  }
}
