/**
 * Keeps secrets out of messages, logs and inspected objects. Pure functions.
 */

/** Header names whose values are never logged. */
export const secretHeaderNames: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'cookie',
  'set-cookie',
]);

/** Shows a key as `sk-…abcd`: enough to tell keys apart, useless to an attacker. */
export function maskKey(key: string): string {
  if (key.length <= 8) return '***';
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

// Anything shaped like a DeepSeek key, in case a server echoes one we were not given.
const keyShaped = /sk-[A-Za-z0-9_-]{16,}/g;

/**
 * Masks the configured key, and anything shaped like a DeepSeek key, in `text`
 * (a server message may echo the key back).
 */
export function redactSecrets(text: string, key?: string): string {
  let out = key && key.length > 0 && text.includes(key) ? text.split(key).join(maskKey(key)) : text;
  if (out.includes('sk-')) out = out.replace(keyShaped, (match) => maskKey(match));
  return out;
}

/** A plain copy of `headers` for logging, with secret values replaced by `***`. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    out[name] = secretHeaderNames.has(name.toLowerCase()) ? '***' : value;
  }
  return out;
}
