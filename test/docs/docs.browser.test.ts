/**
 * Opens the built reference docs (`npm run docs`) in headless Chromium with every
 * non-loopback request blocked, proving the page is self-contained, and checks that all
 * four operations and the streaming response render.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveDirectory, type StaticServer } from '../../scripts/static-server';

const docsDir = resolve(import.meta.dirname, '../../docs');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: StaticServer;
let browser: Browser;
const blocked: string[] = [];

/** A fresh page per test: Redoc does not re-route on a hash-only navigation. */
async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  await page.goto(`${server.url}${path}`);
  return page;
}

beforeAll(async () => {
  if (!existsSync(resolve(docsDir, 'http/index.html'))) throw new Error('docs/ is not built: run `npm run docs` first');
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium (apt-get install chromium)`);
  server = await serveDirectory(docsDir);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('landing page', () => {
  test('links the HTTP reference', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: 'HTTP API reference' }).click();
    await expect.poll(() => page.url()).toContain('/http/index.html');
    await page.getByRole('heading', { name: /DeepSeek API/ }).first().waitFor();
  });

  test('links the TypeScript reference', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: 'TypeScript API reference' }).click();
    await expect.poll(() => page.url()).toContain('/api/index.html');
    await page.getByRole('link', { name: 'deepseek-fetch/sse', exact: true }).first().waitFor();
  });
});

describe('TypeScript reference (TypeDoc)', () => {
  test('the DeepSeek class page shows the constructor, the resources and the usage example', async () => {
    const page = await open('/api/classes/deepseek-fetch.DeepSeek.html');
    await page.getByRole('heading', { name: /Class DeepSeek/ }).waitFor();
    const text = await page.locator('body').innerText();
    for (const member of ['constructor', 'chat', 'fim', 'models', 'balance', 'toJSON']) expect(text).toContain(member);
    expect(text).toContain("import { DeepSeek } from 'deepseek-fetch'");
  });

  test('the functional core is documented: createChatCompletion with its example, and DeepSeekCore', async () => {
    const page = await open('/api/functions/deepseek-fetch.createChatCompletion.html');
    await page.getByRole('heading', { name: /Function createChatCompletion/ }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain("import { DeepSeekCore, createChatCompletion } from 'deepseek-fetch'");
    expect(text).toContain('ChunkStream');
    const core = await open('/api/classes/deepseek-fetch.DeepSeekCore.html');
    await core.getByRole('heading', { name: /Class DeepSeekCore/ }).waitFor();
  });

  test('the typed openapi-fetch client has its own module page', async () => {
    const page = await open('/api/modules/deepseek-fetch_openapi.html');
    await page.getByRole('link', { name: 'createOpenAPIClient', exact: true }).first().waitFor();
  });

  test('the stream class page documents finalCompletion', async () => {
    const page = await open('/api/classes/deepseek-fetch.ChatCompletionStream.html');
    await page.getByRole('heading', { name: /Class ChatCompletionStream/ }).waitFor();
    expect(await page.locator('body').innerText()).toContain('finalCompletion');
  });
});

describe('HTTP reference (Redocly)', () => {
  const operations = [
    ['Chat', 'createChatCompletion', 'Create a chat completion', 'POST', '/chat/completions'],
    ['FIM', 'createFimCompletion', 'Create a FIM completion (beta)', 'POST', '/completions'],
    ['Models', 'listModels', 'List models', 'GET', '/models'],
    ['User', 'getUserBalance', 'Get the account balance', 'GET', '/user/balance'],
  ] as const;

  test.each(operations)('the %s operation %s renders with its title, method and path', async (tag, operationId, title, method, path) => {
    const page = await open(`/http/index.html#tag/${tag}/operation/${operationId}`);
    await page.getByRole('heading', { name: title }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain(`${method}\n${path}`);
  });

  test('the chat streaming response renders: text/event-stream with its example ending in data: [DONE]', async () => {
    const page = await open('/http/index.html#tag/Chat/operation/createChatCompletion');
    await page.getByRole('heading', { name: 'Create a chat completion' }).waitFor();
    await page.locator('[data-component-name="Dropdown/Dropdown"]').filter({ hasText: /^application\/json$/ }).first().click();
    await page.locator('[data-component-name="Dropdown/DropdownMenuItem"]').filter({ hasText: 'text/event-stream' }).first().click();
    const panel = page.getByText('data: [DONE]').first();
    await panel.waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('Non-thinking stream (usage on the final chunk)');
    expect(text).toContain('chat.completion.chunk');
    await page.screenshot({ path: resolve(tmpdir(), 'deepseek-fetch-docs-streaming-response.png') });
  });

  test('nothing outside loopback was needed: only cosmetic CDN images were blocked', () => {
    expect(blocked.filter((url) => !/\.(svg|png|ico)(\?|$)/.test(url))).toEqual([]);
  });
});
