/**
 * `multipart/form-data` bodies for `POST /files`, two ways:
 *
 * - `FormData` around a `Blob`: `fetch` computes the length and streams the Blob (a file-backed
 *   Blob straight from disk), in every runtime, and the same `FormData` can be sent again;
 * - a hand-built byte stream (`multipartStream`), for bytes and streams on runtimes that can
 *   send a streamed request body: the file's chunks pass through as they are, never copied.
 *
 * Both encode field names and filenames the way the HTML standard's `FormData` does
 * (`"`, CR and LF percent-encoded), so the server reads the same fields either way.
 */

/** One text field (`purpose`, `expires_after[...]`), sent before the file. */
export type Field = readonly [name: string, value: string];

/** The file part's filename and content type. */
export interface FilePart {
  readonly filename: string;
  readonly type: string;
}

/** A `FormData` with the fields, then the file. `fetch` sets the content type and boundary. */
export function formDataBody(fields: readonly Field[], part: FilePart, blob: Blob): FormData {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  // A Blob of a Blob references the bytes (no copy); it gives the part the sniffed type.
  form.append('file', blob.type === part.type ? blob : new Blob([blob], { type: part.type }), part.filename);
  return form;
}

/** What goes around the file's bytes in a hand-built body. */
export interface MultipartFrame {
  /** `multipart/form-data; boundary=...` */
  readonly contentType: string;
  /** The fields and the file part's headers, up to the file's first byte. */
  readonly head: Uint8Array;
  /** From the file's last byte to the end of the body. */
  readonly tail: Uint8Array;
}

/** The bytes around the file for a hand-built body with a fresh random boundary. */
export function multipartFrame(fields: readonly Field[], part: FilePart): MultipartFrame {
  const boundary = `----deepseek-fetch-${randomHex(12)}`;
  let head = '';
  for (const [name, value] of fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value.replace(/\r?\n|\r/g, '\r\n')}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escape(part.filename)}"\r\nContent-Type: ${part.type}\r\n\r\n`;
  const encoder = new TextEncoder();
  return { contentType: `multipart/form-data; boundary=${boundary}`, head: encoder.encode(head), tail: encoder.encode(`\r\n--${boundary}--\r\n`) };
}

/**
 * A body stream: `frame.head`, then the file's chunks as `next()` yields them (each passed on
 * as it is), then `frame.tail`. One chunk per pull, so nothing is read before the network asks
 * for it. `next()` returns `undefined` at the end of the file.
 */
export function multipartStream(frame: MultipartFrame, next: () => Promise<Uint8Array | undefined> | Uint8Array | undefined, onCancel?: (reason: unknown) => void): ReadableStream<Uint8Array> {
  let state: 'head' | 'file' | 'done' = 'head';
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (state === 'head') {
          state = 'file';
          controller.enqueue(frame.head);
          return;
        }
        const chunk = await next();
        if (chunk === undefined) {
          state = 'done';
          controller.enqueue(frame.tail);
          controller.close();
        } else if (chunk.byteLength > 0) {
          controller.enqueue(chunk);
        }
      },
      cancel(reason) {
        onCancel?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** `"`, CR and LF percent-encoded, as the HTML standard's multipart/form-data encoding does. */
function escape(text: string): string {
  return text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
