/**
 * Runs every `examples/*.ts` as a user would (`tsx examples/<name>.ts`, importing the built
 * `deepseek-fetch` package) against the Prism mock of spec/openapi.yaml, and checks each one
 * exits 0, prints what the mock's examples should make it print, and sends only requests
 * the spec accepts. Prints PASS/FAIL per example; exits 1 if any failed.
 *
 *   npm run build && npx tsx test/examples/run-examples.ts [--verbose] [name ...]
 *
 * Builds nothing: the examples import `deepseek-fetch`, which resolves to dist/.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPrism, type PrismMock } from '../../scripts/prism';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examplesDir = join(repoRoot, 'examples');
const timeoutMs = 60_000;

/**
 * What each example must print against the mock (the spec's named examples: `chat`,
 * `stream_thinking`, `stream_tool_calls`, `json_output`, `fim_stream`, `balance`, the error bodies,
 * `stream_function_call` and `stream_web_search` of `POST /responses`).
 * A new example without an entry here fails, so that it gets one.
 */
const expectations: Record<string, (string | RegExp)[]> = {
  'chat.ts': ['Hello! How can I help you today?', 'prompt 14 tokens (cache hit 0, miss 14)', 'trace id 7d1f4a0c9e2b4f6a8c3d5e7f9a1b2c3d'],
  'streaming.ts': ["Count the r's: s-t-r-a-w-b-e-r-r-y has three.", "There are three r's.", 'finish_reason: stop', 'usage: 19 prompt (0 cached), 16 completion (11 reasoning)'],
  'reasoning-tool-loop.ts': [
    'I should call get_weather.',
    'tool get_weather({"city": "Hangzhou"}) -> {"city":"Hangzhou"',
    '--- turn 2',
    "There are three r's.",
    '--- done: 4 messages',
  ],
  'agent-tools.ts': [
    '--- step 1',
    'I should call get_weather.',
    'tool get_weather({"city": "Hangzhou"})',
    '  -> {"city":"Hangzhou","condition":"light rain","celsius":18}',
    '--- step 2',
    "There are three r's.",
    '--- stopped: done after 2 steps, 4 messages to continue from',
    'usage: 229 prompt (192 from cache), 46 completion (19 reasoning)',
  ],
  'structured-output.ts': ['Hangzhou: light rain, 18 °C, umbrella: yes', 'attempts: 1, usage: 268 prompt, 47 completion'],
  'responses-tools.ts': [
    'The user wants the weather in Hangzhou. I call get_weather.',
    'tool get_weather({"city": "Hangzhou"}) -> {"city":"Hangzhou","condition":"light rain","celsius":18}',
    '--- turn 2',
    'web search: DeepSeek V4.1 Flash release date',
    'DeepSeek released V4.1 Flash on 10 September 2026.',
    'usage: 2310 input (896 cached), 64 output (19 reasoning)',
    '--- done: 7 input items in the conversation (message, reasoning, function_call, function_call_output, reasoning, web_search_call, message)',
  ],
  'fim-editor.ts': [
    'suggestion after "def fib(a):\\n": "    if a <= 1:\\n        return a\\n"',
    /requests: \d+ started, \d+ cancelled, \d+ shown/,
  ],
  'edge-route.ts': [/^\d+ NDJSON lines$/m, "reasoning: Count the r's: s-t-r-a-w-b-e-r-r-y has three.", "answer: There are three r's."],
  'balance-before-batch.ts': ['balance: 110.00 CNY', 'quixotic: Hello! How can I help you today?', '5/5 succeeded'],
  'vision-upload.ts': [
    'uploaded screenshot.png as file-api-0d9e4b7a2c1f4e8b9a6d3c5e7f1b2a80 (48213 bytes), expires at 2026-11-27T05:46:40.000Z',
    'A terminal window showing a green test summary, 12 tests passed.',
    'deleted file-api-0d9e4b7a2c1f4e8b9a6d3c5e7f1b2a80: true',
  ],
  'error-handling.ts': [
    'out of balance: InsufficientBalanceError',
    'status 402, trace 7d1f4a0c9e2b4f6a8c3d5e7f9a1b2c3d',
    'rate limited: RateLimitError',
    'wrong API key: AuthenticationError',
    'unknown model: BadRequestError -> fix the request: 400 Model Not Exist',
    '1 ms deadline: APIConnectionTimeoutError',
    'StreamError -> the stream broke (incomplete)',
  ],
};

/** Prism's log lines for a request the spec rejects, or a response that breaks it. */
const violation = /Request did not pass the validation rules|Violation:/;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

function runExample(file: string, baseURL: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DEEPSEEK_API_KEY: 'sk-example-not-real',
        DEEPSEEK_BASE_URL: baseURL,
        // The examples' documented test hook: ask Prism for the example that fits each request.
        DEEPSEEK_EXAMPLES_MOCK: '1',
        NO_COLOR: '1',
      },
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, output, timedOut });
    });
  });
}

function check(name: string, run: Run, prismLog: string): string[] {
  const problems: string[] = [];
  if (/from\s+['"]\.{1,2}\//.test(readFileSync(join(examplesDir, name), 'utf8'))) {
    problems.push("imports a relative path: examples import 'deepseek-fetch' as a user would");
  }
  if (run.timedOut) problems.push(`did not finish within ${timeoutMs} ms`);
  else if (run.code !== 0) problems.push(`exited with ${run.code ?? run.signal}`);
  const expected = expectations[name];
  if (!expected) problems.push(`no expected output registered for ${name} in test/examples/run-examples.ts`);
  for (const pattern of expected ?? []) {
    const found = typeof pattern === 'string' ? run.output.includes(pattern) : pattern.test(run.output);
    if (!found) problems.push(`output lacks ${typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern)}`);
  }
  const violations = prismLog.split('\n').filter((line) => violation.test(line));
  if (violations.length > 0) problems.push(`Prism reported spec violations:\n${violations.join('\n')}`);
  return problems;
}

const indent = (text: string): string => text.replace(/^/gm, '    ');
const sleep = (ms: number): Promise<void> => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

async function main(): Promise<number> {
  if (!existsSync(join(repoRoot, 'dist', 'index.js'))) {
    console.error('dist/ is missing: the examples import the built package. Run `npm run build` first.');
    return 1;
  }
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const only = args.filter((arg) => arg !== '--verbose').map((arg) => (arg.endsWith('.ts') ? arg : `${arg}.ts`).replace(/^.*\//, ''));
  const files = readdirSync(examplesDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .filter((file) => only.length === 0 || only.includes(file))
    .sort();
  if (files.length === 0) {
    console.error(`No examples to run${only.length ? ` matching ${only.join(', ')}` : ''}.`);
    return 1;
  }

  const mock: PrismMock = await startPrism();
  let failed = 0;
  try {
    console.log(`Prism mock on ${mock.url}; running ${files.length} examples\n`);
    for (const file of files) {
      const logStart = mock.output().length;
      const started = Date.now();
      const run = await runExample(join('examples', file), mock.url);
      await sleep(100); // Prism logs response violations just after answering
      const problems = check(file, run, mock.output().slice(logStart));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (problems.length === 0) {
        console.log(`PASS ${file} (${seconds} s)${verbose ? `\n${indent(run.output.trimEnd())}` : ''}`);
      } else {
        failed++;
        console.log(`FAIL ${file} (${seconds} s)\n${indent(problems.join('\n'))}\n  output:\n${indent(run.output.trimEnd())}`);
      }
    }
  } finally {
    await mock.stop();
  }
  console.log(`\n${files.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
