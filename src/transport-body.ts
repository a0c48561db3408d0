/**
 * Reading response bodies the transport did not ask for (errors, a JSON answer where a stream
 * was expected): bounded, parsed by sniffing rather than by `Content-Type` (DeepSeek serves JSON
 * error bodies as `application/octet-stream`), and described without quoting them.
 */

/** Error bodies are read up to this many bytes; the rest is discarded. */
export const errorBodyLimit = 64 * 1024;

/** Reads at most `limit` bytes of the body as text and cancels the rest. */
export async function readBounded(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < limit) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      const room = limit - bytes;
      const part = value.byteLength > room ? value.subarray(0, room) : value;
      bytes += part.byteLength;
      text += decoder.decode(part, { stream: true });
    }
    await reader.cancel().catch(() => undefined);
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
  }
}

/** An error body as JSON when it parses as JSON, whatever the Content-Type says; else its text. */
export function sniffBody(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // not JSON after all (an HTML page, a truncated body): keep the text
    }
  }
  return truncate(trimmed, 2048);
}

/** The message for an error body that carries none. */
export function fallbackFor(body: unknown, response: Response): string {
  if (typeof body === 'string' && body.startsWith('<')) {
    return `${response.statusText || 'error'}: the server sent an HTML page instead of an API error (a proxy or gateway in between?)`;
  }
  if (body === '') return `${response.statusText || 'error'} (empty body)`;
  return response.statusText || 'error';
}

/** `text` cut to `max` characters, marked with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
