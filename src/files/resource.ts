/**
 * `client.files`: the Files API as an opt-in resource of the `DeepSeek` class, added with
 * `client.with({ files: Files })`, so a chat-only bundle never carries it.
 */
import type { APIPromise } from '../api-promise';
import type { DeepSeekCore } from '../core';
import type { RequestOptions } from '../transport-request';
import type { FileDeleted, FileListParams, FileObject } from '../types';
import { deleteFile, listFiles, retrieveFile, uploadFile } from './operations';
import type { FilePagePromise } from './page';
import type { FileCreateParams } from './upload-body';

/**
 * The Files API: upload images once and reference them by id in chat messages.
 *
 * @example
 * ```ts
 * import { DeepSeek, Files, imagePart, toFile } from 'deepseek-fetch';
 *
 * const client = new DeepSeek().with({ files: Files });
 * const file = await client.files.create({ file: await toFile('./screenshot.png'), purpose: 'user_data' });
 * const answer = await client.chat.completions.create({
 *   model: 'deepseek-flash',
 *   messages: [{ role: 'user', content: [{ type: 'text', text: 'What does this show?' }, imagePart(file)] }],
 * });
 * await client.files.delete(file.id);
 * ```
 */
export class Files {
  readonly #client: DeepSeekCore;

  /** Usually built by `client.with({ files: Files })`; `new Files(client)` works with any client too. */
  constructor(client: DeepSeekCore) {
    this.#client = client;
  }

  /**
   * Uploads an image (JPEG, PNG, GIF or WebP, at most 64 MiB) and resolves to the stored file.
   * The file is checked before any byte is sent (`FileUploadError` names the broken rule).
   *
   * @example
   * ```ts
   * const file = await client.files.create({
   *   file: await toFile('./chart.png'),
   *   purpose: 'user_data',
   *   expires_after: { anchor: 'created_at', seconds: 3600 },
   * });
   * ```
   */
  create(params: FileCreateParams, options?: RequestOptions): APIPromise<FileObject> {
    return uploadFile(this.#client, params, options);
  }

  /**
   * Lists files, one page per request: await it for the first page, or iterate it with
   * `for await` to walk every file across pages.
   *
   * @example
   * ```ts
   * for await (const file of client.files.list()) console.log(file.id, file.filename);
   * const page = await client.files.list({ limit: 10, order: 'desc' });
   * ```
   */
  list(params?: FileListParams, options?: RequestOptions): FilePagePromise {
    return listFiles(this.#client, params, options);
  }

  /**
   * Retrieves a file's metadata.
   *
   * @example
   * ```ts
   * const file = await client.files.retrieve('file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47');
   * ```
   */
  retrieve(fileId: string, options?: RequestOptions): APIPromise<FileObject> {
    return retrieveFile(this.#client, fileId, options);
  }

  /**
   * Deletes a file.
   *
   * @example
   * ```ts
   * const { deleted } = await client.files.delete(file.id);
   * ```
   */
  delete(fileId: string, options?: RequestOptions): APIPromise<FileDeleted> {
    return deleteFile(this.#client, fileId, options);
  }
}
