/**
 * `node:fs`, reached at run time and only where it exists (Node ≥ 20.16, Bun, Deno), so that
 * nothing in the package imports a Node module: a browser or edge-worker bundle of the SDK
 * never sees `node:fs`, and `toFile(path)` there fails with a clear message instead.
 */

/** The part of `node:fs` `toFile()` uses. */
export interface NodeFs {
  /** A `Blob` backed by the file on disk: its bytes are read only while it is sent (Node ≥ 19.8). */
  openAsBlob?(path: string | URL, options?: { type?: string }): Promise<Blob>;
}

interface MaybeProcess {
  process?: { getBuiltinModule?(id: string): unknown };
}

/** `node:fs`, or `undefined` in a runtime without it (a browser, workerd, Node < 20.16). */
export function nodeFs(): NodeFs | undefined {
  try {
    return (globalThis as MaybeProcess).process?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  } catch {
    return undefined;
  }
}
