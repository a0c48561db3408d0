/**
 * The Files API's limits, as data: the preflight checks read them, tests table them, and a
 * caller can show them (for example next to a file picker). Source: DeepSeek's Files API guide
 * (https://api-docs.deepseek.com/guides/files_api, "Limits") and its vision guide.
 */

/** The image types DeepSeek accepts, detected from the bytes (not the name). */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/**
 * What DeepSeek accepts, checked before anything is sent. Plain number literals: a bundler keeps
 * an unused `64 * 1024 * 1024` (it cannot prove the product pure), and with it this object.
 */
export const fileLimits = {
  /** Largest upload: 64 MiB. */
  maxBytes: 67_108_864,
  /** Largest image sent inline in a message (`image_url` data URL): 32 MiB. Upload larger ones. */
  maxInlineImageBytes: 33_554_432,
  /** Longest filename, in characters. */
  maxFilenameLength: 512,
  /** Shortest `expires_after.seconds`: one hour. */
  minExpiresAfterSeconds: 3600,
  /** Longest `expires_after.seconds`: 30 days. */
  maxExpiresAfterSeconds: 2_592_000,
  /** The only formats accepted. */
  imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as readonly ImageType[],
} as const;
