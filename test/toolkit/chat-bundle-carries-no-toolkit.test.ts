/**
 * A bundle that does not use the toolkit carries none of it. The package is published as one
 * flattened file per entry (dist/index.js), where a bundler must keep every top-level
 * statement that may have side effects; so this test flattens src/index.ts the same way, then
 * bundles the streamed-chat entries of bench/bundle/ against it and looks for text only the
 * toolkit contains. The toolkit's own entry is the positive control.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StrictSchemaError, StructuredOutputError, ToolCallError } from '../../src/index';
import { answerTurn } from './helpers';

const root = resolve(import.meta.dirname, '../..');
/** Strings (messages, error names) that exist only in src/toolkit. */
const toolkitMarkers = ['StrictSchemaError', 'StructuredOutputError', 'ToolCallError', 'There is no tool named', 'Reply with json only', "strict-mode subset"];

describe('bundles without the toolkit', () => {
  let dir: string;
  let flat: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deepseek-fetch-bundle-'));
    flat = join(dir, 'index.js');
    const result = await build({ entryPoints: [join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'error' });
    writeFileSync(flat, result.outputFiles[0]!.contents);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function bundle(entry: string): Promise<string> {
    const result = await build({
      entryPoints: [join(root, 'bench/bundle/deepseek-fetch', entry)],
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'error',
      plugins: [{ name: 'flat', setup: (b) => b.onResolve({ filter: /^deepseek-fetch$/ }, () => ({ path: flat })) }],
    });
    return result.outputFiles[0]!.text;
  }

  test.each(['class.ts', 'core.ts'])('the streamed chat entry %s contains nothing of the toolkit', async (entry) => {
    const code = await bundle(entry);
    expect(code.length).toBeGreaterThan(10_000);
    for (const marker of toolkitMarkers) expect(code).not.toContain(marker);
  });

  test('the toolkit entry does contain it (the markers are real)', async () => {
    const code = await bundle('toolkit.ts');
    for (const marker of ['ToolCallError', 'There is no tool named', 'strict-mode subset']) expect(code).toContain(marker);
  });
});

describe('toolkit errors without a top-level naming call', () => {
  test.each([
    ['StrictSchemaError', () => new StrictSchemaError('t', [{ path: '', rule: 'r' }])],
    ['ToolCallError', () => new ToolCallError('execution', 'failed', { id: 'call_00_x', type: 'function', function: { name: 't', arguments: '{}' } })],
    ['StructuredOutputError', () => new StructuredOutputError('empty', 'empty', { raw: '', completion: answerTurn(''), attempts: 1 })],
  ])('%s has its name, in the stack header too', (name, make) => {
    const error = make();
    expect(error.name).toBe(name);
    expect(error.stack?.startsWith(`${name}: `)).toBe(true);
    expect(Object.keys(error)).not.toContain('name');
  });
});
