/**
 * Other shapes of a stream's items: two independent readers (`tee()`), and a byte stream of
 * newline-delimited JSON (`toReadableStream()`). Both are built on the item iterator alone, so
 * they work for any protocol's stream, and neither is on the hot path of `for await`.
 */
import type { ItemIterator, ItemSink, Outcome } from './event-reader';

/**
 * Splits `root` into two iterators of the same items, each feeding its own sink. Items are
 * read from `root` as the faster branch asks and queued for the other. `return()` (a `break`)
 * ends one branch; the request is cancelled once both are done. `cancel()` on either branch
 * cancels the request, which ends both quietly.
 */
export function teeItems<Item>(root: ItemIterator<Item>, sinks: readonly [ItemSink<Item>, ItemSink<Item>]): [ItemIterator<Item>, ItemIterator<Item>] {
  const queues: [Promise<IteratorResult<Item, void>>[], Promise<IteratorResult<Item, void>>[]] = [[], []];
  let open = 2;
  const branch = (side: 0 | 1): ItemIterator<Item> => {
    let stopped = false;
    return {
      // A branch ends as the stream did, unless its own reader stopped it first.
      get outcome(): Outcome | undefined {
        return stopped ? { kind: 'cancelled' } : root.outcome;
      },
      async next() {
        if (stopped) return { done: true, value: undefined };
        if (queues[side].length === 0) {
          const next = root.next();
          queues[0].push(next);
          queues[1].push(next);
        }
        const next = await queues[side].shift()!;
        if (!next.done) sinks[side].add(next.value);
        return next;
      },
      async return() {
        if (!stopped) {
          stopped = true;
          if (--open === 0) void root.return();
        }
        return { done: true, value: undefined };
      },
      cancel: () => root.cancel(),
    };
  };
  return [branch(0), branch(1)];
}

/**
 * The items as a byte stream of newline-delimited JSON, e.g. to send from a server route to a
 * browser. Cancelling the byte stream cancels the request.
 */
export function toNdjsonStream<Item>(iterator: AsyncIterator<Item, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
