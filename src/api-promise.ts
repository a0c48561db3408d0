/**
 * The promise every client method returns: awaits to the parsed data, and offers
 * `.withResponse()` for the raw `Response` and DeepSeek's trace id.
 */

/** What `.withResponse()` resolves to. */
export interface WithResponse<T> {
  /** The parsed result, as `await` gives it. */
  data: T;
  /** The raw HTTP response (for a JSON call its body has already been read). */
  response: Response;
  /** The `x-request-id` header, when present. */
  requestId: string | undefined;
  /** DeepSeek's `x-ds-trace-id` header: quote it when reporting a problem. */
  traceId: string | undefined;
}

/**
 * A `Promise<T>` with `.withResponse()`.
 *
 * @example
 * ```ts
 * const { data, traceId } = await client.models.list().withResponse();
 * ```
 */
export class APIPromise<T> extends Promise<T> {
  #withResponse!: Promise<WithResponse<T>>;

  // `then`/`catch`/`finally` build plain promises, not APIPromises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** Wraps a request that resolves to its data and response. */
  static from<T>(request: Promise<{ data: T; response: Response }>): APIPromise<T> {
    const withResponse = request.then(({ data, response }) => ({
      data,
      response,
      requestId: response.headers.get('x-request-id') ?? undefined,
      traceId: response.headers.get('x-ds-trace-id') ?? undefined,
    }));
    const promise = new APIPromise<T>((resolve, reject) => {
      withResponse.then((result) => resolve(result.data), reject);
    });
    promise.#withResponse = withResponse;
    // A caller who only uses withResponse() must not get an unhandled rejection from this one.
    promise.catch(() => undefined);
    return promise;
  }

  /** Resolves to the data together with the raw `Response`, `requestId` and `traceId`. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#withResponse;
  }
}
