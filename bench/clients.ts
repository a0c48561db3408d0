/**
 * The clients compared, behind one small interface so that a scenario treats them alike.
 * Each is written the way a careful user would: the SDKs through their public API with
 * default settings, the hand-written ones as a loop that yields parsed chunks from an async
 * generator. Every client hands each chunk to consumer code through `for await`.
 * deepseek-fetch has four rows: through the `DeepSeek` class and through the functional core
 * (`DeepSeekCore` + `createChatCompletion`), each from `src/` (through tsx) and from `dist/`.
 * The libraries are imported in `createClients`, so the orchestrator can use the names here
 * without loading them.
 */
import { pathToFileURL } from 'node:url';
import { eventSourceParserChunks, eventSourceParserNamedEvents } from './readers/eventsource-parser';
import { floorChunks, floorNamedEvents } from './readers/floor';
import { responseTerminalTypes } from './responses-fixtures';
import { distEntry, sourceEntry } from './sdk';

/** The fields of a streamed chunk the scenarios verify (the rest passes through untouched). */
export interface Chunk {
  choices: { delta: { role?: string; content?: string | null }; finish_reason: string | null }[];
  usage?: { completion_tokens: number } | null;
  [field: string]: unknown;
}
export interface ChatCompletion {
  id: string;
  choices: { message: { content: string | null }; finish_reason: string | null }[];
}
export interface TextCompletion {
  id: string;
  choices: { text: string; finish_reason: string | null }[];
}

/** The fields of a streamed `POST /responses` event the scenarios verify (the rest passes through untouched). */
export interface ResponseEvent {
  type: string;
  sequence_number?: number;
  delta?: string;
  response?: { status: string; usage?: { output_tokens: number } | null };
  [field: string]: unknown;
}
export interface ResponseParams {
  model: string;
  input: string;
}

export interface ChatParams {
  model: string;
  messages: { role: 'system' | 'user'; content: string }[];
}
export interface FimParams {
  model: string;
  prompt: string;
  suffix: string;
  max_tokens: number;
}

/** Request headers that select the emulator's stream (they travel like any extra header). */
export type BenchHeaders = Record<string, string>;

export interface BenchClient {
  readonly name: string;
  /** Resolves once the response headers arrived, like the SDKs' `create({stream: true})`. */
  streamChat(params: ChatParams, headers: BenchHeaders): Promise<AsyncIterable<Chunk>>;
  /** A streamed `POST /responses`: its events, resolved once the response headers arrived. */
  streamResponse(params: ResponseParams, headers: BenchHeaders): Promise<AsyncIterable<ResponseEvent>>;
  chat(params: ChatParams): Promise<ChatCompletion>;
  fim(params: FimParams): Promise<TextCompletion>;
}

export const apiKey = 'sk-bench';

/** The floor and eventsource-parser clients differ only in how they turn bytes into chunks (or named events). */
type ChunkReader = <T>(body: ReadableStream<Uint8Array>) => AsyncGenerator<T, void, undefined>;
type NamedEventReader = <T extends { type: string }>(body: ReadableStream<Uint8Array>, terminalTypes: ReadonlySet<string>) => AsyncGenerator<T, void, undefined>;

function fetchClient(name: string, baseURL: string, readChunks: ChunkReader, readNamedEvents: NamedEventReader): BenchClient {
  const post = (path: string, body: unknown, accept: string, headers?: BenchHeaders): Promise<Response> =>
    fetch(`${baseURL}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept, ...headers },
      body: JSON.stringify(body),
    });
  const json = async <T>(response: Response): Promise<T> => {
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    name,
    async streamChat(params, headers) {
      const response = await post('/chat/completions', { ...params, stream: true }, 'text/event-stream', headers);
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return readChunks<Chunk>(response.body);
    },
    async streamResponse(params, headers) {
      const response = await post('/responses', { ...params, stream: true }, 'text/event-stream', headers);
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return readNamedEvents<ResponseEvent>(response.body, responseTerminalTypes);
    },
    chat: async (params) => json<ChatCompletion>(await post('/chat/completions', params, 'application/json')),
    fim: async (params) => json<TextCompletion>(await post('/beta/completions', params, 'application/json')),
  };
}

/** openai, pointed at the emulator; FIM needs a second client on `/beta`, as DeepSeek's docs show. */
function openaiClient(OpenAI: typeof import('openai').default, baseURL: string): BenchClient {
  const client = new OpenAI({ apiKey, baseURL });
  const beta = new OpenAI({ apiKey, baseURL: `${baseURL}/beta` });
  return {
    name: 'openai',
    streamChat: async (params, headers) => client.chat.completions.create({ ...params, stream: true }, { headers }) as Promise<AsyncIterable<Chunk>>,
    streamResponse: async (params, headers) => client.responses.create({ ...params, stream: true }, { headers }) as Promise<AsyncIterable<ResponseEvent>>,
    chat: async (params) => (await client.chat.completions.create(params)) as ChatCompletion,
    fim: async (params) => (await beta.completions.create(params)) as TextCompletion,
  };
}

/**
 * The SDK's public surface the bench uses, typed locally so src refactors do not break the
 * bench: the `DeepSeek` class, and the functional core (`DeepSeekCore` + the operations).
 */
interface DeepSeekModule {
  DeepSeek: new (options: { apiKey: string; baseURL: string }) => {
    chat: { completions: { create(body: unknown, options?: { headers?: BenchHeaders }): Promise<unknown> } };
    fim: { completions: { create(body: unknown): Promise<unknown> } };
    with(resources: { responses: unknown }): { responses: { create(body: unknown, options?: { headers?: BenchHeaders }): Promise<unknown> } };
  };
  DeepSeekCore: new (options: { apiKey: string; baseURL: string }) => object;
  Responses: unknown;
  createChatCompletion(core: object, body: unknown, options?: { headers?: BenchHeaders }): Promise<unknown>;
  createFimCompletion(core: object, body: unknown): Promise<unknown>;
  createResponse(core: object, body: unknown, options?: { headers?: BenchHeaders }): Promise<unknown>;
}

/** Through the class: `client.chat.completions.create(...)`, as the README's first example. */
function deepseekClassClient(name: string, module: DeepSeekModule, baseURL: string): BenchClient {
  const client = new module.DeepSeek({ apiKey, baseURL });
  // The opt-in Responses resource, attached as the README shows.
  const responses = client.with({ responses: module.Responses }).responses;
  return {
    name,
    streamChat: async (params, headers) => (await client.chat.completions.create({ ...params, stream: true }, { headers })) as AsyncIterable<Chunk>,
    streamResponse: async (params, headers) => (await responses.create({ ...params, stream: true }, { headers })) as AsyncIterable<ResponseEvent>,
    chat: async (params) => (await client.chat.completions.create(params)) as ChatCompletion,
    fim: async (params) => (await client.fim.completions.create(params)) as TextCompletion,
  };
}

/** Through the functional core: `createChatCompletion(core, {stream: true})`, what a size-conscious caller writes. */
function deepseekCoreClient(name: string, module: DeepSeekModule, baseURL: string): BenchClient {
  const core = new module.DeepSeekCore({ apiKey, baseURL });
  return {
    name,
    streamChat: async (params, headers) => (await module.createChatCompletion(core, { ...params, stream: true }, { headers })) as AsyncIterable<Chunk>,
    streamResponse: async (params, headers) => (await module.createResponse(core, { ...params, stream: true }, { headers })) as AsyncIterable<ResponseEvent>,
    chat: async (params) => (await module.createChatCompletion(core, params)) as ChatCompletion,
    fim: async (params) => (await module.createFimCompletion(core, params)) as TextCompletion,
  };
}

/**
 * The floor plus the least a per-request deadline costs: an `AbortController` whose signal goes
 * to `fetch`, and a timer armed before the request and cleared after the body. Any client with
 * a timeout pays this (undici registers the signal's listeners and a finalizer per request).
 * A reference row for the request scenarios, not a competitor.
 */
function deadlineClient(baseURL: string): BenchClient {
  const json = async <T>(path: string, body: unknown): Promise<T> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 600_000);
    try {
      const response = await fetch(`${baseURL}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    name: deadlineName,
    streamChat: () => Promise.reject(new Error(`${deadlineName} runs in the request scenarios only`)),
    streamResponse: () => Promise.reject(new Error(`${deadlineName} runs in the request scenarios only`)),
    chat: (params) => json<ChatCompletion>('/chat/completions', params),
    fim: (params) => json<TextCompletion>('/beta/completions', params),
  };
}

/** Client names, in table order. */
export const floorName = 'floor';
/** The request scenarios' reference row: the floor with a per-request deadline. */
export const deadlineName = 'floor + deadline';

/** How a deepseek-fetch row calls the SDK: the `DeepSeek` class, or the functional core. */
export type SdkApi = 'class' | 'core';
/** Which build a deepseek-fetch row loads: the TypeScript source (through tsx) or `dist/`. */
export type SdkBuild = 'src' | 'dist';
export interface SdkRow {
  name: string;
  api: SdkApi;
  build: SdkBuild;
}

/** The deepseek-fetch rows, in table order; the dist ones exist only once `npm run build` produced `dist/`. */
export const sdkRows: readonly SdkRow[] = (['src', 'dist'] as const).flatMap((build) =>
  (['class', 'core'] as const).map((api) => ({ name: `deepseek-fetch ${api} (${build})`, api, build })),
);

/** The deepseek-fetch row of that name, if it is one. */
export function sdkRow(name: string): SdkRow | undefined {
  return sdkRows.find((row) => row.name === name);
}

export function availableClientNames(): string[] {
  const built = distEntry() !== undefined;
  return [floorName, 'openai', 'eventsource-parser', ...sdkRows.filter((row) => built || row.build === 'src').map((row) => row.name)];
}

/**
 * Expands `--clients` selectors to client names: a name as listed, a reference row (e.g.
 * `floor + deadline`), `deepseek-fetch` for every deepseek-fetch row, or `deepseek-fetch (dist)`
 * / `deepseek-fetch (src)` for both rows of one build (the names before the class and core
 * rows existed). Throws on a selector that matches nothing available.
 */
export function selectClients(selectors: readonly string[]): string[] {
  const available = availableClientNames();
  const selected: string[] = [];
  for (const selector of selectors) {
    const matches = [...available, deadlineName].filter((name) => {
      if (name === selector) return true;
      const row = sdkRow(name);
      return row !== undefined && (selector === 'deepseek-fetch' || selector === `deepseek-fetch (${row.build})`);
    });
    if (matches.length === 0) throw new Error(`unknown or unavailable client ${JSON.stringify(selector)}; available: ${[...available, deadlineName].join(', ')}`);
    for (const name of matches) if (!selected.includes(name)) selected.push(name);
  }
  return selected;
}

/** Builds the named clients (all available ones by default), pointed at the emulator. */
export async function createClients(baseURL: string, names = availableClientNames()): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (const name of names) {
    const sdk = sdkRow(name);
    if (name === floorName) clients.push(fetchClient(name, baseURL, floorChunks, floorNamedEvents));
    else if (name === 'eventsource-parser') clients.push(fetchClient(name, baseURL, eventSourceParserChunks, eventSourceParserNamedEvents));
    else if (name === deadlineName) clients.push(deadlineClient(baseURL));
    else if (name === 'openai') clients.push(openaiClient((await import('openai')).default, baseURL));
    else if (sdk) {
      const entry = sdk.build === 'src' ? sourceEntry : distEntry();
      if (!entry) throw new Error(`dist/ is not built: run npm run build, or leave out ${name}`);
      const module = (await import(pathToFileURL(entry).href)) as DeepSeekModule;
      clients.push((sdk.api === 'class' ? deepseekClassClient : deepseekCoreClient)(name, module, baseURL));
    } else throw new Error(`unknown client ${JSON.stringify(name)}; known: ${availableClientNames().join(', ')}`);
  }
  return clients;
}
