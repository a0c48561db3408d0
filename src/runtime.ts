/**
 * What the SDK needs to know about the JavaScript runtime it runs on, read defensively:
 * browsers have no `process`, and Deno throws when env access was not granted.
 */

interface MaybeRuntimeGlobals {
  process?: { env?: Record<string, string | undefined> };
  Deno?: { env?: { get(name: string): string | undefined } };
  window?: { document?: unknown };
  navigator?: { userAgent?: string };
  WorkerGlobalScope?: unknown;
  Bun?: unknown;
}

const runtime = globalThis as unknown as MaybeRuntimeGlobals;

/** Reads an environment variable; `undefined` where there is no environment or no permission. */
export function readEnv(name: string): string | undefined {
  try {
    const fromProcess = runtime.process?.env?.[name];
    if (fromProcess !== undefined) return fromProcess.trim() === '' ? undefined : fromProcess.trim();
    const fromDeno = runtime.Deno?.env?.get(name);
    return fromDeno === undefined || fromDeno.trim() === '' ? undefined : fromDeno.trim();
  } catch {
    return undefined; // Deno without --allow-env throws NotCapable / PermissionDenied
  }
}

/**
 * True in a web page or a browser worker, where an API key would be visible to every user
 * of the site. Node, Deno, Bun and edge workers (Cloudflare, Vercel) are not browsers.
 */
export function isBrowserLike(): boolean {
  if (runtime.Deno !== undefined || runtime.Bun !== undefined) return false;
  if (typeof runtime.window === 'object' && runtime.window !== null && runtime.window.document !== undefined) return true;
  const userAgent = runtime.navigator?.userAgent ?? '';
  if (userAgent.startsWith('Cloudflare-Workers')) return false;
  // A dedicated/shared/service worker in a browser has WorkerGlobalScope and a browser user agent.
  return runtime.WorkerGlobalScope !== undefined && /Mozilla\//.test(userAgent);
}

/** Whether `hostname` (from a URL) names this machine: plain HTTP is acceptable only there. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** setTimeout fires at once for delays above 2^31-1 ms, so longer deadlines mean "no timer". */
export const maxTimerMs = 2 ** 31 - 1;
