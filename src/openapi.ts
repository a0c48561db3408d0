/**
 * `deepseek-fetch/openapi`: the typed openapi-fetch client over the paths generated from
 * spec/openapi.yaml, for callers who want raw HTTP with compile-time checked paths, bodies and
 * responses (openapi-fetch middleware, their own retries, the untouched `Response`). A wrong
 * path, field name or field type is a compile error.
 *
 * The `DeepSeek` class does not go through it: it adds retries, timeouts, typed errors and
 * streaming on top of the same generated types with `fetch` directly (see `src/transport.ts`
 * for the measured reason).
 *
 * @module deepseek-fetch/openapi
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from '../generated/deepseek';

export type { paths };
/** Options of {@link createOpenAPIClient}: openapi-fetch's `ClientOptions` (`baseUrl`, `headers`, `fetch`, ...). */
export type OpenAPIClientOptions = ClientOptions;

/** openapi-fetch client whose success `data` is the `application/json` response type. */
export type OpenAPIClient = Client<paths, 'application/json'>;

/** The HTTP methods of the spec. */
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
 * Creates the typed openapi-fetch client. It sends what you give it: pass the key as a header,
 * and use a second client with `baseUrl` ending in `/beta` for FIM (`POST /completions`),
 * which lives on the beta server.
 *
 * @example
 * ```ts
 * import { createOpenAPIClient } from 'deepseek-fetch/openapi';
 *
 * const api = createOpenAPIClient({
 *   baseUrl: 'https://api.deepseek.com',
 *   headers: { authorization: `Bearer ${process.env.DEEPSEEK_API_KEY}` },
 * });
 * const { data, error, response } = await api.GET('/user/balance');
 * if (data) console.log(data.is_available, data.balance_infos);
 * else console.error(response.status, error);
 * ```
 */
export function createOpenAPIClient(options: OpenAPIClientOptions = {}): OpenAPIClient {
  return createClient<paths, 'application/json'>(options);
}
