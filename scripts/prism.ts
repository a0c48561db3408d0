/**
 * Starts a Stoplight Prism mock of spec/openapi.yaml on a free loopback port.
 * Used by the contract tests (global setup), `npm start`, `npm run mock` and the examples.
 *
 * What Prism 5.14.2 does with the Files API (checked by hand and pinned by
 * test/contract/files.contract.test.ts):
 * - It parses `multipart/form-data` bodies, chunked (streamed) ones included, and validates
 *   the fields: `required`, `enum` (`purpose`), `const` (`expires_after[anchor]`), and
 *   `minimum`/`maximum` on `expires_after[seconds]`, which it reads as an integer from the text
 *   field. A violation is a 422 with `sl-violations`, as for JSON.
 * - Gotchas: `additionalProperties: false` is not enforced on multipart bodies (it is on JSON),
 *   `dependentRequired` is enforced on neither, and a `file` sent as a plain text field passes
 *   (Prism cannot tell a file part from a field). Those rules are checked by the fidelity suite's
 *   JSON Schema validator and by the SDK's own preflight instead.
 * - Query parameters (`limit` 1-1000, `order`, `purpose`) are validated; path parameters are
 *   matched after percent-decoding nothing: `/files/a%2Fb` matches `/files/{file_id}`.
 * - GET and DELETE answer their examples like POST; `Prefer: code=404` works for the documented
 *   404. Every request gets the same example, so a `has_more: true` page is answered again for
 *   its `after` cursor: real multi-page listing is tested against a fake fetch and a node:http
 *   server, not Prism.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const specPath = join(repoRoot, 'spec', 'openapi.yaml');

type Json = Record<string, unknown>;
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Prism matches request paths against `paths` only and ignores the path part of
 * operation-level `servers` (FIM lives at `/completions` on the server
 * `https://api.deepseek.com/beta`). This returns a copy of the spec where each such
 * operation is also mounted under its server's path prefix (`/beta/completions`), so the
 * mock answers at the URLs a real client calls. Pure: the input is not modified.
 */
export function mountServerPaths(spec: Json): Json {
  const copy = structuredClone(spec);
  const rootServers = (copy.servers as { url: string }[] | undefined) ?? [{ url: '/' }];
  const rootPath = pathOf(rootServers[0]?.url ?? '/');
  const paths = copy.paths as Record<string, Json>;
  const mounted: Record<string, Json> = {};
  for (const [path, item] of Object.entries(paths)) {
    for (const method of methods) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const servers = (operation.servers ?? item.servers) as { url: string }[] | undefined;
      delete operation.servers;
      const prefixes = servers ? servers.map((server) => relativePrefix(pathOf(server.url), rootPath)) : [''];
      prefixes.forEach((prefix, index) => {
        const target = (mounted[prefix + path] ??= { ...withoutOperations(item) });
        delete target.servers;
        const clone = structuredClone(operation);
        if (index > 0 && typeof clone.operationId === 'string') clone.operationId = `${clone.operationId}_${index}`;
        target[method] = clone;
      });
    }
  }
  copy.paths = mounted;
  return copy;
}

function withoutOperations(item: Json): Json {
  const rest: Json = {};
  for (const [key, value] of Object.entries(item)) {
    if (!(methods as readonly string[]).includes(key)) rest[key] = value;
  }
  return rest;
}

function pathOf(url: string): string {
  return new URL(url, 'http://placeholder').pathname.replace(/\/+$/, '');
}

function relativePrefix(serverPath: string, rootPath: string): string {
  return serverPath.startsWith(rootPath) ? serverPath.slice(rootPath.length) : serverPath;
}

/** A running mock. */
export interface PrismMock {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Everything Prism printed, for diagnostics. */
  output(): string;
  stop(): Promise<void>;
}

/** Options for {@link startPrism}. */
export interface StartPrismOptions {
  /** Port to listen on; a free one by default. */
  port?: number;
  /** Give up when Prism is not listening after this long (ms). */
  startTimeoutMs?: number;
}

/**
 * Starts `prism mock --errors` on 127.0.0.1. `--errors` turns a served example that breaks
 * its schema into a 500, so a drifting example fails loudly.
 */
export async function startPrism(options: StartPrismOptions = {}): Promise<PrismMock> {
  const dir = mkdtempSync(join(tmpdir(), 'deepseek-fetch-prism-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(mountServerPaths(parse(readFileSync(specPath, 'utf8')) as Json)));
  const require = createRequire(import.meta.url);
  const prismBin = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(prismBin, file, port, options.startTimeoutMs ?? 30_000, () => rmSync(dir, { recursive: true, force: true }));
    } catch (error) {
      lastError = error;
      if (options.port !== undefined) break;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

function launch(prismBin: string, file: string, port: number, timeoutMs: number, cleanup: () => void): Promise<PrismMock> {
  const child = spawn(process.execPath, [prismBin, 'mock', '-h', '127.0.0.1', '-p', String(port), '--errors', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  let output = '';
  const url = `http://127.0.0.1:${port}`;
  const mock: PrismMock = { url, output: () => output, stop: () => stop(child, cleanup) };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void mock.stop();
      reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (data: Buffer): void => {
      output += data.toString();
      if (output.includes('Prism is listening on')) {
        clearTimeout(timer);
        resolvePromise(mock);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code} before listening:\n${output}`));
    });
  });
}

function stop(child: ChildProcess, cleanup: () => void): Promise<void> {
  return new Promise((resolvePromise) => {
    const done = (): void => {
      cleanup();
      resolvePromise();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
