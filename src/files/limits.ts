/**
 * The Files API's limits, as data: the preflight checks read them, tests table them, and a
 * caller can show them (for example next to a file picker). Source: DeepSeek's Files API guide
 * (https://api-docs.deepseek.com/guides/files_api, "Limits") and its vision guide.
 */

/** The image types DeepSeek accepts, detected from the bytes (not the name). */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/** What DeepSeek accepts, checked before anything is sent. */
export const fileLimits = {
  /** Largest upload: 64 MiB. */
  maxBytes: 64 * 1024 * 1024,
  /** Largest image sent inline in a message (`image_url` data URL): 32 MiB. Upload larger ones. */
  maxInlineImageBytes: 32 * 1024 * 1024,
  /** Longest filename, in characters. */
  maxFilenameLength: 512,
  /** Shortest `expires_after.seconds`: one hour. */
  minExpiresAfterSeconds: 3600,
  /** Longest `expires_after.seconds`: 30 days. */
  maxExpiresAfterSeconds: 2_592_000,
  /** The only formats accepted. */
  imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as readonly ImageType[],
} as const;
