/**
 * What each Files operation sends, through the class (`client.with({ files: Files })`) and the
 * functional twins: method, URL with its path and query parameters, headers, and the multipart
 * body as a server parses it. A recording fake fetch; no network.
 */
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import {
  APIUserAbortError,
  DeepSeek,
  DeepSeekCore,
  DeepSeekError,
  deleteFile,
  Files,
  InternalServerError,
  listFiles,
  retrieveFile,
  toFile,
  uploadFile,
} from '../../src/index';
import { fileObject, image, parseMultipart, streamOf } from '../helpers/files';
import { errorResponse, hangsUntilAborted, jsonResponse, observedFetch, testKey, type ObservedCall } from '../helpers/observed-fetch';

const baseURL = 'https://api.deepseek.com';

function filesClient(fetch: ReturnType<typeof observedFetch>, options: ConstructorParameters<typeof DeepSeek>[0] = {}) {
  return new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0, logLevel: 'off', ...options }).with({ files: Files });
}

/** Bodies read by `reading()` answers, by call: what a server would have received. */
const received = new WeakMap<ObservedCall, Uint8Array>();

/** Answers with `response` after reading the whole request body, as a server does before it answers an upload. */
function reading(response: Response) {
  return async (call: ObservedCall): Promise<Response> => {
    const body = call.init.body instanceof FormData ? new Request('http://x', { method: 'POST', body: call.init.body }) : new Response(call.init.body);
    received.set(call, new Uint8Array(await body.arrayBuffer()));
    if (call.init.body instanceof FormData) call.headers.set('content-type', (body as Request).headers.get('content-type')!);
    return response;
  };
}

async function sentUpload(call: ObservedCall) {
  return parseMultipart(received.get(call)!, call.headers.get('content-type') ?? undefined);
}

describe('files.create', () => {
  test('bytes go as a multipart stream with a known length: purpose and expires_after first, then the file, typed and named from its bytes', async () => {
    const fetch = observedFetch([reading(jsonResponse(fileObject({ expires_at: 1_795_675_600 })))]);
    const client = filesClient(fetch);
    const bytes = image('png', 300);

    const file = await client.files.create({ file: bytes, purpose: 'user_data', expires_after: { anchor: 'created_at', seconds: 3600 } });

    expect(file).toEqual(fileObject({ expires_at: 1_795_675_600 }));
    const [call] = fetch.calls;
    expect(call!.method).toBe('POST');
    expect(call!.url).toBe(`${baseURL}/files`);
    expect(call!.headers.get('authorization')).toBe(`Bearer ${testKey}`);
    expect(call!.headers.get('accept')).toBe('application/json');
    expect(call!.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=----deepseek-fetch-[0-9a-f]{24}$/);
    expect((call!.init as { duplex?: string }).duplex).toBe('half');
    expect(call!.headers.get('content-length')).toBe(String(received.get(call!)!.byteLength));
    const sent = await sentUpload(call!);
    expect(sent.order).toEqual(['purpose', 'expires_after[anchor]', 'expires_after[seconds]', 'file']);
    expect(sent.fields).toEqual({ purpose: 'user_data', 'expires_after[anchor]': 'created_at', 'expires_after[seconds]': '3600' });
    expect(sent.file).toEqual({ name: 'upload.png', type: 'image/png', bytes });
  });

  test("the bytes are sent without a copy: every file chunk is a view of the caller's buffer", async () => {
    const chunks: Uint8Array[] = [];
    const bytes = image('jpeg', 600 * 1024);
    const fetch = observedFetch([
      async (call) => {
        const reader = (call.init.body as ReadableStream<Uint8Array>).getReader();
        for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
        return jsonResponse(fileObject());
      },
    ]);
    await filesClient(fetch).files.create({ file: bytes, purpose: 'user_data' });
    const fileChunks = chunks.slice(1, -1);
    expect(fileChunks.length).toBe(3); // 256 KiB views
    for (const chunk of fileChunks) expect(chunk.buffer).toBe(bytes.buffer);
  });

  test('a File goes as FormData (fetch sets the boundary), keeping its name; a default content-type header is removed', async () => {
    const fetch = observedFetch([reading(jsonResponse(fileObject({ filename: 'chart.webp' })))]);
    const client = filesClient(fetch, { defaultHeaders: { 'Content-Type': 'application/json', 'x-team': 'vision' } });

    await client.files.create({ file: new File([image('webp', 100)], 'chart.webp', { type: 'image/webp' }), purpose: 'user_data' });

    const [call] = fetch.calls;
    expect(call!.init.body).toBeInstanceOf(FormData);
    expect(new Headers(call!.init.headers).has('content-type')).toBe(false);
    expect(call!.headers.get('x-team')).toBe('vision');
    const sent = await sentUpload(call!);
    expect(sent.fields).toEqual({ purpose: 'user_data' });
    expect(sent.file?.name).toBe('chart.webp');
    expect(sent.file?.bytes).toEqual(image('webp', 100));
  });

  test("the part's type is the one sniffed from the bytes, whatever the Blob or the name claim", async () => {
    const fetch = observedFetch([reading(jsonResponse(fileObject()))]);
    await filesClient(fetch).files.create({ file: new File([image('gif', 40)], 'photo.jpg', { type: 'image/jpeg' }), purpose: 'user_data' });
    const sent = await sentUpload(fetch.calls[0]!);
    expect(sent.file?.type).toBe('image/gif');
    expect(sent.file?.name).toBe('photo.jpg');
  });

  test('a ReadableStream streams through with duplex: half and no length; the server gets every byte in order', async () => {
    const fetch = observedFetch([reading(jsonResponse(fileObject()))]);
    const bytes = image('png', 1000);

    await filesClient(fetch).files.create({ file: await toFile(streamOf(bytes, 7), 'stream.png'), purpose: 'user_data' });

    const [call] = fetch.calls;
    expect((call!.init as { duplex?: string }).duplex).toBe('half');
    expect(call!.headers.has('content-length')).toBe(false);
    const sent = await sentUpload(call!);
    expect(sent.file).toEqual({ name: 'stream.png', type: 'image/png', bytes });
  });

  test('a stream the server did not read to its end cannot be read on after the call: it errors rather than ending early', async () => {
    let body: ReadableStream<Uint8Array> | undefined;
    const fetch = observedFetch([(call) => ((body = call.init.body as ReadableStream<Uint8Array>), jsonResponse(fileObject()))]);
    const source = streamOf(image('png', 1000), 7);
    await filesClient(fetch).files.create({ file: source, purpose: 'user_data' });
    await expect(new Response(body).arrayBuffer()).rejects.toThrow();
  });

  test('a name with quotes and line breaks is encoded as FormData encodes it, so the server reads it back', async () => {
    const fetch = observedFetch([reading(jsonResponse(fileObject()))]);
    await filesClient(fetch).files.create({ file: await toFile(image('png'), 'a "b"\r\nc.png'), purpose: 'user_data' });
    const raw = new TextDecoder().decode(received.get(fetch.calls[0]!));
    expect(raw).toContain('filename="a %22b%22%0D%0Ac.png"');
    expect((await sentUpload(fetch.calls[0]!)).file?.name).toBe('a "b"\r\nc.png');
  });

  test('per-request headers are sent, but cannot replace the multipart content type', async () => {
    const fetch = observedFetch([reading(jsonResponse(fileObject()))]);
    await filesClient(fetch).files.create({ file: image('png'), purpose: 'user_data' }, { headers: { 'x-trace': 't-1', 'content-type': 'text/plain' } });
    expect(fetch.calls[0]!.headers.get('x-trace')).toBe('t-1');
    expect(fetch.calls[0]!.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
  });

  test("the caller's signal aborts an upload with APIUserAbortError", async () => {
    const fetch = observedFetch([hangsUntilAborted]);
    const controller = new AbortController();
    const pending = filesClient(fetch).files.create({ file: image('png'), purpose: 'user_data' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });

  test('a per-request timeout applies to the upload', async () => {
    const fetch = observedFetch([hangsUntilAborted]);
    await expect(filesClient(fetch).files.create({ file: image('png'), purpose: 'user_data' }, { timeout: 20 })).rejects.toThrow('Request timed out after 20 ms.');
  });

  test('maxRetries per request: a 503 with maxRetries 0 is one attempt; with 1, two attempts carrying the same bytes', async () => {
    const once = observedFetch([errorResponse(503)]);
    await expect(filesClient(once).files.create({ file: image('png'), purpose: 'user_data' })).rejects.toBeInstanceOf(InternalServerError);
    expect(once.calls).toHaveLength(1);

    const twice = observedFetch([reading(errorResponse(503)), reading(jsonResponse(fileObject()))]);
    await filesClient(twice).files.create({ file: image('png', 500), purpose: 'user_data' }, { maxRetries: 1 });
    expect(twice.calls).toHaveLength(2);
    const [first, second] = await Promise.all(twice.calls.map(sentUpload));
    expect(second!.file?.bytes).toEqual(image('png', 500));
    expect(first!.file?.bytes).toEqual(second!.file?.bytes);
  });
});

describe('list, retrieve and delete', () => {
  test('list sends its parameters as a query string, leaving out unset ones', async () => {
    const fetch = observedFetch([jsonResponse({ object: 'list', data: [], has_more: false })]);
    const page = await filesClient(fetch).files.list({ limit: 20, order: 'desc', after: undefined, purpose: 'user_data' });
    expect(fetch.calls[0]!.method).toBe('GET');
    expect(fetch.calls[0]!.url).toBe(`${baseURL}/files?limit=20&order=desc&purpose=user_data`);
    expect(fetch.calls[0]!.headers.has('content-type')).toBe(false);
    expect(page.data).toEqual([]);
  });

  test('retrieve and delete put the id in the path, percent-encoded', async () => {
    const fetch = observedFetch([jsonResponse(fileObject()), jsonResponse({ id: 'a/b?c', object: 'file', deleted: true })]);
    const client = filesClient(fetch);
    await expect(client.files.retrieve('file-api-0a1b2c3d')).resolves.toEqual(fileObject());
    await expect(client.files.delete('a/b?c')).resolves.toEqual({ id: 'a/b?c', object: 'file', deleted: true });
    expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([`GET ${baseURL}/files/file-api-0a1b2c3d`, `DELETE ${baseURL}/files/a%2Fb%3Fc`]);
  });

  test.each(['', '..', '.'])('an id of %j is refused before anything is sent', async (id) => {
    const fetch = observedFetch([]);
    const client = filesClient(fetch);
    await expect(client.files.retrieve(id)).rejects.toBeInstanceOf(DeepSeekError);
    await expect(client.files.delete(id)).rejects.toThrow(/fileId must be a non-empty string/);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe('the functional twins', () => {
  test('uploadFile, listFiles, retrieveFile and deleteFile take a DeepSeekCore and call the same endpoints', async () => {
    const fetch = observedFetch([
      jsonResponse(fileObject()),
      jsonResponse({ object: 'list', data: [fileObject()], has_more: false }),
      jsonResponse(fileObject()),
      jsonResponse({ id: 'file-api-0a1b2c3d', object: 'file', deleted: true }),
    ]);
    const core = new DeepSeekCore({ apiKey: testKey, fetch, baseURL: 'https://proxy.example/v1' });
    const uploaded = await uploadFile(core, { file: image('png'), purpose: 'user_data' });
    const page = await listFiles(core, { limit: 1 });
    const retrieved = await retrieveFile(core, uploaded.id);
    const { data: deleted, response } = await deleteFile(core, uploaded.id).withResponse();
    expect([page.data, retrieved, deleted.deleted, response.status]).toEqual([[fileObject()], fileObject(), true, 200]);
    expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST https://proxy.example/files',
      'GET https://proxy.example/files?limit=1',
      'GET https://proxy.example/files/file-api-0a1b2c3d',
      'DELETE https://proxy.example/files/file-api-0a1b2c3d',
    ]);
  });

  test('a value that is not a client is a rejection, not a throw', async () => {
    const notAClient = {} as DeepSeekCore;
    await expect(uploadFile(notAClient, { file: image(), purpose: 'user_data' })).rejects.toThrow('Expected a client made with new DeepSeekCore() or new DeepSeek().');
    await expect(retrieveFile(notAClient, 'file-api-1')).rejects.toBeInstanceOf(DeepSeekError);
  });
});

describe('the key stays hidden', () => {
  test('neither the Files resource nor a page shows it in JSON or util.inspect', async () => {
    const fetch = observedFetch([jsonResponse({ object: 'list', data: [fileObject()], has_more: true, last_id: 'file-api-0a1b2c3d' })]);
    const client = filesClient(fetch);
    const page = await client.files.list();
    for (const value of [client.files, page]) {
      expect(JSON.stringify(value) ?? '').not.toContain(testKey);
      expect(inspect(value, { showHidden: true, depth: Infinity })).not.toContain(testKey);
    }
    expect(JSON.parse(JSON.stringify(page))).toEqual({ object: 'list', data: [fileObject()], last_id: 'file-api-0a1b2c3d', has_more: true });
  });
});
