/**
 * The preflight rules, as tables: each limit accepted at its edge and refused one past it,
 * with a FileUploadError naming the rule (`reason`) and the numbers.
 */
import { describe, expect, test } from 'vitest';
import { FileUploadError, fileLimits } from '../../src/index';
import { checkExpiresAfter, checkFilename, checkImage, checkSize } from '../../src/files/preflight';
import { image, MiB } from '../helpers/files';

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(FileUploadError);
    expect((error as Error).name).toBe('FileUploadError');
    return (error as FileUploadError).reason;
  }
}

describe('limits, as DeepSeek documents them', () => {
  test('64 MiB per upload, 32 MiB inline, 512-character names, 1 hour to 30 days, four formats', () => {
    expect(fileLimits).toEqual({
      maxBytes: 64 * MiB,
      maxInlineImageBytes: 32 * MiB,
      maxFilenameLength: 512,
      minExpiresAfterSeconds: 3600,
      maxExpiresAfterSeconds: 30 * 24 * 3600,
      imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
    });
  });
});

describe('checkExpiresAfter', () => {
  test.each([undefined, null, { anchor: 'created_at', seconds: 3600 }, { anchor: 'created_at', seconds: 2_592_000 }])('accepts %j', (value) => {
    expect(reasonOf(() => checkExpiresAfter(value as never))).toBeUndefined();
  });

  test.each([
    ['one second under an hour', { anchor: 'created_at', seconds: 3599 }],
    ['one second over 30 days', { anchor: 'created_at', seconds: 2_592_001 }],
    ['a fraction of a second', { anchor: 'created_at', seconds: 3600.5 }],
    ['seconds as a string', { anchor: 'created_at', seconds: '3600' }],
    ['no seconds', { anchor: 'created_at' }],
    ['another anchor', { anchor: 'now', seconds: 3600 }],
    ['no anchor', { seconds: 3600 }],
    ['a number instead of an object', 3600],
  ])('refuses %s', (_what, value) => {
    expect(reasonOf(() => checkExpiresAfter(value as never))).toBe('expires_after_out_of_range');
  });

  test('the message gives the range and the value, and how to keep a file forever', () => {
    expect(() => checkExpiresAfter({ anchor: 'created_at', seconds: 60 })).toThrow(
      'expires_after.seconds must be a whole number from 3600 (1 hour) to 2592000 (30 days), got 60; leave expires_after out to keep the file until it is deleted.',
    );
  });
});

describe('checkFilename', () => {
  test('512 characters pass, 513 do not', () => {
    expect(reasonOf(() => checkFilename(`${'a'.repeat(508)}.png`))).toBeUndefined();
    expect(reasonOf(() => checkFilename(`${'a'.repeat(509)}.png`))).toBe('filename_too_long');
  });

  test('counts characters, not UTF-16 units: 512 emoji pass', () => {
    expect('😀'.repeat(512).length).toBe(1024);
    expect(reasonOf(() => checkFilename('😀'.repeat(512)))).toBeUndefined();
    expect(reasonOf(() => checkFilename('😀'.repeat(513)))).toBe('filename_too_long');
  });
});

describe('checkSize', () => {
  test('64 MiB pass, one byte more does not, and the message gives both sizes', () => {
    expect(reasonOf(() => checkSize(64 * MiB))).toBeUndefined();
    expect(reasonOf(() => checkSize(64 * MiB + 1))).toBe('too_large');
    expect(() => checkSize(64 * MiB + 1)).toThrow('The file is 64.00 MiB (67108865 bytes); DeepSeek accepts at most 64 MiB per upload.');
  });
});

describe('checkImage', () => {
  test('returns the sniffed type of an accepted image', () => {
    expect(checkImage(image('gif', 12))).toBe('image/gif');
  });

  test('refuses a PDF, saying which formats pass', () => {
    expect(reasonOf(() => checkImage(new TextEncoder().encode('%PDF-1.7')))).toBe('unsupported_type');
    expect(() => checkImage(new TextEncoder().encode('%PDF-1.7'))).toThrow(/not a JPEG, PNG, GIF or WebP image/);
  });

  test('says so when the file is empty', () => {
    expect(() => checkImage(new Uint8Array(0))).toThrow(/^The file is empty/);
  });
});
