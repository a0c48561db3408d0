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
 * - any path with a key starting `sk-revoked-`: `401` with DeepSeek's error body.
 *
 * Checks are told apart by the API key (`sk-smoke-<tag>` / `sk-revoked-<tag>`); every request
 * is recorded with its tag so the runner can assert paths and headers per check. CORS headers
 * (and preflight answers) let a page from another loopback origin call it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  /** The check, from the key; `undefined` when there was no (recognised) key, e.g. a CORS preflight. */
  tag: string | undefined;
  key: 'smoke' | 'revoked' | undefined;
  method: string;
  path: string;
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

const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-expose-headers': 'x-request-id, x-ds-trace-id',
  'access-control-max-age': '600',
};

const keyPattern = /^Bearer sk-(smoke|revoked)-([A-Za-z0-9_.-]+)$/;

export async function startLoopbackServer(): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(error), type: 'server_error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
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
    return reply(404, errorBody(`no route ${req.method} ${record.path} on the loopback server`, 'invalid_request_error'));
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

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
