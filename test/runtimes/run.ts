/**
 * Runtime matrix: the packed SDK, installed from its tarball like a user would, runs the same
 * smoke script (test/runtimes/smoke/smoke.mjs) against a loopback server on every runtime:
 *
 *   node20 (the machine's node) · node24 · bun · deno · workerd · chromium · chromium (refusal)
 *
 * Prerequisite: `npm run build` (dist/). Then `npm run test:runtimes` (= `tsx test/runtimes/run.ts`):
 *  1. `npm ci --prefix test/runtimes` unless the pinned runtimes are already installed there;
 *  2. `npm pack` of the repo into a temp dir, and `npm install` of that tarball into a scratch
 *     project (outside the repo, so nothing can resolve from the repo's node_modules);
 *  3. esbuild bundles of the smoke for workerd and the browser, made in the scratch project;
 *  4. each check, one after the other, with a PASS/FAIL line, the runtime's version and the time.
 * Every field of each smoke report is checked exactly, and so are the requests the server
 * received for that check. A runtime that cannot run is a FAIL. Exit code 1 if any check failed.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { serveDirectory } from '../../scripts/static-server';
import { fixture, sha256, startLoopbackServer, type LoopbackServer, type RecordedRequest } from './server';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const runtimesModules = join(here, 'node_modules');
const bin = (name: string): string => join(runtimesModules, '.bin', name);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Pinned for reproducibility; must not be later than the pinned workerd's release. */
const workerdCompatibilityDate = '2026-11-01';
const checkTimeoutMs = 90_000;

// ---------------------------------------------------------------------------------------------
// small helpers

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError: Error | undefined;
}

/** Runs a command to completion (killed after `timeoutMs`), capturing its output. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let spawnError: Error | undefined;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? checkTimeoutMs);
    child.on('error', (error) => (spawnError = error));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, timedOut, spawnError });
    });
  });
}

function describeRun(result: RunResult): string {
  if (result.spawnError) return `could not start: ${result.spawnError.message}`;
  if (result.timedOut) return 'timed out (killed)';
  return result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The runner's environment for child processes, without DEEPSEEK_* (the smoke passes everything
 * explicitly), without the lower-case npm_* variables that `npm run` adds for the root package
 * (the scratch project and test/runtimes are other packages), and without colours.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('DEEPSEEK_') && !name.startsWith('npm_')) env[name] = value;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** A value check for fields whose exact value is not the point (e.g. a human-readable message). */
type Predicate = ((value: unknown) => boolean) & { description: string };
function predicate(description: string, test: (value: unknown) => boolean): Predicate {
  return Object.assign(test, { description });
}

/** Compares `actual` with `expected` field by field: same keys, same values (or predicate holds). */
function compare(actual: unknown, expected: unknown, path: string, problems: string[]): void {
  if (typeof expected === 'function') {
    const check = expected as Predicate;
    if (!check(actual)) problems.push(`${path}: got ${JSON.stringify(actual)}, expected ${check.description}`);
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual) !== Array.isArray(expected)) {
      problems.push(`${path}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      return;
    }
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
      if (!(key in e)) problems.push(`${path}.${key}: unexpected field (${JSON.stringify(a[key])})`);
      else if (!(key in a)) problems.push(`${path}.${key}: missing, expected ${JSON.stringify(e[key])}`);
      else compare(a[key], e[key], `${path}.${key}`, problems);
    }
    return;
  }
  if (!Object.is(actual, expected)) problems.push(`${path}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

// ---------------------------------------------------------------------------------------------
// what every smoke run must report, and what the server must have received

/** Runtimes without node:fs (an edge worker, a browser): `toFile(path)` must refuse there. */
const hasNodeFs = (tag: string): boolean => tag !== 'workerd' && tag !== 'chromium';

/** The image file the CLI runtimes upload by path (written into the scratch project). */
const imageFile = 'smoke/image.png';

/** What the Files round of the smoke must report (see runFiles in smoke/smoke.mjs). */
function expectedFiles(tag: string): unknown {
  const file = (n: number, bytes: number, filename: string, expires: number | null = null) => ({
    id: fixture.fileId(tag, n),
    object: 'file',
    bytes,
    filename,
    purpose: 'user_data',
    expires_at: expires === null ? null : fixture.fileCreatedAt(n) + expires,
  });
  const { uploads } = fixture;
  const stream = file(3, uploads.stream.size, 'stream.png');
  const count = hasNodeFs(tag) ? 4 : 3;
  return {
    uploads: {
      blob: file(1, uploads.blob.size, 'blob.png', 7200),
      bytes: file(2, uploads.bytes.size, 'upload.png'),
      stream,
      path: hasNodeFs(tag) ? { uploaded: file(4, uploads.path.size, 'image.png') } : { refused: 'invalid_file' },
    },
    refused: 'unsupported_type',
    listed: Array.from({ length: count }, (_, i) => fixture.fileId(tag, i + 1)),
    firstPage: { count: 2, has_more: true, hasNextPage: true },
    retrieved: stream,
    deleted: { id: fixture.fileId(tag, 2), object: 'file', deleted: true },
    part: { type: 'file', file_id: fixture.fileId(tag, 3) },
  };
}

/** The JSON turn's output replayed by toInputItems(): the reasoning before the message, only the fields DeepSeek reads. */
function replayed(ids: { reasoning: string }, reasoning: string, text: string): unknown[] {
  return [
    { type: 'reasoning', id: ids.reasoning, summary: [], content: [{ type: 'reasoning_text', text: reasoning }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
  ];
}

function expectedResponses(tag: string): unknown {
  const r = fixture.responses;
  const ids = r.ids(tag);
  const deltas = (type: string, count: number): string[] => Array.from({ length: count }, () => type);
  return {
    json: { id: ids.json, object: 'response', status: 'completed', text: r.text, items: ['reasoning', 'message'], usage: r.usage },
    stream: {
      eventTypes: [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        ...deltas('response.reasoning_text.delta', r.streamReasoning.length),
        'response.reasoning_text.done',
        'response.content_part.done',
        'response.output_item.done',
        `unknown:${r.unknownEventType}`,
        'response.output_item.added',
        'response.content_part.added',
        ...deltas('response.output_text.delta', r.streamText.length),
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.completed',
      ],
      textDeltas: r.streamText.join(''),
      reasoningDeltas: r.streamReasoning.join(''),
      id: ids.stream,
      status: 'completed',
      text: r.streamText.join(''),
      textEqualsDeltas: true,
      usage: r.streamUsage,
      nextInput: replayed(ids, r.streamReasoning.join(''), r.streamText.join('')),
    },
  };
}

function expectedSmoke(tag: string): unknown {
  const ids = fixture.ids(tag);
  const streamContent = fixture.streamContent.join('');
  const streamReasoning = fixture.streamReasoning.join('');
  return {
    typed: { status: 200, id: ids.chat, content: fixture.chatContent },
    files: expectedFiles(tag),
    responses: expectedResponses(tag),
    chat: {
      id: ids.chat,
      object: 'chat.completion',
      model: fixture.model,
      role: 'assistant',
      content: fixture.chatContent,
      reasoning_content: fixture.chatReasoning,
      finish_reason: 'stop',
      usage: fixture.usage,
    },
    stream: {
      // role chunk + reasoning deltas + content deltas + finish chunk + usage chunk
      chunks: 1 + fixture.streamReasoning.length + fixture.streamContent.length + 2,
      deltaContent: streamContent,
      deltaReasoning: streamReasoning,
      id: ids.stream,
      object: 'chat.completion',
      model: fixture.model,
      content: streamContent,
      reasoning_content: streamReasoning,
      contentEqualsDeltas: true,
      reasoningEqualsDeltas: true,
      finish_reason: 'stop',
      usage: fixture.streamUsage,
    },
    fim: {
      id: ids.fim,
      object: 'text_completion',
      model: fixture.fimModel,
      text: fixture.fimText,
      finish_reason: 'stop',
      usage: fixture.fimUsage,
    },
    error: {
      thrown: true,
      instanceofAuthenticationError: true,
      name: 'AuthenticationError',
      status: 401,
      message: `401 ${fixture.errorMessage}`,
      type: 'authentication_error',
      code: 'invalid_request_error',
      requestId: fixture.requestId(tag),
    },
  };
}

function header(request: RecordedRequest | undefined, name: string): string {
  const value = request?.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** The seven requests of one smoke run (the Files requests are checked on their own), in order, with their auth, content type, Accept and body. */
function checkRequests(server: LoopbackServer, tag: string, problems: string[], notes: string[] = []): void {
  checkFileRequests(server, tag, problems, notes);
  const got = server.requestsOf(tag).filter((request) => !request.path.startsWith('/files'));
  const lines = got.map((request) => `${request.method} ${request.path} (${request.key} key) → ${request.status}`);
  const want = [
    'POST /chat/completions (smoke key) → 200',
    'POST /chat/completions (smoke key) → 200',
    'POST /beta/completions (smoke key) → 200',
    'POST /chat/completions (revoked key) → 401',
    'POST /chat/completions (smoke key) → 200',
    'POST /responses (smoke key) → 200',
    'POST /responses (smoke key) → 200',
  ];
  if (JSON.stringify(lines) !== JSON.stringify(want)) {
    problems.push(`server saw ${JSON.stringify(lines)}, expected ${JSON.stringify(want)}`);
    return;
  }
  const [chat, stream, fim, revoked, typed, response, responseStream] = got as [RecordedRequest, RecordedRequest, RecordedRequest, RecordedRequest, RecordedRequest, RecordedRequest, RecordedRequest];
  const expectHeader = (request: RecordedRequest, label: string, name: string, test: (value: string) => boolean, description: string): void => {
    const value = header(request, name);
    if (!test(value)) problems.push(`${label} request: header ${name} is ${JSON.stringify(value)}, expected ${description}`);
  };
  for (const [request, label] of [[chat, 'chat'], [stream, 'stream'], [fim, 'fim'], [typed, 'typed'], [response, 'responses'], [responseStream, 'responses stream']] as const) {
    expectHeader(request, label, 'authorization', (v) => v === `Bearer sk-smoke-${tag}`, `"Bearer sk-smoke-${tag}"`);
    expectHeader(request, label, 'content-type', (v) => v.startsWith('application/json'), 'application/json');
  }
  expectHeader(revoked, 'revoked', 'authorization', (v) => v === `Bearer sk-revoked-${tag}`, `"Bearer sk-revoked-${tag}"`);
  expectHeader(chat, 'chat', 'accept', (v) => v.includes('application/json'), 'to include application/json');
  expectHeader(stream, 'stream', 'accept', (v) => v.includes('text/event-stream'), 'to include text/event-stream');
  expectHeader(response, 'responses', 'accept', (v) => v === 'application/json', 'application/json');
  expectHeader(responseStream, 'responses stream', 'accept', (v) => v.includes('text/event-stream'), 'to include text/event-stream');
  const body = (request: RecordedRequest): Record<string, unknown> => (typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {});
  if (body(chat).model !== 'deepseek-flash' || body(chat).stream === true) problems.push(`chat request body: ${JSON.stringify(chat.body)}`);
  if (body(stream).stream !== true) problems.push(`stream request body has no "stream": true: ${JSON.stringify(stream.body)}`);
  if (body(fim).prompt !== 'def fib(a):\n' || body(fim).suffix !== '    return fib(a-1) + fib(a-2)') problems.push(`fim request body: ${JSON.stringify(fim.body)}`);
  // The Responses turns, exactly: the second one's input is the first turn's history built by toInputItems().
  const r = fixture.responses;
  const question = 'How many r are in strawberry?';
  compare(response.body, { model: 'deepseek-flash', input: question, reasoning: { effort: 'high' } }, 'responses request body', problems);
  compare(
    responseStream.body,
    {
      model: 'deepseek-flash',
      input: [{ role: 'user', content: question }, ...replayed(r.ids(tag), r.reasoning, r.text), { role: 'user', content: 'And in raspberry?' }],
      stream: true,
    },
    'responses stream request body',
    problems,
  );
}

/**
 * The Files requests of one smoke run, in order, and exactly what each upload carried: its
 * fields (purpose, expires_after), filename, type, size and SHA-256, and, where it matters, how
 * the body was framed (a browser cannot stream a request body, so there every upload must come
 * with a length).
 */
function checkFileRequests(server: LoopbackServer, tag: string, problems: string[], notes: string[]): void {
  const got = server.requestsOf(tag).filter((request) => request.path.startsWith('/files'));
  const enc = (n: number): string => encodeURIComponent(fixture.fileId(tag, n));
  const uploads = hasNodeFs(tag) ? (['blob', 'bytes', 'stream', 'path'] as const) : (['blob', 'bytes', 'stream'] as const);
  const want = [
    ...uploads.map(() => 'POST /files → 200'),
    'GET /files?limit=2 → 200',
    `GET /files?limit=2&after=${enc(2)} → 200`,
    'GET /files?limit=2 → 200',
    `GET /files/${enc(3)} → 200`,
    `DELETE /files/${enc(2)} → 200`,
  ];
  const lines = got.map((request) => `${request.method} ${request.rawUrl} → ${request.status}`);
  if (JSON.stringify(lines) !== JSON.stringify(want)) {
    problems.push(`files: server saw ${JSON.stringify(lines)}, expected ${JSON.stringify(want)}`);
    return;
  }
  const framings: string[] = [];
  uploads.forEach((kind, index) => {
    const request = got[index]!;
    const { seed, size } = fixture.uploads[kind];
    const expected = {
      fields: kind === 'blob' ? { purpose: 'user_data', 'expires_after[anchor]': 'created_at', 'expires_after[seconds]': '7200' } : { purpose: 'user_data' },
      file: { name: { blob: 'blob.png', bytes: 'upload.png', stream: 'stream.png', path: 'image.png' }[kind], type: 'image/png', size, sha256: sha256(fixture.imageBytes(seed, size)) },
    };
    compare({ fields: request.upload?.fields, file: request.upload?.file }, expected, `files: ${kind} upload received`, problems);
    if (header(request, 'authorization') !== `Bearer sk-smoke-${tag}`) problems.push(`files: ${kind} upload had authorization ${JSON.stringify(header(request, 'authorization'))}`);
    framings.push(`${kind} ${request.upload?.framing}`);
    // FormData (a Blob, a path) has a length everywhere; in a browser streams and bytes are collected into one too.
    if ((kind === 'blob' || kind === 'path' || tag === 'chromium') && request.upload?.framing !== 'content-length') {
      problems.push(`files: the ${kind} upload came ${String(request.upload?.framing)}, expected with a content-length`);
    }
  });
  notes.push(`uploads framed as: ${framings.join(', ')}`);
}

/** Parses the runtime's report (last JSON line) and checks the result and the server's requests. */
function verifySmokeReport(reportText: string, tag: string, server: LoopbackServer, problems: string[], notes: string[] = []): Record<string, unknown> | undefined {
  const report = parseReport(reportText, problems);
  if (!report) return undefined;
  if (report.ok !== true) {
    const error = report.error as { name?: string; message?: string; stack?: string } | undefined;
    problems.push(`smoke threw ${error?.name}: ${error?.message}${error?.stack ? `\n${error.stack}` : ''}`);
  } else {
    compare(report.result, expectedSmoke(tag), 'result', problems);
  }
  checkRequests(server, tag, problems, notes);
  return report;
}

function parseReport(text: string, problems: string[]): Record<string, unknown> | undefined {
  const line = text.trim().split('\n').filter((candidate) => candidate.startsWith('{')).at(-1);
  if (line === undefined) {
    problems.push('no JSON report on stdout');
    return undefined;
  }
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch (error) {
    problems.push(`report is not JSON (${String(error)}): ${line.slice(0, 300)}`);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// setup: runtimes, tarball, scratch project, bundles

interface Setup {
  scratch: string;
  tarball: string;
  /** Why the pinned runtimes are unusable, if they are. */
  runtimesError: string | undefined;
}

/** The pinned runtimes from test/runtimes/package.json, by package name → version. */
function pinnedRuntimes(): Record<string, string> {
  return readJson(join(here, 'package.json')).devDependencies as Record<string, string>;
}

function runtimesInstallProblem(): string | undefined {
  const binaries: Record<string, string> = { node: 'node', bun: 'bun', deno: 'deno', workerd: 'workerd' };
  for (const [name, version] of Object.entries(pinnedRuntimes())) {
    const manifest = join(runtimesModules, name, 'package.json');
    if (!existsSync(manifest)) return `${name} is not installed`;
    const installed = readJson(manifest).version;
    if (installed !== version) return `${name} ${String(installed)} is installed, ${version} is pinned`;
    const binary = binaries[name];
    if (binary && !existsSync(bin(binary))) return `${name}: no ${relative(root, bin(binary))}`;
  }
  return undefined;
}

async function setup(tmp: string): Promise<Setup> {
  if (!existsSync(join(root, 'dist/index.js')) || !existsSync(join(root, 'dist/index.cjs'))) {
    throw new Error('dist/ is missing or incomplete: run `npm run build` first');
  }

  // 1. the pinned runtimes
  let runtimesError = runtimesInstallProblem();
  if (runtimesError === undefined) {
    console.log('runtimes: already installed in test/runtimes/node_modules (pinned versions)');
  } else {
    console.log(`runtimes: ${runtimesError} → npm ci --prefix test/runtimes`);
    const { value: install, ms } = await timed(() => run('npm', ['ci', '--prefix', here, '--no-audit', '--no-fund'], { timeoutMs: 300_000 }));
    runtimesError = install.code === 0 ? runtimesInstallProblem() : `npm ci --prefix test/runtimes failed (${describeRun(install)}):\n${tail(install.stderr)}`;
    console.log(`runtimes: npm ci ${install.code === 0 ? 'done' : 'FAILED'} in ${seconds(ms)}`);
  }

  // 2. npm pack, then install the tarball into a scratch project outside the repo
  const { value: pack, ms: packMs } = await timed(() => run('npm', ['pack', '--json', '--pack-destination', tmp], { timeoutMs: 120_000 }));
  if (pack.code !== 0) throw new Error(`npm pack failed (${describeRun(pack)}):\n${tail(pack.stderr)}`);
  const packed = (JSON.parse(pack.stdout) as { filename: string; size: number; entryCount: number; name: string; version: string }[])[0]!;
  const tarball = join(tmp, packed.filename);
  console.log(`npm pack: ${packed.filename} (${(packed.size / 1024).toFixed(1)} kB, ${packed.entryCount} files) in ${seconds(packMs)}`);

  const scratch = join(tmp, 'project');
  mkdirSync(scratch);
  writeFileSync(join(scratch, 'package.json'), `${JSON.stringify({ name: 'runtime-smoke', private: true, type: 'module' }, null, 2)}\n`);
  const { value: install, ms: installMs } = await timed(() =>
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: scratch, timeoutMs: 180_000 }),
  );
  if (install.code !== 0) throw new Error(`npm install of the tarball failed (${describeRun(install)}):\n${tail(install.stderr)}`);
  const installed = readJson(join(scratch, 'node_modules/deepseek-fetch/package.json'));
  const dependencyManifest = join(scratch, 'node_modules/openapi-fetch/package.json');
  if (!existsSync(dependencyManifest)) throw new Error('npm did not install openapi-fetch with the tarball: is it in "dependencies"?');
  console.log(
    `scratch project: deepseek-fetch@${String(installed.version)} + openapi-fetch@${String(readJson(dependencyManifest).version)} installed in ${seconds(installMs)}`,
  );

  // 3. the smoke sources, unbundled for node/bun/deno, bundled for workerd and the browser
  cpSync(join(here, 'smoke'), join(scratch, 'smoke'), { recursive: true });
  writeFileSync(join(scratch, imageFile), fixture.imageBytes(fixture.uploads.path.seed, fixture.uploads.path.size));
  const { ms: bundleMs } = await timed(async () => {
    for (const [entry, outfile, conditions] of [
      ['smoke/worker.mjs', 'workerd/worker.js', ['workerd', 'worker', 'browser']],
      ['smoke/browser.mjs', 'page/browser.js', ['browser']],
    ] as const) {
      const result = await build({
        absWorkingDir: scratch,
        entryPoints: [entry],
        outfile,
        bundle: true,
        format: 'esm',
        platform: 'browser',
        conditions: [...conditions],
        target: 'es2022',
        metafile: true,
        logLevel: 'silent',
      });
      // Everything must come from the scratch project: the smoke sources and the installed tarball.
      const inputs = Object.keys(result.metafile.inputs);
      const outside = inputs.filter((input) => input.startsWith('..') || input.startsWith('/'));
      if (outside.length > 0) throw new Error(`${outfile} bundled files from outside the scratch project: ${outside.join(', ')}`);
      if (!inputs.some((input) => input.startsWith('node_modules/deepseek-fetch/dist/'))) throw new Error(`${outfile} does not contain the installed deepseek-fetch`);
    }
  });
  writeFileSync(
    join(scratch, 'page/index.html'),
    '<!doctype html>\n<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>deepseek-fetch runtime smoke</title></head>\n<body><script type="module" src="./browser.js"></script></body></html>\n',
  );
  console.log(`bundles (esbuild, for workerd and the browser) in ${seconds(bundleMs)}`);
  return { scratch, tarball, runtimesError };
}

// ---------------------------------------------------------------------------------------------
// the checks

interface Context {
  setup: Setup;
  server: LoopbackServer;
  tmp: string;
}

interface Outcome {
  version: string;
  problems: string[];
  notes: string[];
}

interface Check {
  name: string;
  run(context: Context): Promise<Outcome>;
}

async function versionOf(command: string, args = ['--version']): Promise<string> {
  const result = await run(command, args, { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')}: ${describeRun(result)} ${tail(result.stderr, 3)}`);
  return result.stdout.trim().split('\n')[0]!.trim();
}

/** Node, Bun and Deno: run smoke/cli.mjs as it is, in the scratch project. */
function cliCheck(name: string, options: { command: () => string; args: (base: string, tag: string) => string[]; version: () => Promise<string>; needsRuntimes: boolean; env?: (context: Context) => Record<string, string>; extra?: (report: Record<string, unknown>, problems: string[], notes: string[]) => void }): Check {
  return {
    name,
    async run(context) {
      if (options.needsRuntimes && context.setup.runtimesError) throw new Error(`runtime not available: ${context.setup.runtimesError}`);
      const version = await options.version();
      const problems: string[] = [];
      const notes: string[] = [];
      const result = await run(options.command(), options.args(context.server.url, name), { cwd: context.setup.scratch, env: childEnv(options.env?.(context)) });
      if (result.code !== 0 || result.timedOut) problems.push(`${describeRun(result)}${result.stderr.trim() ? `; stderr:\n${tail(result.stderr)}` : ''}`);
      const report = verifySmokeReport(result.stdout, name, context.server, problems, notes);
      if (report) options.extra?.(report, problems, notes);
      if (problems.length > 0 && result.stderr.trim() && result.code === 0) notes.push(`stderr:\n${tail(result.stderr)}`);
      return { version, problems, notes };
    },
  };
}

const node20: Check = cliCheck('node20', {
  command: () => process.execPath,
  args: (base, tag) => ['smoke/cli.mjs', base, tag, imageFile],
  version: async () => {
    const version = await versionOf(process.execPath);
    if (!version.startsWith('v20.')) throw new Error(`the machine's node is ${version}, expected Node 20 (the "engines" floor, >=20)`);
    return version;
  },
  needsRuntimes: false,
});

const node24: Check = cliCheck('node24', {
  command: () => bin('node'),
  args: (base, tag) => ['smoke/cli.mjs', base, tag, imageFile],
  version: () => versionOf(bin('node')),
  needsRuntimes: true,
});

const bun: Check = cliCheck('bun', {
  command: () => bin('bun'),
  args: (base, tag) => ['run', '--no-install', 'smoke/cli.mjs', base, tag, imageFile],
  version: async () => `bun ${await versionOf(bin('bun'))}`,
  needsRuntimes: true,
});

const deno: Check = cliCheck('deno', {
  command: () => bin('deno'),
  // Only network access to the loopback host and reading the image it uploads by path: no
  // --allow-env (the SDK must cope), no prompts.
  args: (base, tag) => ['run', '--no-prompt', '--no-lock', '--allow-net=127.0.0.1', `--allow-read=${imageFile}`, 'smoke/cli.mjs', base, tag, imageFile],
  version: async () => (await versionOf(bin('deno'))).split(' ').slice(0, 2).join(' '),
  needsRuntimes: true,
  env: (context) => ({ DENO_DIR: join(context.tmp, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1' }),
  extra: (report, problems, notes) => {
    const state = (report.facts as { envPermission?: string } | undefined)?.envPermission;
    if (state === 'granted') problems.push('Deno had env permission: the check must run without --allow-env');
    else notes.push(`ran without --allow-env (env permission: ${String(state)}); the SDK's env reads were denied and tolerated`);
  },
});

const workerd: Check = {
  name: 'workerd',
  async run(context) {
    if (context.setup.runtimesError) throw new Error(`runtime not available: ${context.setup.runtimesError}`);
    const pinned = pinnedRuntimes().workerd;
    const version = `${await versionOf(bin('workerd'))} (npm workerd@${pinned})`;
    const problems: string[] = [];
    const notes: string[] = [];
    const dir = join(context.setup.scratch, 'workerd');
    writeFileSync(
      join(dir, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smoke),
    # The default "internet" service blocks private and local addresses; the smoke must reach
    # the loopback server, and nothing else.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const smoke :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${workerdCompatibilityDate}",
  globalOutbound = "loopback",
);
`,
    );
    // --control-fd reports the port bound for "127.0.0.1:0": no free-port guessing.
    const child = spawn(bin('workerd'), ['serve', 'config.capnp', '--control-fd=3'], { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<string>((resolvePromise) => {
      child.on('error', (error) => resolvePromise(`could not start: ${error.message}`));
      child.on('exit', (code, signal) => resolvePromise(signal ? `killed by ${signal}` : `exit code ${code}`));
    });
    try {
      const port = await new Promise<number>((resolvePromise, reject) => {
        let control = '';
        const timer = setTimeout(() => reject(new Error(`workerd did not report a listening port within 30 s; output:\n${tail(stderr)}`)), 30_000);
        const control3 = child.stdio[3] as NodeJS.ReadableStream;
        control3.setEncoding('utf8');
        control3.on('data', (text: string) => {
          control += text;
          for (const line of control.split('\n').slice(0, -1)) {
            const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
            if (message.event === 'listen' && message.socket === 'http' && typeof message.port === 'number') {
              clearTimeout(timer);
              resolvePromise(message.port);
            }
          }
        });
        void exited.then((how) => {
          clearTimeout(timer);
          reject(new Error(`workerd stopped before listening (${how}):\n${tail(stderr)}`));
        });
      });
      const url = `http://127.0.0.1:${port}/?${new URLSearchParams({ baseURL: context.server.url, tag: 'workerd' })}`;
      const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      const text = await response.text();
      if (response.status !== 200) problems.push(`workerd answered ${response.status}: ${text.slice(0, 500)}`);
      const report = verifySmokeReport(text, 'workerd', context.server, problems, notes);
      const userAgent = (report?.facts as { userAgent?: string } | undefined)?.userAgent;
      notes.push(`navigator.userAgent: ${String(userAgent)}`);
    } finally {
      child.kill('SIGTERM');
      const stop = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(stop);
    }
    if (problems.length > 0 && stderr.trim()) notes.push(`workerd output:\n${tail(stderr)}`);
    return { version, problems, notes };
  },
};

let browser: Promise<Browser> | undefined;
const launchBrowser = (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) return Promise.reject(new Error(`no Chromium at ${chromiumPath}: apt-get install chromium`));
  browser ??= chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return browser;
};

/** Opens the page (served from its own loopback origin) and returns its report and what went wrong around it. */
async function inBrowser(context: Context, mode: 'smoke' | 'refuse', tag: string, problems: string[], notes: string[]): Promise<{ version: string; report: Record<string, unknown> | undefined; preflights: RecordedRequest[] }> {
  const instance = await launchBrowser();
  const version = `Chromium ${instance.version()}`;
  const pages = await serveDirectory(join(context.setup.scratch, 'page'));
  const page = await instance.newPage();
  try {
    // Watched, not routed: Playwright answers CORS preflights itself for routed requests,
    // which would hide whether the real server's CORS answer lets the SDK through.
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.hostname !== '127.0.0.1') problems.push(`the page tried to reach ${url.href} (only loopback is expected)`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs every non-2xx fetch; the smoke's 401 is expected.
      if (message.type() === 'error' && !message.text().includes('status of 401')) notes.push(`console.error: ${message.text()}`);
    });
    const requestsBefore = context.server.requests.length;
    const query = new URLSearchParams({ mode, baseURL: context.server.url, tag });
    await page.goto(`${pages.url}/index.html?${query}`, { timeout: 30_000 });
    await page.waitForFunction(() => (globalThis as { __report?: unknown }).__report !== undefined, undefined, { timeout: 30_000 });
    const text = JSON.stringify(await page.evaluate(() => (globalThis as { __report?: unknown }).__report));
    const report = parseReport(text, problems);
    const facts = report?.facts as { origin?: string } | undefined;
    const preflights = context.server.requests.slice(requestsBefore).filter((request) => request.method === 'OPTIONS');
    if (mode === 'smoke') notes.push(`page origin ${String(facts?.origin)}, API origin ${context.server.url}: cross-origin, ${preflights.length} CORS preflight(s) answered`);
    return { version, report, preflights };
  } finally {
    await page.close();
    await pages.close();
  }
}

const chromiumSmoke: Check = {
  name: 'chromium',
  async run(context) {
    const problems: string[] = [];
    const notes: string[] = [];
    const { version, report, preflights } = await inBrowser(context, 'smoke', 'chromium', problems, notes);
    if (report) verifySmokeReport(JSON.stringify(report), 'chromium', context.server, problems, notes);
    // The page is on another origin, so the authorization header must have gone through a real preflight.
    const asked = [...new Set(preflights.map((request) => header(request, 'access-control-request-headers')))];
    if (!asked.some((headers) => headers.includes('authorization'))) problems.push('no CORS preflight asking for the authorization header reached the server');
    else notes.push(`preflights asked to send: ${asked.join(' | ')}`);
    return { version, problems, notes };
  },
};

const chromiumRefusal: Check = {
  name: 'chromium-no-dangerouslyAllowBrowser',
  async run(context) {
    const tag = 'chromium-refusal';
    const problems: string[] = [];
    const notes: string[] = [];
    const { version, report } = await inBrowser(context, 'refuse', tag, problems, notes);
    if (report) {
      if (report.ok !== true) problems.push(`check threw: ${JSON.stringify(report.error)}`);
      const refusal = {
        thrown: true,
        instanceofDeepSeekError: true,
        name: 'DeepSeekError',
        explainsRisk: true,
        message: predicate('a message', (value) => typeof value === 'string' && value.length > 0),
      };
      // In the page (window + document) and in a dedicated worker (WorkerGlobalScope + browser UA).
      compare(report.result, { page: refusal, worker: refusal }, 'result', problems);
      const message = (report.result as { page?: { message?: string } } | undefined)?.page?.message;
      notes.push(`message: ${String(message)}`);
    }
    const sent = context.server.requests.filter((request) => request.tag === tag);
    if (sent.length > 0) problems.push(`the refused client still sent ${sent.length} request(s)`);
    return { version, problems, notes };
  },
};

const checks: Check[] = [node20, node24, bun, deno, workerd, chromiumSmoke, chromiumRefusal];

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), 'deepseek-fetch-runtimes-'));
  let server: LoopbackServer | undefined;
  const results: { name: string; passed: boolean; version: string; ms: number }[] = [];
  try {
    let prepared: Setup;
    try {
      prepared = await setup(tmp);
    } catch (error) {
      console.log(`\nsetup failed: ${error instanceof Error ? error.message : String(error)}`);
      for (const check of checks) console.log(`FAIL  ${check.name.padEnd(36)} (not run: setup failed)`);
      console.log(`\n0 passed, ${checks.length} failed`);
      return 1;
    }
    server = await startLoopbackServer();
    console.log(`loopback API server: ${server.url}\n`);
    const context: Context = { setup: prepared, server, tmp };

    for (const check of checks) {
      const start = performance.now();
      let outcome: Outcome;
      try {
        outcome = await Promise.race([
          check.run(context),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${checkTimeoutMs / 1000} s`)), checkTimeoutMs).unref()),
        ]);
      } catch (error) {
        outcome = { version: '(unknown)', problems: [error instanceof Error ? error.message : String(error)], notes: [] };
      }
      const ms = performance.now() - start;
      const passed = outcome.problems.length === 0;
      results.push({ name: check.name, passed, version: outcome.version, ms });
      console.log(`${passed ? 'PASS' : 'FAIL'}  ${check.name.padEnd(36)} ${outcome.version.padEnd(46)} ${seconds(ms).padStart(8)}`);
      for (const problem of outcome.problems) console.log(indent(`✗ ${problem}`));
      for (const note of outcome.notes) console.log(indent(`· ${note}`));
    }
  } finally {
    await (await browser?.catch(() => undefined))?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const failed = results.filter((result) => !result.passed).length;
  console.log(`\nruntime matrix took ${seconds(performance.now() - started)}`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}

process.exitCode = await main();
