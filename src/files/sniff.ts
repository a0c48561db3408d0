/**
 * Which image format some bytes are, from their first bytes ("magic numbers"), the way
 * DeepSeek decides: a PNG renamed `photo.jpg` is a PNG, a PDF renamed `scan.png` is refused.
 * Pure: the callers read only `sniffLength` bytes, never the whole file.
 */
import type { ImageType } from './limits';

/** How many leading bytes `sniffImageType` needs (WebP's `WEBP` tag ends at byte 12). */
export const sniffLength = 12;

/** The image type whose signature `head` starts with, or `undefined`. */
export function sniffImageType(head: Uint8Array): ImageType | undefined {
  if (startsWith(head, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, 0, ascii('GIF87a')) || startsWith(head, 0, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, 0, ascii('RIFF')) && startsWith(head, 8, ascii('WEBP'))) return 'image/webp';
  return undefined;
}

/** The file extension for a type, for a default filename (`upload.png`). */
export function extensionOf(type: ImageType): string {
  return type === 'image/jpeg' ? 'jpg' : type.slice('image/'.length);
}

function startsWith(bytes: Uint8Array, offset: number, signature: readonly number[]): boolean {
  if (bytes.byteLength < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}
