import { describe, test, expect } from 'vitest';
import { decodeServerSentEvents, type ServerSentEvent } from '../../src/sse/decoder';
import * as sse from '../../src/sse/index';
import { StreamError } from '../../src/errors';

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(utf8(chunk));
      controller.close();
    },
  });
}

async function* iterableOf(chunks: string[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield utf8(chunk);
}

async function collect(events: AsyncIterable<ServerSentEvent>): Promise<ServerSentEvent[]> {
  const all: ServerSentEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const chunks = [': keep-alive\n\ndata: {"a":', '1}\n\nevent: done\r', '\ndata: [DONE]\r\n\r\ndata: unterminated\n'];
const expected = [
  { type: 'message', data: '{"a":1}', lastEventId: '' },
  { type: 'done', data: '[DONE]', lastEventId: '' },
];

/** An endless body with one event per pull, which records pulls and cancellation. */
function endlessStream(options: { highWaterMark?: number } = {}) {
  const seen = { pulls: 0, cancelled: false, cancelReason: undefined as unknown };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulls++;
        controller.enqueue(utf8(`data: ${seen.pulls}\n\n`));
      },
      cancel(reason) {
        seen.cancelled = true;
        seen.cancelReason = reason;
      },
    },
    { highWaterMark: options.highWaterMark ?? 0 },
  );
  return { body, seen };
}

describe('decodeServerSentEvents', () => {
  test('decodes a ReadableStream into events and drops the unterminated final event', async () => {
    expect(await collect(decodeServerSentEvents(streamOf(chunks)))).toEqual(expected);
  });

  test('decodes an async iterable of byte chunks', async () => {
    expect(await collect(decodeServerSentEvents(iterableOf(chunks)))).toEqual(expected);
  });

  test('decodes a fetch Response body with a BOM and CRLF line ends', async () => {
    const body = new Response(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('data: é\r\n\r\n')])).body!;
    expect(await collect(decodeServerSentEvents(body))).toEqual([{ type: 'message', data: 'é', lastEventId: '' }]);
  });

  test('releases the lock of a ReadableStream that ended normally', async () => {
    const body = streamOf(chunks);
    await collect(decodeServerSentEvents(body));
    expect(body.locked).toBe(false);
  });

  test('break cancels the ReadableStream and releases its lock', async () => {
    const { body, seen } = endlessStream();
    for await (const event of decodeServerSentEvents(body)) {
      expect(event.data).toBe('1');
      break;
    }
    expect(seen.cancelled).toBe(true);
    expect(body.locked).toBe(false);
  });

  test('return() on the generator cancels the ReadableStream', async () => {
    const { body, seen } = endlessStream();
    const events = decodeServerSentEvents(body);
    expect((await events.next()).value).toEqual({ type: 'message', data: '1', lastEventId: '' });
    await events.return();
    expect(seen.cancelled).toBe(true);
    expect(body.locked).toBe(false);
  });

  test('reads no further than the consumer asks', async () => {
    const { body, seen } = endlessStream();
    for await (const event of decodeServerSentEvents(body)) {
      if (event.data === '3') break;
    }
    expect(seen.pulls).toBe(3);
  });

  test('break calls return() on an async iterator', async () => {
    const calls: string[] = [];
    let index = 0;
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          calls.push('next');
          return { done: false, value: utf8(`data: ${++index}\n\n`) };
        },
        return: async () => {
          calls.push('return');
          return { done: true, value: undefined };
        },
      }),
    };
    for await (const event of decodeServerSentEvents(iterable)) {
      if (event.data === '2') break;
    }
    expect(calls).toEqual(['next', 'next', 'return']);
  });

  test('an async generator source is closed by break (its finally block runs)', async () => {
    let closed = false;
    async function* source() {
      try {
        for (;;) yield utf8('data: x\n\n');
      } finally {
        closed = true;
      }
    }
    for await (const event of decodeServerSentEvents(source())) {
      void event;
      break;
    }
    expect(closed).toBe(true);
  });

  test('an error from a ReadableStream propagates unchanged, after the events before it', async () => {
    const failure = new TypeError('terminated');
    let step = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (step++ === 0) controller.enqueue(utf8('data: before\n\n'));
        else controller.error(failure);
      },
    });
    const seen: string[] = [];
    const iterate = async () => {
      for await (const event of decodeServerSentEvents(body)) seen.push(event.data);
    };
    await expect(iterate()).rejects.toBe(failure);
    expect(seen).toEqual(['before']);
    expect(body.locked).toBe(false);
  });

  test('an error from an async iterable propagates unchanged, and return() is not called on a failed iterator', async () => {
    const failure = new Error('socket hang up');
    let returned = false;
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.reject(failure),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    await expect(collect(decodeServerSentEvents(iterable))).rejects.toBe(failure);
    expect(returned).toBe(false);
  });

  test('an iterator that fails after delivering bytes is not asked to return()', async () => {
    const failure = new Error('reset');
    const calls: string[] = [];
    let step = 0;
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          calls.push('next');
          if (step++ === 0) return { done: false, value: utf8('data: a\n\n') };
          throw failure;
        },
        return: async () => {
          calls.push('return');
          return { done: true, value: undefined };
        },
      }),
    };
    const seen: string[] = [];
    const iterate = async () => {
      for await (const event of decodeServerSentEvents(iterable)) seen.push(event.data);
    };
    await expect(iterate()).rejects.toBe(failure);
    expect(seen).toEqual(['a']);
    expect(calls).toEqual(['next', 'next']);
  });

  test('onRetry and onComment are called as the stream is read', async () => {
    const retries: number[] = [];
    let comments = 0;
    const events = await collect(
      decodeServerSentEvents(streamOf([': keep-alive\n', 'retry: 03000\n', 'retry: x\n:\ndata: a\n\n']), {
        onRetry: (ms) => void retries.push(ms),
        onComment: () => void comments++,
      }),
    );
    expect(retries).toEqual([3000]);
    expect(comments).toBe(2);
    expect(events.map((event) => event.data)).toEqual(['a']);
  });

  test('events decoded before a size_limit error in the same chunk are yielded first', async () => {
    const seen: string[] = [];
    const iterate = async () => {
      const body = streamOf([`data: a\n\ndata: b\n\ndata: ${'x'.repeat(100)}\n\n`]);
      for await (const event of decodeServerSentEvents(body, { maxBufferBytes: 50 })) seen.push(event.data);
    };
    await expect(iterate()).rejects.toBeInstanceOf(StreamError);
    expect(seen).toEqual(['a', 'b']);
  });

  test('an empty body yields no events', async () => {
    expect(await collect(decodeServerSentEvents(streamOf([])))).toEqual([]);
  });
});

describe('deepseek-fetch/sse entry', () => {
  test('exports the decoder API and the same StreamError class as the SDK', () => {
    expect(Object.keys(sse).sort()).toEqual(['StreamError', 'createSSEDecoder', 'decodeServerSentEvents']);
    expect(sse.StreamError).toBe(StreamError);
  });

  test('exports the decoder types', () => {
    const options: sse.DecodeServerSentEventsOptions = { maxBufferBytes: 1024, onRetry: () => undefined, onComment: () => undefined };
    const callbacks: sse.SSEDecoderCallbacks = { onEvent: (event: sse.ServerSentEvent) => void event };
    const decoderOptions: sse.SSEDecoderOptions = options;
    const decoder: sse.SSEDecoder = sse.createSSEDecoder(callbacks, decoderOptions);
    const kind: sse.StreamErrorKind = 'size_limit';
    expect(() => decoder.feed(utf8('x'.repeat(2048)))).toThrow(expect.objectContaining({ kind }));
  });
});
