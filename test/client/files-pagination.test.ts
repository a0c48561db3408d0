/**
 * `files.list()` pages with a cursor: `for await` walks every file across pages, asking for
 * the page `after` the previous page's last file while `has_more` is true; the first page's
 * fields and `nextPage()` are there for manual paging. A server that breaks the cursor
 * contract ends the walk with an error, after every file that did arrive.
 */
import { describe, expect, test } from 'vitest';
import { DeepSeek, DeepSeekCore, DeepSeekError, FilePage, Files, listFiles, RateLimitError, type FileObject } from '../../src/index';
import { fileObject } from '../helpers/files';
import { errorResponse, jsonResponse, observedFetch, testKey } from '../helpers/observed-fetch';

const files = (...ids: string[]): FileObject[] => ids.map((id) => fileObject({ id }));
const page = (ids: string[], has_more: boolean, extra: Record<string, unknown> = {}) =>
  jsonResponse({ object: 'list', data: files(...ids), first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null, has_more, ...extra });

function client(fetch: ReturnType<typeof observedFetch>) {
  return new DeepSeek({ apiKey: testKey, fetch, maxRetries: 0, logLevel: 'off' }).with({ files: Files });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

describe('for await over files.list()', () => {
  test('walks three pages in order, each asked for after the last id of the one before, keeping the other parameters', async () => {
    const fetch = observedFetch([page(['f1', 'f2'], true), page(['f3', 'f4'], true), page(['f5'], false)]);
    const { items, error } = await collect(client(fetch).files.list({ limit: 2, order: 'desc' }));
    expect(error).toBeUndefined();
    expect(items.map((file) => file.id)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect(fetch.calls.map((call) => new URL(call.url).search)).toEqual(['?limit=2&order=desc', '?limit=2&order=desc&after=f2', '?limit=2&order=desc&after=f4']);
  });

  test('a single page with has_more false is one request', async () => {
    const fetch = observedFetch([page(['f1'], false)]);
    expect((await collect(client(fetch).files.list())).items).toHaveLength(1);
    expect(fetch.calls).toHaveLength(1);
  });

  test('the request options (headers, signal) go with every page', async () => {
    const fetch = observedFetch([page(['f1'], true), page(['f2'], false)]);
    await collect(listFiles(new DeepSeekCore({ apiKey: testKey, fetch }), {}, { headers: { 'x-page': 'yes' } }));
    expect(fetch.calls.map((call) => call.headers.get('x-page'))).toEqual(['yes', 'yes']);
  });

  test('without last_id the cursor is the last file of the page', async () => {
    const fetch = observedFetch([jsonResponse({ object: 'list', data: files('f1', 'f2'), has_more: true }), page(['f3'], false)]);
    expect((await collect(client(fetch).files.list())).items.map((file) => file.id)).toEqual(['f1', 'f2', 'f3']);
    expect(new URL(fetch.calls[1]!.url).searchParams.get('after')).toBe('f2');
  });

  test('a failing later page ends the walk with its error, after every file of the earlier pages', async () => {
    const fetch = observedFetch([page(['f1', 'f2'], true), errorResponse(429, 'Rate Limit Reached')]);
    const { items, error } = await collect(client(fetch).files.list());
    expect(items.map((file) => file.id)).toEqual(['f1', 'f2']);
    expect(error).toBeInstanceOf(RateLimitError);
  });

  test('a server that sends the same cursor again ends the walk with an error instead of looping', async () => {
    const fetch = observedFetch([page(['f1'], true), page(['f1'], true), page(['f1'], true)]);
    const { items, error } = await collect(client(fetch).files.list());
    expect(items.map((file) => file.id)).toEqual(['f1', 'f1']);
    expect(error).toBeInstanceOf(DeepSeekError);
    expect((error as Error).message).toBe('The server returned the page after f1 twice; stopped listing instead of looping.');
    expect(fetch.calls).toHaveLength(2);
  });

  test('a body without a data array is an error, not an empty list', async () => {
    const fetch = observedFetch([jsonResponse({ object: 'list', has_more: false })]);
    await expect(client(fetch).files.list()).rejects.toThrow('GET /files answered without a data array: not a page of files.');
  });

  test('has_more without any cursor is an error, not an endless or silently short list', async () => {
    const fetch = observedFetch([jsonResponse({ object: 'list', data: [], has_more: true })]);
    const { items, error } = await collect(client(fetch).files.list());
    expect(items).toEqual([]);
    expect((error as Error).message).toBe('No next page: the server said has_more but named no last file to continue after.');
  });
});

describe('the first page', () => {
  test('awaiting list() gives the first page: its data, has_more and cursors as the API sent them', async () => {
    const fetch = observedFetch([page(['f1', 'f2'], true)]);
    const first = await client(fetch).files.list({ limit: 2 });
    expect(first).toBeInstanceOf(FilePage);
    expect([first.object, first.data.map((file) => file.id), first.has_more, first.first_id, first.last_id]).toEqual(['list', ['f1', 'f2'], true, 'f1', 'f2']);
    expect(first.hasNextPage()).toBe(true);
    expect(fetch.calls).toHaveLength(1);
  });

  test('nextPage() fetches the page after it; on the last page it rejects and hasNextPage() is false', async () => {
    const fetch = observedFetch([page(['f1'], true), page(['f2'], false)]);
    const first = await client(fetch).files.list();
    const { data: second, response } = await first.nextPage().withResponse();
    expect(second.data.map((file) => file.id)).toEqual(['f2']);
    expect(response.status).toBe(200);
    expect(second.hasNextPage()).toBe(false);
    await expect(second.nextPage()).rejects.toThrow('No next page: this is the last page (has_more is false).');
  });

  test('iterating a page walks from that page on', async () => {
    const fetch = observedFetch([page(['f1'], true), page(['f2'], true), page(['f3'], false)]);
    const first = await client(fetch).files.list();
    const second = await first.nextPage();
    expect((await collect(second)).items.map((file) => file.id)).toEqual(['f2', 'f3']);
  });
});
