/**
 * The format of a file is judged from its first bytes, as DeepSeek does: the name and the
 * declared type do not count, and only JPEG, PNG, GIF and WebP pass.
 */
import { describe, expect, test } from 'vitest';
import { extensionOf, sniffImageType, sniffLength } from '../../src/files/sniff';
import { image } from '../helpers/files';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('sniffImageType', () => {
  test.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['webp', 'image/webp'],
  ] as const)('recognizes %s from its signature', (format, type) => {
    expect(sniffImageType(image(format, sniffLength))).toBe(type);
  });

  test('GIF87a is a GIF too', () => {
    expect(sniffImageType(ascii('GIF87a......'))).toBe('image/gif');
  });

  test.each([
    ['a PDF', ascii('%PDF-1.7\n%âãÏÓ')],
    ['an empty file', new Uint8Array(0)],
    ['a RIFF file that is not WebP (a WAV)', ascii('RIFF$\0\0\0WAVEfmt ')],
    ['a PNG signature cut short', image('png', 7)],
    ['text', ascii('hello, world')],
    ['an SVG (XML, not a raster format DeepSeek takes)', ascii('<svg xmlns="http://www.w3.org/2000/svg">')],
  ])('refuses %s', (_what, bytes) => {
    expect(sniffImageType(bytes)).toBeUndefined();
  });

  test('needs at most sniffLength bytes: a WebP is recognized from exactly 12', () => {
    expect(sniffLength).toBe(12);
    expect(sniffImageType(image('webp', 11))).toBeUndefined();
    expect(sniffImageType(image('webp', 12))).toBe('image/webp');
  });

  test('gives each type its usual extension for a default filename', () => {
    expect(['image/jpeg', 'image/png', 'image/gif', 'image/webp'].map((type) => extensionOf(type as never))).toEqual(['jpg', 'png', 'gif', 'webp']);
  });
});
