/**
 * The Files API as functions taking a `DeepSeekCore` first, like the chat operations: a bundle
 * that uploads imports `uploadFile` and pays for the upload code only. The `Files` resource
 * class calls the same functions.
 */
import { APIPromise } from '../api-promise';
import { transportOf, type DeepSeekCore } from '../core';
import { settle } from '../operations';
import { pathSegment, withQuery, type RequestOptions } from '../transport-request';
import type { FileDeleted, FileListParams, FileObject, FileObjectList } from '../types';
import { FilePage, filePagePromise, type FilePagePromise } from './page';
import { prepareUpload, type FileCreateParams } from './upload-body';

/**
 * Uploads an image (`POST /files`) and resolves to the stored file, whose `id` goes into chat
 * messages (see `imagePart`). Checked first, before any byte is sent: the type sniffed from the
 * first bytes (JPEG, PNG, GIF or WebP), the size (64 MiB), the filename (512 characters) and
 * `expires_after` (one hour to 30 days); a broken rule is a `FileUploadError`. A `Blob`, bytes
 * or `toFile(path)` is retried like any request; a `ReadableStream` only when the connection
 * failed before any of it was sent.
 *
 * @example
 * ```ts
 * import { DeepSeekCore, uploadFile, toFile } from 'deepseek-fetch';
 *
 * const deepseek = new DeepSeekCore();
 * const file = await uploadFile(deepseek, {
 *   file: await toFile('./screenshot.png'),
 *   purpose: 'user_data',
 *   expires_after: { anchor: 'created_at', seconds: 86_400 },
 * });
 * console.log(file.id, file.bytes, file.expires_at);
 * ```
 */
export function uploadFile(client: DeepSeekCore, params: FileCreateParams, options: RequestOptions = {}): APIPromise<FileObject> {
  return APIPromise.from(
    (async () => {
      const transport = transportOf(client);
      const upload = await prepareUpload(params);
      try {
        return await transport.send<FileObject>('POST', '/files', { ...options, headers: { ...options.headers, ...upload.headers } }, upload.body);
      } finally {
        upload.dispose();
      }
    })(),
  );
}

/**
 * Lists the account's files (`GET /files`). Resolves to the first {@link FilePage}; iterate the
 * returned promise (or any page) with `for await` to walk every file across pages.
 *
 * @example
 * ```ts
 * for await (const file of listFiles(deepseek, { order: 'desc' })) console.log(file.id, file.filename);
 *
 * const first = await listFiles(deepseek, { limit: 20 });
 * console.log(first.data, first.has_more);
 * ```
 */
export function listFiles(client: DeepSeekCore, params: FileListParams = {}, options: RequestOptions = {}): FilePagePromise {
  const fetchPage = (query: FileListParams): APIPromise<FilePage> =>
    APIPromise.from(
      settle(() => transportOf(client).send<FileObjectList>('GET', withQuery('/files', query), options)).then(({ data, response }) => ({
        data: new FilePage(data, (after) => fetchPage({ ...query, after })),
        response,
      })),
    );
  return filePagePromise(fetchPage(params));
}

/**
 * Retrieves a file's metadata (`GET /files/{file_id}`).
 *
 * @example
 * ```ts
 * const file = await retrieveFile(deepseek, 'file-api-5f0c8a1e9b2d4c7f8e3a6b1d0c9e2f47');
 * console.log(file.filename, file.bytes);
 * ```
 */
export function retrieveFile(client: DeepSeekCore, fileId: string, options?: RequestOptions): APIPromise<FileObject> {
  return APIPromise.from(settle(() => transportOf(client).send<FileObject>('GET', `/files/${pathSegment('fileId', fileId)}`, options)));
}

/**
 * Deletes a file (`DELETE /files/{file_id}`). Chat requests that still reference it fail afterwards.
 *
 * @example
 * ```ts
 * const { deleted } = await deleteFile(deepseek, file.id);
 * ```
 */
export function deleteFile(client: DeepSeekCore, fileId: string, options?: RequestOptions): APIPromise<FileDeleted> {
  return APIPromise.from(settle(() => transportOf(client).send<FileDeleted>('DELETE', `/files/${pathSegment('fileId', fileId)}`, options)));
}
