/**
 * The idle watchdog of a stream: fires when no data event arrives for `idleTimeout` while the
 * stream is waiting on the network. Kept off the hot path: a timer ticks four times per
 * `idleTimeout` and fires after four ticks in a row without progress, so it never fires before
 * `idleTimeout` of silence, and at most a quarter later. Nothing runs per event.
 */
import { APIConnectionTimeoutError } from './errors';
import { maxTimerMs } from './runtime';

/** What the watchdog asks the stream it guards. */
export interface WatchedStream {
  /** True while the stream waits for the network (time the consumer holds an item does not count). */
  readonly reading: boolean;
  /** Data events received so far: progress. Keep-alive comments do not count. */
  readonly dataEvents: number;
  /** Comments (`: keep-alive`) received so far, for the message. */
  readonly comments: number;
}

/**
 * Starts watching `stream`; calls `onIdle` with a timeout error once, after `idleMs` without a
 * data event while reading. `Infinity` (or any delay a timer cannot hold) disables it.
 *
 * @returns a function that stops the watchdog
 */
export function watchIdle(stream: WatchedStream, idleMs: number, onIdle: (error: APIConnectionTimeoutError) => void): () => void {
  if (!(idleMs < maxTimerMs)) return noop;
  let seen = 0;
  let silentTicks = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = (): void => {
    if (!stream.reading || stream.dataEvents !== seen) {
      seen = stream.dataEvents;
      silentTicks = 0;
    } else if (++silentTicks === 4) {
      timer = undefined;
      onIdle(new APIConnectionTimeoutError(idleMessage(idleMs, stream.dataEvents, stream.comments)));
      return;
    }
    timer = setTimeout(tick, idleMs / 4);
  };
  timer = setTimeout(tick, idleMs / 4);
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}

function idleMessage(idle: number, dataEvents: number, comments: number): string {
  if (dataEvents > 0) return `No data for ${idle} ms after ${dataEvents} events: the stream stalled mid-answer.`;
  if (comments > 0) return `No data for ${idle} ms: the request was still queued (only ${comments} keep-alive comments so far).`;
  return `No data for ${idle} ms after the response headers.`;
}

function noop(): void {}
