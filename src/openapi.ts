/**
 * The typed HTTP layer: an openapi-fetch client over the paths generated from
 * spec/openapi.yaml, and the path/body/response types derived from them. A wrong path,
 * field name or field type is a compile error wherever these types are used.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from '../generated/deepseek';

export type { paths };

/** openapi-fetch client whose success `data` is the `application/json` response type. */
export type OpenAPIClient = Client<paths, 'application/json'>;

/** The HTTP methods the SDK uses. */
export type Method = 'get' | 'post';

/** Paths of the spec that have `method` (e.g. `PathsWith<'get'>` is `'/models' | '/user/balance'`). */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends undefined ? never : P;
}[keyof paths];

type OperationOf<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The JSON request body of `POST path`. */
export type JsonRequestBody<P extends PathsWith<'post'>> =
  OperationOf<P, 'post'> extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;

/** The `200 application/json` response body of `method path`. */
export type JsonResponseBody<P extends PathsWith<M>, M extends Method> =
  OperationOf<P, M> extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;

/**
 * Creates the typed openapi-fetch client. The SDK's transport drives it with its own
 * per-request `fetch` (retries, timeouts, the API key); tests use it directly.
 */
export function createOpenAPIClient(options: ClientOptions = {}): OpenAPIClient {
  return createClient<paths, 'application/json'>(options);
}
