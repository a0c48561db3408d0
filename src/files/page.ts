/**
 * One page of `GET /files`, and the way to the next ones: DeepSeek pages with a cursor
 * (`after` = the last file's id) while `has_more` is true. Iterating a page with `for await`
 * walks every file from it to the last page, fetching as it goes.
 */
import { APIPromise } from '../api-promise';
import { DeepSeekError } from '../errors';
import type { FileObject, FileObjectList } from '../types';

/** Fetches the page that starts after the file `after`. */
export type NextPage = (after: string) => APIPromise<FilePage>;

/**
 * A page of files. `data`, `has_more`, `first_id` and `last_id` are the API's; `nextPage()`
 * fetches the next one; `for await (const file of page)` yields every file from this page on.
 *
 * @example
 * ```ts
 * const page = await client.files.list({ limit: 100 });
 * console.log(page.data.length, page.has_more);
 * if (page.hasNextPage()) console.log((await page.nextPage()).data);
 * for await (const file of page) console.log(file.id, file.filename);
 * ```
 */
export class FilePage implements AsyncIterable<FileObject> {
  /** Always `list`. */
  readonly object: FileObjectList['object'];
  /** The files on this page. */
  readonly data: FileObject[];
  /** The id of this page's first file. */
  readonly first_id: string | null | undefined;
  /** The id of this page's last file: the cursor for the next page. */
  readonly last_id: string | null | undefined;
  /** Whether more files follow this page. */
  readonly has_more: boolean;
  readonly #next: NextPage;

  /** @internal */
  constructor(list: FileObjectList, next: NextPage) {
    // A page without its list would end a walk early and silently.
    if (!Array.isArray(list?.data)) throw new DeepSeekError('GET /files answered without a data array: not a page of files.');
    this.object = list.object;
    this.data = list.data;
    this.first_id = list.first_id;
    this.last_id = list.last_id;
    this.has_more = list.has_more;
    this.#next = next;
  }

  /** Whether `nextPage()` has a page to fetch. */
  hasNextPage(): boolean {
    return this.has_more && this.#cursor() !== undefined;
  }

  /** Fetches the next page (same parameters and request options, `after` this page's last file). */
  nextPage(): APIPromise<FilePage> {
    const cursor = this.#cursor();
    if (!this.has_more || cursor === undefined) {
      const why = this.has_more ? 'the server said has_more but named no last file to continue after' : 'this is the last page (has_more is false)';
      return APIPromise.from(Promise.reject(new DeepSeekError(`No next page: ${why}.`)));
    }
    return this.#next(cursor);
  }

  /** Every file from this page to the last, fetching the next page as the previous one runs out. */
  async *[Symbol.asyncIterator](): AsyncIterator<FileObject> {
    const cursors = new Set<string>();
    for (let page: FilePage = this; ; ) {
      yield* page.data;
      if (!page.has_more) return;
      const cursor = page.#cursor();
      // A server that repeats a cursor would make this loop forever: stop with an error instead.
      if (cursor !== undefined && cursors.has(cursor)) {
        throw new DeepSeekError(`The server returned the page after ${cursor} twice; stopped listing instead of looping.`);
      }
      if (cursor !== undefined) cursors.add(cursor);
      page = await page.nextPage();
    }
  }

  /** What `JSON.stringify(page)` shows: the API's fields. */
  toJSON(): FileObjectList {
    return { object: this.object, data: this.data, first_id: this.first_id, last_id: this.last_id, has_more: this.has_more };
  }

  #cursor(): string | undefined {
    return this.last_id ?? this.data.at(-1)?.id ?? undefined;
  }
}

/** What `files.list()` returns: a promise of the first page that `for await` iterates file by file across every page. */
export type FilePagePromise = APIPromise<FilePage> & AsyncIterable<FileObject>;

/** @internal The first page's promise, made iterable over every file. */
export function filePagePromise(promise: APIPromise<FilePage>): FilePagePromise {
  return Object.defineProperty(promise, Symbol.asyncIterator, {
    value: async function* (): AsyncGenerator<FileObject> {
      yield* await promise;
    },
  }) as FilePagePromise;
}
