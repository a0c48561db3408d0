// The runtime smoke test: ONE source, run unchanged by Node, Bun and Deno, and bundled
// (esbuild, one ESM file) for workerd and the browser. It imports the SDK by its package
// name, so it runs against the tarball installed in the scratch project, never src/.
//
// Plain JavaScript on purpose: every runtime runs it as it is, and the repo's type-check
// (which runs before `npm run build`) never has to resolve `deepseek-fetch`.
import { AuthenticationError, createFimCompletion, createResponse, DeepSeek, DeepSeekCore, DeepSeekError, Files, FileUploadError, imagePart, outputText, Responses, toFile, toInputItems } from 'deepseek-fetch';
import { createOpenAPIClient } from 'deepseek-fetch/openapi';

/** Texts the loopback server (test/runtimes/server.ts) answers with; the runner checks the result against them. */
export const prompt = { chat: 'How many r are in strawberry?', followUp: 'And in raspberry?', fimPrompt: 'def fib(a):\n', fimSuffix: '    return fib(a-1) + fib(a-2)' };

/**
 * The images the Files smoke uploads, by input kind: a PNG signature, then a pattern that
 * depends on `seed` (test/runtimes/server.ts makes the same bytes to check what arrived).
 */
export const uploads = {
  blob: { seed: 1, size: 3000 },
  bytes: { seed: 2, size: 70_000 },
  stream: { seed: 3, size: 50_000 },
  path: { seed: 4, size: 20_000 },
};

/** @param {number} seed @param {number} size */
export function imageBytes(seed, size) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * (seed + 6) + seed) % 251;
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
}

/**
 * Runs the seven calls and reports what came back as plain JSON, then the Files API round.
 * `tag` names the check; the server tells checks apart by the API key, which embeds it.
 *
 * @param {{ baseURL: string, tag: string, clientOptions?: Record<string, unknown>, imagePath?: string }} input
 */
export async function runSmoke({ baseURL, tag, clientOptions = {}, imagePath }) {
  const client = new DeepSeek({ apiKey: `sk-smoke-${tag}`, baseURL, maxRetries: 0, ...clientOptions });
  const messages = [{ role: 'user', content: prompt.chat }];

  // (1) chat completion
  const chat = await client.chat.completions.create({ model: 'deepseek-flash', messages });
  const chatChoice = chat.choices[0];

  // (2) streamed chat completion: for await, then finalCompletion()
  const stream = await client.chat.completions.create({ model: 'deepseek-flash', messages, stream: true, stream_options: { include_usage: true } });
  let chunks = 0;
  let deltaContent = '';
  let deltaReasoning = '';
  for await (const chunk of stream) {
    chunks++;
    const delta = chunk.choices[0]?.delta;
    deltaContent += delta?.content ?? '';
    deltaReasoning += delta?.reasoning_content ?? '';
  }
  const final = await stream.finalCompletion();
  const finalChoice = final.choices[0];

  // (3) FIM completion (beta server), through the functional core
  const core = new DeepSeekCore({ apiKey: `sk-smoke-${tag}`, baseURL, maxRetries: 0, ...clientOptions });
  const fim = await createFimCompletion(core, { model: 'deepseek-v4-flash', prompt: prompt.fimPrompt, suffix: prompt.fimSuffix, max_tokens: 64 });

  // (4) a typed error: the server answers 401 to this key
  const revoked = new DeepSeek({ apiKey: `sk-revoked-${tag}`, baseURL, maxRetries: 0, ...clientOptions });
  let error;
  try {
    await revoked.chat.completions.create({ model: 'deepseek-flash', messages });
    error = { thrown: false };
  } catch (err) {
    error = {
      thrown: true,
      instanceofAuthenticationError: err instanceof AuthenticationError,
      name: err?.name,
      status: err?.status,
      message: err?.message,
      type: err?.type,
      code: err?.code,
      requestId: err?.requestId,
    };
  }

  // (5) the raw typed openapi-fetch client of deepseek-fetch/openapi
  const api = createOpenAPIClient({ baseUrl: baseURL, headers: { authorization: `Bearer sk-smoke-${tag}` } });
  const typedResult = await api.POST('/chat/completions', { body: { model: 'deepseek-flash', messages } });
  const typed = { status: typedResult.response.status, id: typedResult.data?.id, content: typedResult.data?.choices[0]?.message.content };

  // (6) a response (POST /responses) through the opt-in resource, JSON
  const responses = new DeepSeek({ apiKey: `sk-smoke-${tag}`, baseURL, maxRetries: 0, ...clientOptions }).with({ responses: Responses }).responses;
  const response = await responses.create({ model: 'deepseek-flash', input: prompt.chat, reasoning: { effort: 'high' } });

  // (7) the next turn streamed through the functional core, its history built by toInputItems()
  const input = [{ role: 'user', content: prompt.chat }, ...toInputItems(response), { role: 'user', content: prompt.followUp }];
  const responseStream = await createResponse(core, { model: 'deepseek-flash', input, stream: true });
  const eventTypes = [];
  let textDeltas = '';
  let reasoningDeltas = '';
  for await (const event of responseStream) {
    eventTypes.push(event.type === 'unknown' ? `unknown:${event.eventType}` : event.type);
    if (event.type === 'response.output_text.delta') textDeltas += event.delta;
    if (event.type === 'response.reasoning_text.delta') reasoningDeltas += event.delta;
  }
  const finalResponse = await responseStream.finalResponse();

  const files = await runFiles({ baseURL, tag, clientOptions, imagePath });

  return {
    typed,
    files,
    responses: {
      json: { id: response.id, object: response.object, status: response.status, text: outputText(response), items: response.output.map((item) => item.type), usage: response.usage },
      stream: {
        eventTypes,
        textDeltas,
        reasoningDeltas,
        id: finalResponse.id,
        status: finalResponse.status,
        text: outputText(finalResponse),
        textEqualsDeltas: outputText(finalResponse) === textDeltas,
        usage: finalResponse.usage,
        nextInput: toInputItems(finalResponse),
      },
    },
    chat: {
      id: chat.id,
      object: chat.object,
      model: chat.model,
      role: chatChoice?.message.role,
      content: chatChoice?.message.content,
      reasoning_content: chatChoice?.message.reasoning_content,
      finish_reason: chatChoice?.finish_reason,
      usage: chat.usage,
    },
    stream: {
      chunks,
      deltaContent,
      deltaReasoning,
      id: final.id,
      object: final.object,
      model: final.model,
      content: finalChoice?.message.content,
      reasoning_content: finalChoice?.message.reasoning_content,
      contentEqualsDeltas: finalChoice?.message.content === deltaContent,
      reasoningEqualsDeltas: finalChoice?.message.reasoning_content === deltaReasoning,
      finish_reason: finalChoice?.finish_reason,
      usage: final.usage,
    },
    fim: {
      id: fim.id,
      object: fim.object,
      model: fim.model,
      text: fim.choices[0]?.text,
      finish_reason: fim.choices[0]?.finish_reason,
      usage: fim.usage,
    },
    error,
  };
}

/**
 * The Files API from the tarball: uploads from a File, bytes, a ReadableStream and (where the
 * runtime has node:fs) a path; a preflight refusal; paging with `for await`; retrieve and delete
 * of an id that needs percent-encoding; an image part. What the server received is checked by
 * the runner.
 *
 * @param {{ baseURL: string, tag: string, clientOptions?: Record<string, unknown>, imagePath?: string }} input
 */
async function runFiles({ baseURL, tag, clientOptions = {}, imagePath }) {
  const client = new DeepSeek({ apiKey: `sk-smoke-${tag}`, baseURL, maxRetries: 0, ...clientOptions }).with({ files: Files });
  const describe = (file) => ({ id: file.id, object: file.object, bytes: file.bytes, filename: file.filename, purpose: file.purpose, expires_at: file.expires_at ?? null });

  const blob = await client.files.create({
    file: new File([imageBytes(uploads.blob.seed, uploads.blob.size)], 'blob.png', { type: 'image/png' }),
    purpose: 'user_data',
    expires_after: { anchor: 'created_at', seconds: 7200 },
  });
  const bytes = await client.files.create({ file: imageBytes(uploads.bytes.seed, uploads.bytes.size), purpose: 'user_data' });
  const streamed = imageBytes(uploads.stream.seed, uploads.stream.size);
  let offset = 0;
  const source = new ReadableStream({ pull: (controller) => (offset < streamed.byteLength ? controller.enqueue(streamed.slice(offset, (offset += 4096))) : controller.close()) });
  const stream = await client.files.create({ file: await toFile(source, 'stream.png'), purpose: 'user_data' });

  // A path: a file-backed Blob where node:fs exists; elsewhere a clear FileUploadError.
  let path;
  try {
    const file = await toFile(imagePath ?? '/no/node-fs/here.png');
    path = { uploaded: describe(await client.files.create({ file, purpose: 'user_data' })) };
  } catch (err) {
    path = { refused: err instanceof FileUploadError ? err.reason : `${err?.name}: ${err?.message}` };
  }

  // A PDF is refused before anything is sent.
  let refused;
  try {
    await client.files.create({ file: new TextEncoder().encode('%PDF-1.7 not an image'), purpose: 'user_data' });
    refused = 'sent';
  } catch (err) {
    refused = err instanceof FileUploadError ? err.reason : `${err?.name}: ${err?.message}`;
  }

  const ids = [];
  for await (const file of client.files.list({ limit: 2 })) ids.push(file.id);
  const first = await client.files.list({ limit: 2 });
  const retrieved = await client.files.retrieve(stream.id);
  const deleted = await client.files.delete(bytes.id);

  return {
    uploads: { blob: describe(blob), bytes: describe(bytes), stream: describe(stream), path },
    refused,
    listed: ids,
    firstPage: { count: first.data.length, has_more: first.has_more, hasNextPage: first.hasNextPage() },
    retrieved: describe(retrieved),
    deleted,
    part: imagePart(stream),
  };
}

/**
 * Browser only: without `dangerouslyAllowBrowser` the constructor must refuse, with a
 * `DeepSeekError` that explains the risk, before any request is made.
 *
 * @param {{ baseURL: string, tag: string }} input
 */
export function refusesWithoutOptIn({ baseURL, tag }) {
  try {
    new DeepSeek({ apiKey: `sk-smoke-${tag}`, baseURL });
    return { thrown: false };
  } catch (err) {
    return {
      thrown: true,
      instanceofDeepSeekError: err instanceof DeepSeekError,
      name: err?.name,
      // The wording may change; what it must say: anyone can read the key, and how to opt in.
      explainsRisk: /every visitor .*could read your API key/.test(String(err?.message)) && /dangerouslyAllowBrowser: true/.test(String(err?.message)),
      message: err?.message,
    };
  }
}

/** An error as plain JSON, for a runner to print. */
export function describeError(err) {
  return { name: err?.name, message: String(err?.message ?? err), stack: typeof err?.stack === 'string' ? err.stack.split('\n').slice(0, 8).join('\n') : undefined };
}
