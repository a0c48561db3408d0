/**
 * A real `node:http` server on 127.0.0.1:0 that misbehaves on purpose, for the fault suite
 * (test/faults) and the real-stream replay (test/stream). Every request is recorded (method,
 * url, headers, body) before its handler runs, so tests can assert how many attempts the SDK
 * made and what it sent each time. `close()` also destroys sockets a handler left open.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach } from 'vitest';
import { DeepSeek, type ChatCompletionChunk, type ClientOptions, type Logger } from '../../src/index';

export { sleep };

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body as bytes (uploads carry binary files, which `body` would mangle as UTF-8). */
  raw: Buffer;
  /**
   * Settles when the exchange is over. `completed` is false when the client hung up (abort,
   * cancel, reset) before the server ended its response.
   */
  closed: Promise<{ completed: boolean }>;
}

export interface HandlerContext {
  /** 0 for the first request this server received, 1 for the second… */
  attempt: number;
  request: RecordedRequest;
}

/** Answers one request; it may write slowly, never answer, or break the socket. */
export type FaultHandler = (req: IncomingMessage, res: ServerResponse, context: HandlerContext) => void | Promise<void>;

export interface FaultServer {
  /** `http://127.0.0.1:<port>`, to pass as `baseURL`. */
  readonly url: string;
  readonly port: number;
  /** Every request received so far, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Resolves once `count` requests have arrived (their bodies read). */
  waitForRequests(count: number): Promise<void>;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

/**
 * Starts a server. With one handler, every request gets it; with a list, request `n` gets
 * `handlers[n]` and requests past the end get the last one (e.g. `[fail, fail, succeed]`).
 * `port` defaults to 0 (any free port).
 */
export async function startFaultServer(
  handlers: FaultHandler | readonly FaultHandler[],
  { port: wantedPort = 0, readBody = true }: { port?: number; readBody?: boolean } = {},
): Promise<FaultServer> {
  const list = Array.isArray(handlers) ? handlers : [handlers as FaultHandler];
  if (list.length === 0) throw new Error('startFaultServer needs at least one handler');
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void (async () => {
      // With `readBody: false` the handler gets the request as it arrives (to fail mid-upload)
      // and the recorded body stays empty.
      const parts: Buffer[] = [];
      if (readBody) for await (const part of req) parts.push(part as Buffer);
      const closed = new Promise<{ completed: boolean }>((resolve) => {
        res.once('close', () => resolve({ completed: res.writableFinished }));
      });
      const request: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
        raw: Buffer.concat(parts),
        closed,
      };
      const attempt = requests.push(request) - 1;
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const handler = list[Math.min(attempt, list.length - 1)]!;
      await handler(req, res, { attempt, request });
    })().catch(() => {
      // A handler that throws (often: it wrote to a socket the client already closed) ends the exchange.
      req.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(wantedPort, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * For a test file: returns `serve(handlers)`, which starts a server that is closed after the
 * test that started it, whatever the outcome.
 */
export function useFaultServers(): (handlers: FaultHandler | readonly FaultHandler[], options?: { readBody?: boolean }) => Promise<FaultServer> {
  const open: FaultServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (handlers, options) => {
    const server = await startFaultServer(handlers, options);
    open.push(server);
    return server;
  };
}

/** The fake key every fault test uses (not key-shaped: never 32 hex characters after `sk-`). */
export const testKey = 'sk-test-fault-0000';

/** A client for `server` with no retries and a 5 s attempt deadline unless overridden. */
export function clientFor(server: Pick<FaultServer, 'url'>, options: ClientOptions = {}): DeepSeek {
  return new DeepSeek({ apiKey: testKey, baseURL: server.url, maxRetries: 0, timeout: 5_000, logLevel: 'off', ...options });
}

/** A chat request body; `stream: true` variants are built by the callers. */
export const chatRequest = {
  model: 'deepseek-flash',
  messages: [{ role: 'user' as const, content: 'Say OK.' }],
};

// ---------------------------------------------------------------------------------------------
// Writing responses

/** Sends a JSON response (any status) with `content-type: application/json` unless overridden. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Writes the headers of a `200 text/event-stream` response and flushes them at once. */
export function startSse(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();
}

/** One SSE data event: objects are JSON-encoded, strings are sent as they are. */
export function sseEvent(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

export const DONE = 'data: [DONE]\n\n';
export const KEEP_ALIVE = ': keep-alive\n\n';

/**
 * Writes `pieces` one `write()` each, waiting `delayMs` between them (and before the first
 * when `delayFirst`), honouring backpressure. Stops early, without throwing, once the client
 * has gone. Returns whether every piece was written.
 */
export async function writePieces(
  res: ServerResponse,
  pieces: readonly (string | Uint8Array)[],
  { delayMs = 0, delayFirst = false }: { delayMs?: number; delayFirst?: boolean } = {},
): Promise<boolean> {
  for (let i = 0; i < pieces.length; i++) {
    if ((i > 0 || delayFirst) && delayMs > 0) await sleep(delayMs);
    if (!(await writeOne(res, pieces[i]!))) return false;
  }
  return true;
}

/** Writes `piece` again and again (every `intervalMs`, or as fast as backpressure allows) until the client hangs up. */
export async function writeForever(res: ServerResponse, piece: string | Uint8Array, { intervalMs = 0 }: { intervalMs?: number } = {}): Promise<void> {
  while (await writeOne(res, piece)) {
    if (intervalMs > 0) await sleep(intervalMs);
  }
}

async function writeOne(res: ServerResponse, piece: string | Uint8Array): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(piece)) return true;
  // Buffer full: wait until it drains or the client goes away.
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

/**
 * A handler for a server started with `readBody: false`: reads the request body as it arrives
 * and breaks the connection once more than `limit` bytes came, in the middle of an upload.
 * `received()` says how many bytes arrived before the break.
 */
export function breaksAfter(limit: number): FaultHandler & { received(): number } {
  let received = 0;
  const handler: FaultHandler = (req) => {
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) breakSocket(req);
    });
  };
  return Object.assign(handler, { received: () => received });
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Breaks the connection under a request: a TCP RST (`resetAndDestroy`, the client sees
 * `ECONNRESET`) by default, or a plain `destroy()` (a FIN in the middle of a chunked body,
 * which undici reports as `terminated` / "other side closed").
 */
export function breakSocket(req: IncomingMessage, how: 'reset' | 'destroy' = 'reset'): void {
  const socket = req.socket;
  if (how === 'reset' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

// ---------------------------------------------------------------------------------------------
// Payloads

/** A `chat.completion.chunk` for choice 0 with the given delta (and finish reason / usage on the last one). */
export function chatChunk(
  delta: ChatCompletionChunk['choices'][number]['delta'],
  { finish = null, usage }: { finish?: ChatCompletionChunk['choices'][number]['finish_reason']; usage?: ChatCompletionChunk['usage'] } = {},
): ChatCompletionChunk {
  return {
    id: 'fault-0001',
    object: 'chat.completion.chunk',
    created: 1_780_000_000,
    model: 'deepseek-flash',
    system_fingerprint: 'fp_fault',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage === undefined ? {} : { usage }),
  };
}

/** A short, complete answer: role chunk, two content chunks, the finish chunk with usage. */
export function answerChunks(text: [string, string] = ['Hello', ', world']): ChatCompletionChunk[] {
  return [
    chatChunk({ role: 'assistant', content: '' }),
    chatChunk({ content: text[0] }),
    chatChunk({ content: text[1] }),
    chatChunk({ content: '' }, { finish: 'stop', usage: usageOf(5, 2) }),
  ];
}

export function usageOf(prompt: number, completion: number): NonNullable<ChatCompletionChunk['usage']> {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_cache_hit_tokens: 0,
    prompt_cache_miss_tokens: prompt,
  };
}

/** A non-streaming `chat.completion` body. */
export function chatCompletionBody(content = 'OK') {
  return {
    id: 'fault-0002',
    object: 'chat.completion',
    created: 1_780_000_000,
    model: 'deepseek-flash',
    choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
    usage: usageOf(5, 1),
  };
}

// ---------------------------------------------------------------------------------------------
// Consuming streams

/** What {@link consume} saw. */
export interface Consumed<T> {
  chunks: T[];
  error: unknown;
  /** True when `giveUpAfterMs` passed and the stream was aborted by the test, not by the SDK. */
  gaveUp: boolean;
}

/**
 * Iterates `stream` to the end or the first error, keeping what was yielded before it.
 * `onChunk` runs after each chunk is stored (e.g. to tell the server to go on).
 * `giveUpAfterMs` turns "the SDK never ended the stream" into a readable failure (`gaveUp`)
 * rather than a test timeout: the stream is aborted then.
 */
export async function consume<T>(
  stream: AsyncIterable<T> & { abort?(): void },
  { onChunk, giveUpAfterMs }: { onChunk?: (chunk: T, count: number) => void; giveUpAfterMs?: number } = {},
): Promise<Consumed<T>> {
  const chunks: T[] = [];
  let gaveUp = false;
  const timer =
    giveUpAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          gaveUp = true;
          stream.abort?.();
        }, giveUpAfterMs);
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      onChunk?.(chunk, chunks.length);
    }
    return { chunks, error: undefined, gaveUp };
  } catch (error) {
    return { chunks, error, gaveUp };
  } finally {
    clearTimeout(timer);
  }
}

/** Every message of an error and its `cause` chain, plus stacks: where a secret must not appear. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current != null && depth < 6; depth++) {
    if (current instanceof Error) parts.push(current.name, current.message, current.stack ?? '');
    else parts.push(String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

/** A promise with its resolve function outside: lets a handler wait for the test (lockstep). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A logger that keeps every line (use with `logLevel: 'debug'` or `'info'`). */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string, ...details: unknown[]): void => {
    lines.push([message, ...details.map((detail) => JSON.stringify(detail))].join(' '));
  };
  return { lines, error: keep, warn: keep, info: keep, debug: keep };
}

/** The waits the SDK logged before each retry, in ms (from its `retrying … in N ms` info lines). */
export function loggedRetryDelays(lines: readonly string[]): number[] {
  return lines.flatMap((line) => {
    const match = /retrying .* in (\d+) ms/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}
