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
  // The request's own promise; `then`/`catch`/`finally` and `withResponse()` derive from it
  // on demand, so a caller who uses only one of them never leaves the other rejected and
  // unhandled, and nothing is allocated for the one not used.
  #request!: Promise<{ data: T; response: Response }>;
  #data: Promise<T> | undefined;

  // Derived promises (`then`, `catch`, `finally`) are plain promises, not APIPromises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** Wraps a request that resolves to its data and response. */
  static from<T>(request: Promise<{ data: T; response: Response }>): APIPromise<T> {
    // The base promise itself is never used for the result: it resolves at once, to nothing.
    const promise = new APIPromise<T>((resolve) => resolve(undefined as T));
    promise.#request = request;
    return promise;
  }

  #parsed(): Promise<T> {
    return (this.#data ??= this.#request.then((result) => result.data));
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }

  /** Resolves to the data together with the raw `Response`, `requestId` and `traceId`. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#request.then(({ data, response }) => ({
      data,
      response,
      requestId: response.headers.get('x-request-id') ?? undefined,
      traceId: response.headers.get('x-ds-trace-id') ?? undefined,
    }));
  }
}
