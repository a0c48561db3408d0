import { describe, test, expect } from 'vitest';
import { createSSEDecoder, decodeServerSentEvents, type ServerSentEvent, type SSEDecoderOptions } from '../../src/sse/decoder';
import { StreamError } from '../../src/errors';

const KiB = 1024;
const MiB = 1024 * KiB;
const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);

function recorder(options?: SSEDecoderOptions) {
  const events: ServerSentEvent[] = [];
  let comments = 0;
  const decoder = createSSEDecoder(
    { onEvent: (event) => void events.push(event), onComment: () => void comments++ },
    options,
  );
  return { decoder, events, comments: () => comments };
}

/** Feeds `chunk` again and again, never calling end(), until feed() throws; returns the error and the bytes accepted. */
function feedForever(feed: (chunk: Uint8Array) => void, chunk: Uint8Array, limit: number): { error: unknown; accepted: number } {
  let accepted = 0;
  while (accepted <= limit) {
    try {
      feed(chunk);
    } catch (error) {
      return { error, accepted };
    }
    accepted += chunk.length;
  }
  return { error: undefined, accepted };
}

function expectSizeLimit(error: unknown): asserts error is StreamError {
  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('size_limit');
}

describe('sse decoder size limit', () => {
  test('an event that never ends throws size_limit during feed, as soon as the cap is crossed', () => {
    const { decoder } = recorder({ maxBufferBytes: 64 * KiB });
    const line = utf8(`data: ${'x'.repeat(994)}\n`); // 1000 bytes without its LF
    const { error, accepted } = feedForever((chunk) => decoder.feed(chunk), line, 10 * 64 * KiB);
    expectSizeLimit(error);
    // 65 lines of 1000 bytes fit in 64 KiB (65,536 bytes); the 66th crosses.
    expect(accepted).toBe(65 * line.length);
  });

  test('an unterminated huge line throws before its terminator would arrive', () => {
    const { decoder } = recorder({ maxBufferBytes: 16 * KiB });
    decoder.feed(utf8('data: '));
    const { error, accepted } = feedForever((chunk) => decoder.feed(chunk), utf8('y'.repeat(1000)), MiB);
    expectSizeLimit(error);
    expect(accepted).toBeLessThanOrEqual(16 * KiB);
  });

  test('an unterminated line of an unknown field counts too', () => {
    const { decoder } = recorder({ maxBufferBytes: 4 * KiB });
    decoder.feed(utf8('x-padding: '));
    const { error } = feedForever((chunk) => decoder.feed(chunk), utf8('z'.repeat(100)), MiB);
    expectSizeLimit(error);
  });

  test('a line longer than the cap throws even when it arrives whole in one chunk', () => {
    const { decoder } = recorder({ maxBufferBytes: 1000 });
    expect(() => decoder.feed(utf8(`data: ${'x'.repeat(2000)}\n\n`))).toThrow(StreamError);
  });

  test('the cap counts whole lines: a data line of exactly maxBufferBytes passes and one more byte fails', () => {
    const cap = 100;
    const fits = utf8(`data: ${'a'.repeat(cap - 6)}\n\n`);
    const { decoder, events } = recorder({ maxBufferBytes: cap });
    for (const byte of fits) decoder.feed(Uint8Array.of(byte));
    expect(events).toHaveLength(1);
    expect(() => recorder({ maxBufferBytes: cap }).decoder.feed(utf8(`data: ${'a'.repeat(cap - 5)}\n\n`))).toThrow(StreamError);
  });

  test('the data lines of one event add up, and a blank line resets the count', () => {
    const { decoder, events } = recorder({ maxBufferBytes: 100 });
    decoder.feed(utf8('data: 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop\n\n')); // 68 bytes
    decoder.feed(utf8('data: 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop\n\n'));
    expect(events).toHaveLength(2);
    const line = 'data: 0123456789abcdefghijklmnopqrstuvwxyz\n'; // 42 bytes
    decoder.feed(utf8(line + line));
    expect(() => decoder.feed(utf8(line))).toThrow(StreamError);
  });

  test('events completed before the crossing are delivered', () => {
    const { decoder, events } = recorder({ maxBufferBytes: 50 });
    expect(() => decoder.feed(utf8(`data: first\n\ndata: second\n\ndata: ${'x'.repeat(60)}\n\n`))).toThrow(StreamError);
    expect(events.map((event) => event.data)).toEqual(['first', 'second']);
  });

  test('a 100 MiB comment does not trip a 1 KiB cap', () => {
    const { decoder, events, comments } = recorder({ maxBufferBytes: KiB });
    const body = new Uint8Array(MiB).fill(0x78);
    decoder.feed(utf8(': keep-alive '));
    for (let i = 0; i < 100; i++) decoder.feed(body);
    decoder.feed(utf8('\ndata: ok\n\n'));
    expect(events.map((event) => event.data)).toEqual(['ok']);
    expect(comments()).toBe(1);
  });

  test('a 4 MiB comment fed byte by byte does not trip a 16-byte cap, so none of it is buffered', () => {
    const { decoder, events, comments } = recorder({ maxBufferBytes: 16 });
    const colon = utf8(':');
    const x = utf8('x');
    decoder.feed(colon);
    for (let i = 0; i < 4 * MiB; i++) decoder.feed(x);
    decoder.feed(utf8('\r'));
    decoder.feed(utf8('\ndata: ok\n\n'));
    expect(events.map((event) => event.data)).toEqual(['ok']);
    expect(comments()).toBe(1);
  });

  test('a flood of keep-alive comments is never buffered and never trips the cap', () => {
    const { decoder, events, comments } = recorder({ maxBufferBytes: 16 });
    const flood = utf8(': keep-alive\n\n'.repeat(100_000));
    for (let at = 0; at < flood.length; at += 1000) decoder.feed(flood.subarray(at, at + 1000));
    decoder.end();
    expect(events).toEqual([]);
    expect(comments()).toBe(100_000);
  });

  test('many small events never trip a small cap', () => {
    const { decoder, events } = recorder({ maxBufferBytes: KiB });
    const stream = utf8(Array.from({ length: 100_000 }, (_, i) => `id: ${i}\nevent: delta\ndata: {"index":${i},"content":"${'c'.repeat(50)}"}\n\n`).join(''));
    for (let at = 0; at < stream.length; at += 64 * KiB) decoder.feed(stream.subarray(at, at + 64 * KiB));
    decoder.end();
    expect(events).toHaveLength(100_000);
  });

  test('the default cap is 16 MiB', () => {
    const exact = utf8(`data: ${'x'.repeat(16 * MiB - 6)}\n\n`);
    const { decoder, events } = recorder();
    decoder.feed(exact);
    expect(events).toHaveLength(1);
    const over = recorder();
    over.decoder.feed(exact.subarray(0, 8 * MiB));
    expect(() => over.decoder.feed(exact.subarray(8 * MiB - 1))).toThrow(StreamError);
  });

  test('Infinity disables the cap', () => {
    const data = 'x'.repeat(20 * MiB);
    const bytes = utf8(`data: ${data}\n\n`);
    const { decoder, events } = recorder({ maxBufferBytes: Infinity });
    for (let at = 0; at < bytes.length; at += MiB) decoder.feed(bytes.subarray(at, at + MiB));
    expect(events).toHaveLength(1);
    expect(events[0]!.data.length).toBe(data.length);
  });

  test('a cap of 0 still lets blank lines and comments through', () => {
    const { decoder, comments } = recorder({ maxBufferBytes: 0 });
    decoder.feed(utf8('\n\n: ping\n\r\n'));
    expect(comments()).toBe(1);
    expect(() => decoder.feed(utf8('d'))).toThrow(StreamError);
  });

  test('the error message is a fixed sentence without the payload', () => {
    const secret = 'sk-test-fake-payload-secret-zq7x';
    const { decoder } = recorder({ maxBufferBytes: 64 });
    let error: unknown;
    try {
      decoder.feed(utf8(`event: ${secret}\ndata: ${secret} ${secret}`));
    } catch (caught) {
      error = caught;
    }
    expectSizeLimit(error);
    for (const text of [error.message, String(error), error.stack ?? '', JSON.stringify(error)]) {
      expect(text).not.toContain('sk-');
      expect(text).not.toContain('payload-secret-zq7x');
    }
    expect(error.message).toBe('A server-sent event or line exceeded maxBufferBytes (64 bytes).');
  });

  test('after the cap is crossed the decoder stays failed: feed() and end() throw again', () => {
    const { decoder, events } = recorder({ maxBufferBytes: 10 });
    expect(() => decoder.feed(utf8('data: 0123456789'))).toThrow(StreamError);
    for (const call of [() => decoder.feed(utf8('\n\ndata: a\n\n')), () => decoder.end()]) {
      let error: unknown;
      try {
        call();
      } catch (caught) {
        error = caught;
      }
      expectSizeLimit(error);
    }
    expect(events).toEqual([]);
  });

  test('decodeServerSentEvents throws size_limit on a never-ending body and cancels it', async () => {
    let cancelled = false;
    const chunk = utf8(`data: ${'x'.repeat(1000)}\n`);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const iterate = async () => {
      for await (const event of decodeServerSentEvents(body, { maxBufferBytes: 32 * KiB })) void event;
    };
    await expect(iterate()).rejects.toSatisfy((error) => error instanceof StreamError && error.kind === 'size_limit');
    expect(cancelled).toBe(true);
    expect(body.locked).toBe(false);
  });
});
