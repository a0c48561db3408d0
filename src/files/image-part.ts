/**
 * Content parts that put an image into a chat message: by file id (uploaded with the Files
 * API), by URL, or inline as a base64 `data:` URL. The shapes are DeepSeek's own:
 * `{ type: 'file', file_id }` with the id on the part (not nested under `file`), and
 * `{ type: 'image_url', image_url: { url, detail? } }`.
 */
import { DeepSeekError } from '../errors';
import type { FileContentPart, FileObject, ImageContentPart } from '../types';
import { fileLimits } from './limits';
import { checkImage, checkSize } from './preflight';
import { sniffLength } from './sniff';

/** How DeepSeek processes an image: `low` downsamples it to 512x512 (faster, cheaper); `high`, `original` and `auto` keep it. */
export type ImageDetail = NonNullable<ImageContentPart['image_url']['detail']>;

/** Options of {@link imagePart} for an image sent by URL or inline. */
export interface ImagePartOptions {
  /** How the image is processed; DeepSeek's default when left out. */
  detail?: ImageDetail | undefined;
}

/** An image URL: `https:`/`http:` (up to 8192 characters) or a `data:` URL. */
export type ImageURL = `https://${string}` | `http://${string}` | `data:${string}`;

/**
 * A content part showing an image to a vision model (for example `deepseek-flash`):
 *
 * - an uploaded file (its `FileObject` or its id) → `{ type: 'file', file_id }`. DeepSeek's file
 *   parts take no `detail`; passing one is an error rather than a silently dropped setting;
 * - an `https:` or `data:` URL → `{ type: 'image_url', image_url: { url, detail } }`;
 * - bytes or a `Blob` → the same, inline as a base64 `data:` URL (checked first: JPEG, PNG, GIF
 *   or WebP, at most 32 MiB; upload larger images). A `Blob` has to be read, so that form
 *   returns a promise.
 *
 * @example
 * ```ts
 * const file = await client.files.create({ file: await toFile('./chart.png'), purpose: 'user_data' });
 * const messages = [{
 *   role: 'user' as const,
 *   content: [
 *     { type: 'text' as const, text: 'Compare these two charts.' },
 *     imagePart(file),
 *     imagePart(new Uint8Array(otherPng), { detail: 'low' }),
 *   ],
 * }];
 * ```
 */
export function imagePart(file: FileObject | string): FileContentPart;
export function imagePart(url: ImageURL, options?: ImagePartOptions): ImageContentPart;
export function imagePart(image: Uint8Array | ArrayBuffer, options?: ImagePartOptions): ImageContentPart;
export function imagePart(image: Blob, options?: ImagePartOptions): Promise<ImageContentPart>;
export function imagePart(fileIdOrURL: string, options?: ImagePartOptions): FileContentPart | ImageContentPart;
export function imagePart(
  image: FileObject | string | Uint8Array | ArrayBuffer | Blob,
  options: ImagePartOptions = {},
): FileContentPart | ImageContentPart | Promise<ImageContentPart> {
  if (image instanceof Blob) return image.arrayBuffer().then((bytes) => inline(new Uint8Array(bytes), options));
  if (image instanceof ArrayBuffer || image instanceof Uint8Array) return inline(new Uint8Array(image instanceof ArrayBuffer ? image : image.buffer, image instanceof ArrayBuffer ? 0 : image.byteOffset, image.byteLength), options);
  if (typeof image === 'string' && /^(https?:|data:)/i.test(image)) return urlPart(image, options);
  const fileId = typeof image === 'string' ? image : image?.id;
  if (typeof fileId !== 'string' || fileId === '') {
    throw new DeepSeekError(`imagePart() needs a file id, a FileObject, an https:/data: URL, bytes or a Blob; got ${image === null ? 'null' : typeof image}.`);
  }
  if (options.detail !== undefined) {
    throw new DeepSeekError(
      "detail applies to image_url parts only: DeepSeek's file parts take no detail. To set it, send the image inline (imagePart(bytes, { detail })) or by URL.",
    );
  }
  return { type: 'file', file_id: fileId };
}

function urlPart(url: string, { detail }: ImagePartOptions): ImageContentPart {
  return { type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } };
}

function inline(bytes: Uint8Array, options: ImagePartOptions): ImageContentPart {
  checkSize(bytes.byteLength, fileLimits.maxInlineImageBytes, 'inline image (upload larger images with the Files API)');
  const type = checkImage(bytes.subarray(0, sniffLength));
  return urlPart(`data:${type};base64,${base64(bytes)}`, options);
}

/** Base64 of `bytes`, in slices (a multiple of 3 bytes each, so the pieces join without padding in between). */
function base64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  const slice = 3 * 8192;
  for (let offset = 0; offset < bytes.byteLength; offset += slice) {
    pieces.push(btoa(String.fromCharCode(...bytes.subarray(offset, offset + slice))));
  }
  return pieces.join('');
}
