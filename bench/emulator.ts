/**
 * A loopback emulator of the DeepSeek API, run in its own process so that on a 2-core
 * machine the server and the measured client each get a core.
 *
 *   POST /chat/completions        JSON `chat.completion`, or SSE when the body has `stream: true`
 *   POST /beta/chat/completions   the same (chat prefix completion goes there)
 *   POST /beta/completions        JSON `text_completion` (FIM)
 *   POST /responses               SSE of named Responses events (`stream: true` only; responses-fixtures.ts)
 *
 * Streams are selected per request with headers (see `fixtures.ts`): `x-bench-chunks: N`,
 * optionally `x-bench-pace-us: µs` (below), and `x-bench-pattern`:
 *   event        one event per HTTP chunk, what a server doing one `res.write()` per token sends
 *   bulk         whole events grouped into ~16 KiB HTTP chunks (a server that buffers)
 *   split        random 1-64-byte HTTP chunks that cut lines, fields and UTF-8 characters,
 *                with `: keep-alive` comments before the first event and every 500 events
 *   first-token  the role chunk, then after a pause one token stamped with the send time
 *                (`process.hrtime.bigint()`, a clock shared by all processes), then the rest
 *                (chat only)
 *
 * Why a raw `net` server instead of `node:http`: every response is pre-rendered once, HTTP
 * chunked framing included, and sent with a single `socket.write()`. The server's cost is then
 * tiny and the same for every client, while the client still sees exactly the HTTP chunks a
 * per-write server would produce. Note that Node's fetch (undici) merges the body pieces that
 * arrive while the consumer is busy, so a client reading as fast as it can gets reads of many
 * KiB whatever the pattern. `x-bench-pace-us` makes the emulator send one HTTP chunk per
 * interval instead (spinning on `setImmediate`, so it keeps its core busy meanwhile), which is
 * how tokens arrive from a real model: each piece is then read alone.
 *
 * Run alone for debugging: `tsx bench/emulator.ts` prints its URL.
 */
import { createServer, type Socket } from 'node:net';
import {
  chatCompletion,
  paceHeader,
  chunkAt,
  chunksHeader,
  fimCompletion,
  firstTokenDelayMs,
  patternHeader,
  prng,
  sentAtField,
  type WritePattern,
} from './fixtures';
import { responseEventTexts } from './responses-fixtures';

const bulkWriteBytes = 16 * 1024;
const keepAliveEvery = 500;
const restDelayMs = 2; // first-token: the rest follows later, so the stamped token is read alone
const apiKey = 'sk-bench';

const commonHeaders =
  'Date: Thu, 26 Nov 2026 06:00:00 GMT\r\n' +
  'Server: bench-emulator\r\n' +
  'Connection: keep-alive\r\n' +
  'Vary: origin, access-control-request-method, access-control-request-headers\r\n' +
  'Access-Control-Allow-Credentials: true\r\n' +
  'X-Ds-Trace-Id: 5f3a7c9e1b2d4f6a8c0e2b4d6f8a0c2e\r\n';

const sseHead = Buffer.from(
  'HTTP/1.1 200 OK\r\n' +
    commonHeaders +
    'Content-Type: text/event-stream; charset=utf-8\r\n' +
    'Cache-Control: no-cache\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n',
);

function jsonResponse(status: number, body: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(body));
  const reason = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 411: 'Length Required' }[status] ?? 'Error';
  const head = `HTTP/1.1 ${status} ${reason}\r\n${commonHeaders}Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), payload]);
}

const errorBody = (message: string, type = 'invalid_request_error') => ({ error: { message, type, param: null, code: null } });

/** One HTTP chunk (`<hex size>\r\n<bytes>\r\n`): what one `res.write()` puts on the wire. */
function frame(bytes: Buffer): Buffer[] {
  return [Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')];
}

const lastChunk = Buffer.from('0\r\n\r\n');
const keepAlive = Buffer.from(': keep-alive\n\n');
const done = Buffer.from('data: [DONE]\n\n');
const sseEvent = (index: number, chunks: number, extra?: Record<string, string>): Buffer =>
  Buffer.from(`data: ${JSON.stringify(chunkAt(index, chunks, extra))}\n\n`);

/** The SSE events of a stream (data events and `[DONE]`), each as bytes. */
function events(chunks: number, from = 0): Buffer[] {
  const list: Buffer[] = [];
  for (let index = from; index < chunks; index++) list.push(sseEvent(index, chunks));
  list.push(done);
  return list;
}

/** What a stream carries: chat chunks (`chunks` of them), or Responses events (`chunks` text deltas). */
export type StreamKind = 'chat' | 'responses';

/** Splits the events into the HTTP chunks of a write pattern. */
function writes(pattern: Exclude<WritePattern, 'first-token'>, chunks: number, kind: StreamKind = 'chat'): Buffer[] {
  const all = kind === 'chat' ? events(chunks) : responseEventTexts(chunks).map((text) => Buffer.from(text));
  if (pattern === 'event') return all;
  if (pattern === 'bulk') {
    const grouped: Buffer[] = [];
    let group: Buffer[] = [];
    let size = 0;
    for (const event of all) {
      group.push(event);
      size += event.length;
      if (size >= bulkWriteBytes) {
        grouped.push(Buffer.concat(group));
        [group, size] = [[], 0];
      }
    }
    if (group.length > 0) grouped.push(Buffer.concat(group));
    return grouped;
  }
  // split: DeepSeek sends keep-alive comments while a request is queued; a few more mid-stream
  // make sure every client skips comments that arrive cut into pieces.
  const withComments: Buffer[] = [keepAlive];
  all.forEach((event, index) => {
    if (index > 0 && index % keepAliveEvery === 0) withComments.push(keepAlive);
    withComments.push(event);
  });
  const text = Buffer.concat(withComments);
  const random = prng(0x5eed ^ chunks);
  const pieces: Buffer[] = [];
  for (let start = 0; start < text.length; ) {
    const size = 1 + Math.floor(random() * 64);
    pieces.push(text.subarray(start, start + size));
    start += size;
  }
  return pieces;
}

/** A whole streamed response: head, framed body and terminator in one buffer. */
function renderStream(pattern: Exclude<WritePattern, 'first-token'>, chunks: number, kind: StreamKind): Buffer {
  return Buffer.concat([sseHead, ...writes(pattern, chunks, kind).flatMap(frame), lastChunk]);
}

const rendered = new Map<string, Buffer>();

/** Pre-renders (once) and returns the response bytes of a stream. */
function streamBytes(pattern: Exclude<WritePattern, 'first-token'>, chunks: number, kind: StreamKind = 'chat'): Buffer {
  const key = `${kind}:${pattern}:${chunks}`;
  let bytes = rendered.get(key);
  if (!bytes) {
    bytes = renderStream(pattern, chunks, kind);
    rendered.set(key, bytes);
  }
  return bytes;
}

const renderedPieces = new Map<string, Buffer[]>();

/** Sends a stream one framed HTTP chunk at a time, `paceMicros` apart. */
function sendPaced(socket: Socket, pattern: Exclude<WritePattern, 'first-token'>, chunks: number, paceMicros: number): Promise<void> {
  const key = `${pattern}:${chunks}`;
  let pieces = renderedPieces.get(key);
  if (!pieces) {
    pieces = writes(pattern, chunks).map((piece) => Buffer.concat(frame(piece)));
    pieces.push(Buffer.concat([pieces.pop()!, lastChunk])); // the terminator travels with [DONE]
    renderedPieces.set(key, pieces);
  }
  const all = pieces;
  const pace = BigInt(Math.round(paceMicros * 1000));
  socket.write(sseHead);
  let index = 0;
  let due = process.hrtime.bigint() + pace;
  return new Promise((resolve) => {
    // Timers have millisecond granularity; a setImmediate loop keeps microsecond pacing.
    const tick = (): void => {
      if (socket.destroyed) return resolve();
      const now = process.hrtime.bigint();
      if (now >= due) {
        socket.write(all[index++]!);
        if (index === all.length) return resolve();
        due = now + pace;
      }
      setImmediate(tick);
    };
    setImmediate(tick);
  });
}

const firstTokenParts = new Map<number, { start: Buffer; rest: Buffer }>();

/**
 * First-token stream: head and role chunk at once; after a pause (the client is then idle,
 * waiting on the socket, as it is for a real model) the stamped token; then the rest.
 */
function sendFirstToken(socket: Socket, chunks: number): Promise<void> {
  let parts = firstTokenParts.get(chunks);
  if (!parts) {
    parts = {
      start: Buffer.concat([sseHead, ...frame(sseEvent(0, chunks))]),
      rest: Buffer.concat([...events(chunks, 2).flatMap(frame), lastChunk]),
    };
    firstTokenParts.set(chunks, parts);
  }
  const { start, rest } = parts;
  socket.write(start);
  return new Promise((resolve) => {
    setTimeout(() => {
      // The stamp is taken as late as possible: only rendering this one event follows it.
      const token = sseEvent(1, chunks, { [sentAtField]: String(process.hrtime.bigint()) });
      socket.write(Buffer.concat(frame(token)));
      setTimeout(() => {
        socket.write(rest);
        resolve();
      }, restDelayMs);
    }, firstTokenDelayMs);
  });
}

interface Request {
  method: string;
  path: string;
  headers: Map<string, string>;
  body: Buffer;
}

const chatJson = jsonResponse(200, chatCompletion());
const fimJson = jsonResponse(200, fimCompletion());

/** Answers one request; resolves when the whole response has been written. */
function respond(socket: Socket, request: Request): Promise<void> | void {
  if (request.headers.get('authorization') !== `Bearer ${apiKey}`) {
    socket.write(jsonResponse(401, errorBody('Authentication Fails (no such user)', 'authentication_error')));
    return;
  }
  const route = request.method === 'POST' ? request.path.replace(/\?.*$/, '') : '';
  if (route !== '/chat/completions' && route !== '/beta/chat/completions' && route !== '/beta/completions' && route !== '/responses') {
    socket.write(jsonResponse(404, errorBody(`${request.method} ${request.path} is not emulated`)));
    return;
  }
  let body: { stream?: unknown };
  try {
    body = JSON.parse(request.body.toString('utf8')) as { stream?: unknown };
  } catch {
    socket.write(jsonResponse(400, errorBody('the body is not JSON')));
    return;
  }
  if (route === '/responses') return respondResponses(socket, request, body);
  if (route === '/beta/completions') {
    if (body.stream === true) socket.write(jsonResponse(400, errorBody('streamed FIM is not emulated')));
    else socket.write(fimJson);
    return;
  }
  if (body.stream !== true) {
    socket.write(chatJson);
    return;
  }
  const pattern = (request.headers.get(patternHeader) ?? 'event') as WritePattern;
  const chunks = Number(request.headers.get(chunksHeader) ?? 100);
  if (!['event', 'bulk', 'split', 'first-token'].includes(pattern) || !Number.isInteger(chunks) || chunks < 3) {
    socket.write(jsonResponse(400, errorBody(`bad ${patternHeader} or ${chunksHeader}`)));
    return;
  }
  if (pattern === 'first-token') return sendFirstToken(socket, chunks);
  const pace = Number(request.headers.get(paceHeader) ?? 0);
  if (pace > 0) return sendPaced(socket, pattern, chunks, pace);
  socket.write(streamBytes(pattern, chunks));
}

/** `POST /responses`: a stream of `x-bench-chunks` text deltas in the requested write pattern (no pacing). */
function respondResponses(socket: Socket, request: Request, body: { stream?: unknown }): void {
  const pattern = request.headers.get(patternHeader) ?? 'bulk';
  const deltas = Number(request.headers.get(chunksHeader) ?? 100);
  if (body.stream !== true) {
    socket.write(jsonResponse(400, errorBody('only streamed responses are emulated')));
    return;
  }
  if ((pattern !== 'event' && pattern !== 'bulk' && pattern !== 'split') || !Number.isInteger(deltas) || deltas < 1) {
    socket.write(jsonResponse(400, errorBody(`bad ${patternHeader} or ${chunksHeader}`)));
    return;
  }
  socket.write(streamBytes(pattern, deltas, 'responses'));
}

/**
 * A minimal HTTP/1.1 request reader: head, then a `Content-Length` body (every client here
 * sends its JSON as a string; a chunked request body is refused with 411, loudly). Requests on
 * a keep-alive connection are answered in order.
 */
function serve(socket: Socket): void {
  socket.setNoDelay(true); // the first-token stamp must not wait for Nagle
  socket.on('error', () => undefined); // clients reset connections when they stop reading early
  let pending: Buffer = Buffer.alloc(0);
  let busy = false;

  const next = (): void => {
    while (!busy) {
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const lines = pending.subarray(0, headEnd).toString('latin1').split('\r\n');
      const [method = '', path = ''] = lines[0]!.split(' ');
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      if (headers.has('transfer-encoding')) {
        socket.end(jsonResponse(411, errorBody('send the request body with Content-Length')));
        return;
      }
      const length = Number(headers.get('content-length') ?? 0);
      const end = headEnd + 4 + length;
      if (pending.length < end) return;
      const request = { method, path, headers, body: pending.subarray(headEnd + 4, end) };
      pending = pending.subarray(end);
      const responded = respond(socket, request);
      if (headers.get('connection')?.toLowerCase() === 'close') {
        void Promise.resolve(responded).then(() => socket.end());
        return;
      }
      if (responded) {
        busy = true;
        void responded.then(() => {
          busy = false;
          next();
        });
      }
    }
  };

  socket.on('data', (data: Buffer) => {
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    next();
  });
}

/** What the parent asks the emulator for over IPC. */
export type EmulatorCommand = { type: 'prepare'; streams: { pattern: Exclude<WritePattern, 'first-token'>; chunks: number }[] };
/** What the emulator tells the parent over IPC. */
export type EmulatorMessage = { type: 'listening'; port: number } | { type: 'prepared'; bytes: number };

const server = createServer(serve);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (process.send) {
    process.send({ type: 'listening', port } satisfies EmulatorMessage);
    // Rendering before the first measured request keeps it out of every client's warm-up.
    process.on('message', (command: EmulatorCommand) => {
      if (command.type !== 'prepare') return;
      const bytes = command.streams.reduce((sum, { pattern, chunks }) => sum + streamBytes(pattern, chunks).length, 0);
      process.send!({ type: 'prepared', bytes } satisfies EmulatorMessage);
    });
    process.on('disconnect', () => process.exit(0)); // the bench ended (or crashed): never linger
  } else {
    console.log(`DeepSeek emulator on http://127.0.0.1:${port} (Ctrl-C stops it)`);
  }
});
