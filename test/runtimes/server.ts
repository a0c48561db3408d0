/**
 * The loopback DeepSeek stand-in for the runtime matrix: a small `node:http` server, faster and
 * more deterministic than Prism, that answers exactly what the smoke script calls:
 *
 * - `POST /chat/completions`: JSON, or with `"stream": true` an SSE stream (keep-alive comment,
 *   reasoning deltas, content deltas, finish chunk, usage chunk, `data: [DONE]`) written in
 *   several pieces with short pauses, one event split across two writes;
 * - `POST /beta/completions`: a FIM completion (JSON);
 * - `POST /responses`: a response object (JSON), or with `"stream": true` named Responses events
 *   (keep-alive comment, reasoning and text deltas, an event type the SDK does not know,
 *   `response.completed`, no `[DONE]`) written in pieces, one event split inside a character;
 * - any path with a key starting `sk-revoked-`: `401` with DeepSeek's error body;
 * - the Files API: `POST /files` (multipart, parsed and recorded: fields, filename, type, size,
 *   SHA-256 of the file, chunked or not), `GET /files` (cursor pages), `GET` and `DELETE
 *   /files/{id}` (the id percent-decoded from the path), per check.
 *
 * Checks are told apart by the API key (`sk-smoke-<tag>` / `sk-revoked-<tag>`); every request
 * is recorded with its tag so the runner can assert paths and headers per check. CORS headers
 * (and preflight answers) let a page from another loopback origin call it.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A multipart upload as the server parsed it. */
export interface RecordedUpload {
  fields: Record<string, string>;
  file: { name: string; type: string; size: number; sha256: string } | undefined;
  /** How the body came: `chunked` (a streamed body) or `content-length`. */
  framing: 'chunked' | 'content-length' | 'neither';
}

export interface RecordedRequest {
  /** The check, from the key; `undefined` when there was no (recognised) key, e.g. a CORS preflight. */
  tag: string | undefined;
  key: 'smoke' | 'revoked' | undefined;
  method: string;
  path: string;
  /** The path and query as sent (percent-encoding kept). */
  rawUrl: string;
  upload?: RecordedUpload;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
}

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests of one check, preflights excluded. */
  requestsOf(tag: string): RecordedRequest[];
  close(): Promise<void>;
}

/** What the server answers; the runner builds the expected smoke result from the same values. */
export const fixture = {
  created: 1_764_000_000,
  model: 'deepseek-v4-flash',
  fimModel: 'deepseek-v4-flash',
  chatContent: 'There are 3 r in "strawberry".',
  chatReasoning: 'Spell it: s-t-r-a-w-b-e-r-r-y. r at 3, 8 and 9.',
  /** Streamed in these pieces; multi-byte characters on purpose. */
  streamReasoning: ['The user asks ', 'how many r — ', 'count: s,t,r(1)', ',a,w,b,e,r(2),r(3). ', 'Three ✓.'],
  streamContent: ['There are ', '**3** r in ', '“strawberry” ', '🍓.'],
  fimText: '    if a < 2:\n        return a\n',
  usage: { prompt_tokens: 12, completion_tokens: 34, total_tokens: 46, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 12 },
  streamUsage: { prompt_tokens: 12, completion_tokens: 21, total_tokens: 33, prompt_cache_hit_tokens: 8, prompt_cache_miss_tokens: 4 },
  fimUsage: { prompt_tokens: 20, completion_tokens: 11, total_tokens: 31, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 20 },
  errorMessage: 'Authentication Fails, Your api key: ****oked is invalid',
  requestId: (tag: string) => `req-401-${tag}`,
  ids: (tag: string) => ({ chat: `chatcmpl-${tag}-json`, stream: `chatcmpl-${tag}-sse`, fim: `cmpl-${tag}-fim` }),
  /** Upload times: `created_at` of the n-th file of a check (1-based). */
  fileCreatedAt: (n: number) => 1_795_672_000 + n,
  /** A file's id: with a `/`, so retrieve and delete must percent-encode it. */
  fileId: (tag: string, n: number) => `file-api-${tag}/${n}`,
  /** The same images smoke/smoke.mjs makes (imageBytes), by input kind. */
  uploads: { blob: { seed: 1, size: 3000 }, bytes: { seed: 2, size: 70_000 }, stream: { seed: 3, size: 50_000 }, path: { seed: 4, size: 20_000 } },
  imageBytes(seed: number, size: number): Uint8Array {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * (seed + 6) + seed) % 251;
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return bytes;
  },
  /** `POST /responses`: ids by tag, the texts (streamed in these pieces), usage. */
  responses: {
    ids: (tag: string) => ({ json: `resp-${tag}-json`, stream: `resp-${tag}-sse`, reasoning: `rs-${tag}`, message: `msg-${tag}` }),
    reasoning: 'Spell it: s-t-r-a-w-b-e-r-r-y.',
    text: 'There are 3 r in "strawberry".',
    streamReasoning: ['Now ', 'r-a-s-p-', 'b-e-r-r-y — two ✓.'],
    streamText: ['Two ', 'r in “raspberry” ', '🍓.'],
    usage: { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 9 }, total_tokens: 32 },
    streamUsage: { input_tokens: 40, input_tokens_details: { cached_tokens: 32 }, output_tokens: 18, output_tokens_details: { reasoning_tokens: 8 }, total_tokens: 58 },
    /** The event type the stream sends that no SDK version knows. */
    unknownEventType: 'response.loopback_note',
  },
} as const;

/** A stored file, as DeepSeek describes it. */
interface StoredFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  expires_at?: number;
}

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-expose-headers': 'x-request-id, x-ds-trace-id',
  'access-control-max-age': '600',
};

const keyPattern = /^Bearer sk-(smoke|revoked)-([A-Za-z0-9_.-]+)$/;

export async function startLoopbackServer(): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  /** Each check's files, in upload order. */
  const stores = new Map<string, StoredFile[]>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(error), type: 'server_error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const upload = contentType.startsWith('multipart/form-data') ? await parseUpload(raw, contentType, req) : undefined;
    const text = upload ? '' : raw.toString('utf8');
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // recorded as text
    }
    const match = keyPattern.exec(String(req.headers.authorization ?? ''));
    const record: RecordedRequest = {
      tag: match?.[2],
      key: match?.[1] as RecordedRequest['key'],
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://loopback').pathname,
      rawUrl: req.url ?? '',
      ...(upload ? { upload } : {}),
      headers: { ...req.headers },
      body,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
      record.status = status;
      json(res, status, payload, extra);
    };

    if (req.method === 'OPTIONS') {
      record.status = 204;
      res.writeHead(204, corsHeaders).end();
      return;
    }
    if (!match) return reply(401, errorBody('Authentication Fails (no api key)', 'authentication_error'));
    const tag = match[2]!;
    if (match[1] === 'revoked') {
      return reply(401, errorBody(fixture.errorMessage, 'authentication_error'), { 'x-request-id': fixture.requestId(tag) });
    }
    const params = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const ids = fixture.ids(tag);

    if (req.method === 'POST' && record.path === '/chat/completions') {
      if (params.stream === true) {
        record.status = 200;
        return streamChat(res, ids.stream);
      }
      return reply(200, {
        id: ids.chat,
        object: 'chat.completion',
        created: fixture.created,
        model: fixture.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: fixture.chatContent, reasoning_content: fixture.chatReasoning },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: fixture.usage,
        system_fingerprint: 'fp_loopback',
      });
    }
    if (req.method === 'POST' && record.path === '/beta/completions') {
      return reply(200, {
        id: ids.fim,
        object: 'text_completion',
        created: fixture.created,
        model: fixture.fimModel,
        choices: [{ index: 0, text: fixture.fimText, logprobs: null, finish_reason: 'stop' }],
        usage: fixture.fimUsage,
        system_fingerprint: 'fp_loopback',
      });
    }
    if (req.method === 'POST' && record.path === '/responses') {
      const ids = fixture.responses.ids(tag);
      if (params.stream === true) {
        record.status = 200;
        return streamResponse(res, ids);
      }
      const r = fixture.responses;
      return reply(200, responseObject(ids.json, 'completed', [reasoningItem(ids.reasoning, r.reasoning), messageItem(ids.message, r.text)], r.usage));
    }
    if (record.path === '/files' || record.path.startsWith('/files/')) return files(req, record, tag, reply);
    return reply(404, errorBody(`no route ${req.method} ${record.path} on the loopback server`, 'invalid_request_error'));
  }

  /** The Files API of one check (`tag`), on its own store. */
  function files(req: IncomingMessage, record: RecordedRequest, tag: string, reply: (status: number, payload: unknown) => void): void {
    const store = stores.get(tag) ?? [];
    stores.set(tag, store);
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (req.method === 'POST' && record.path === '/files') {
      const { upload } = record;
      if (!upload?.file || upload.fields.purpose !== 'user_data') return reply(400, errorBody('expected a file and purpose=user_data', 'invalid_request_error'));
      const n = store.length + 1;
      const seconds = upload.fields['expires_after[seconds]'];
      const file: StoredFile = { id: fixture.fileId(tag, n), object: 'file', bytes: upload.file.size, created_at: fixture.fileCreatedAt(n), filename: upload.file.name, purpose: 'user_data' };
      if (seconds !== undefined) file.expires_at = file.created_at + Number(seconds);
      store.push(file);
      return reply(200, file);
    }
    if (req.method === 'GET' && record.path === '/files') {
      const after = url.searchParams.get('after');
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const start = after === null ? 0 : store.findIndex((file) => file.id === after) + 1;
      const data = store.slice(start, start + limit);
      return reply(200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < store.length });
    }
    const id = decodeURIComponent(record.path.slice('/files/'.length));
    const index = store.findIndex((file) => file.id === id);
    if (index === -1) return reply(404, errorBody(`No such file: ${id}`, 'invalid_request_error'));
    if (req.method === 'GET') return reply(200, store[index]);
    if (req.method === 'DELETE') {
      store.splice(index, 1);
      return reply(200, { id, object: 'file', deleted: true });
    }
    return reply(405, errorBody(`${req.method} is not allowed on ${record.path}`, 'invalid_request_error'));
  }

  /** A streamed response: reasoning, an unknown event, then the message, as DeepSeek names and numbers its events. */
  function streamResponse(res: ServerResponse, ids: ReturnType<typeof fixture.responses.ids>): void {
    const r = fixture.responses;
    const reasoning = r.streamReasoning.join('');
    const text = r.streamText.join('');
    const payloads: Record<string, unknown>[] = [
      { type: 'response.created', response: responseObject(ids.stream, 'in_progress', [], null) },
      { type: 'response.in_progress', response: responseObject(ids.stream, 'in_progress', [], null) },
      { type: 'response.output_item.added', output_index: 0, item: { ...reasoningItem(ids.reasoning, ''), status: 'in_progress', content: [] } },
      { type: 'response.content_part.added', item_id: ids.reasoning, output_index: 0, content_index: 0, part: { type: 'reasoning_text', text: '' } },
      ...r.streamReasoning.map((delta) => ({ type: 'response.reasoning_text.delta', item_id: ids.reasoning, output_index: 0, content_index: 0, delta })),
      { type: 'response.reasoning_text.done', item_id: ids.reasoning, output_index: 0, content_index: 0, text: reasoning },
      { type: 'response.content_part.done', item_id: ids.reasoning, output_index: 0, content_index: 0, part: { type: 'reasoning_text', text: reasoning } },
      { type: 'response.output_item.done', output_index: 0, item: reasoningItem(ids.reasoning, reasoning) },
      { type: r.unknownEventType, note: 'a new event type: delivered as unknown, never an error' },
      { type: 'response.output_item.added', output_index: 1, item: { ...messageItem(ids.message, ''), status: 'in_progress', content: [] } },
      { type: 'response.content_part.added', item_id: ids.message, output_index: 1, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } },
      ...r.streamText.map((delta) => ({ type: 'response.output_text.delta', item_id: ids.message, output_index: 1, content_index: 0, delta, logprobs: [] })),
      { type: 'response.output_text.done', item_id: ids.message, output_index: 1, content_index: 0, text, logprobs: [] },
      { type: 'response.content_part.done', item_id: ids.message, output_index: 1, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text } },
      { type: 'response.output_item.done', output_index: 1, item: messageItem(ids.message, text) },
      { type: 'response.completed', response: responseObject(ids.stream, 'completed', [reasoningItem(ids.reasoning, reasoning), messageItem(ids.message, text)], r.streamUsage) },
    ];
    const pieces = [': keep-alive\n\n', ...payloads.map((payload, sequence_number) => `event: ${String(payload.type)}\ndata: ${JSON.stringify({ ...payload, sequence_number })}\n\n`)];
    writeSse(res, pieces);
  }

  function streamChat(res: ServerResponse, id: string): void {
    const base = { id, object: 'chat.completion.chunk', created: fixture.created, model: fixture.model, system_fingerprint: 'fp_loopback' };
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
      `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    const pieces: string[] = [': keep-alive\n\n', chunk({ role: 'assistant', content: null, reasoning_content: '' })];
    for (const part of fixture.streamReasoning) pieces.push(chunk({ content: null, reasoning_content: part }));
    for (const part of fixture.streamContent) pieces.push(chunk({ content: part, reasoning_content: null }));
    pieces.push(chunk({ content: '', reasoning_content: null }, 'stop'));
    pieces.push(`data: ${JSON.stringify({ ...base, choices: [], usage: fixture.streamUsage })}\n\n`);
    pieces.push('data: [DONE]\n\n');
    writeSse(res, pieces);
  }

  /** Writes an SSE body in its pieces, 3 ms apart, the piece with 🍓 split inside it (to exercise the decoder). */
  function writeSse(res: ServerResponse, pieces: string[]): void {
    const splitAt = pieces.findIndex((piece) => piece.includes('🍓'));
    const bytes = Buffer.from(pieces[splitAt]!);
    const cut = bytes.indexOf(Buffer.from('🍓')) + 2;
    const writes: (string | Buffer)[] = [...pieces.slice(0, splitAt), bytes.subarray(0, cut), bytes.subarray(cut), ...pieces.slice(splitAt + 1)];

    res.writeHead(200, { ...corsHeaders, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let index = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (index === writes.length) {
        res.end();
        return;
      }
      res.write(writes[index++]!);
      const timer = setTimeout(() => {
        timers.delete(timer);
        next();
      }, 3);
      timers.add(timer);
    };
    next();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsOf: (tag) => requests.filter((request) => request.tag === tag && request.method !== 'OPTIONS'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A response object as DeepSeek echoes it (the OpenAI field set with fixed values). */
function responseObject(id: string, status: 'in_progress' | 'completed', output: unknown[], usage: unknown): Record<string, unknown> {
  return {
    id,
    object: 'response',
    created_at: fixture.created,
    status,
    background: false,
    completed_at: status === 'completed' ? fixture.created + 2 : null,
    error: null,
    incomplete_details: null,
    instructions: null,
    model: fixture.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: 'high', summary: null },
    store: false,
    text: { format: { type: 'text' }, verbosity: null },
    tool_choice: 'auto',
    tools: [],
    usage,
    metadata: {},
  };
}

function reasoningItem(id: string, text: string): Record<string, unknown> {
  return { type: 'reasoning', id, status: 'completed', content: [{ type: 'reasoning_text', text }], summary: [] };
}

function messageItem(id: string, text: string): Record<string, unknown> {
  return { type: 'message', id, status: 'completed', content: [{ type: 'output_text', annotations: [], logprobs: [], text }], phase: 'final_answer', role: 'assistant' };
}

function errorBody(message: string, type: string): unknown {
  return { error: { message, type, param: null, code: 'invalid_request_error' } };
}

function json(res: ServerResponse, status: number, payload: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { ...corsHeaders, ...extra, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** A multipart/form-data body, parsed by undici (a parser the SDK does not share). */
async function parseUpload(raw: Buffer, contentType: string, req: IncomingMessage): Promise<RecordedUpload> {
  const framing = req.headers['transfer-encoding'] === 'chunked' ? 'chunked' : req.headers['content-length'] !== undefined ? 'content-length' : 'neither';
  const upload: RecordedUpload = { fields: {}, file: undefined, framing };
  const form = await new Response(raw as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData().catch(() => undefined);
  for (const [name, value] of form ?? []) {
    if (typeof value === 'string') upload.fields[name] = value;
    else {
      const bytes = new Uint8Array(await value.arrayBuffer());
      upload.file = { name: (value as File).name, type: value.type, size: bytes.byteLength, sha256: sha256(bytes) };
    }
  }
  return upload;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
