import { readFileSync } from 'node:fs';
import { describe, test, expect } from 'vitest';
import { createSSEDecoder, type ServerSentEvent, type SSEDecoderOptions } from '../../src/sse/decoder';

interface Vector {
  id: string;
  rule: string;
  source?: string;
  input?: string;
  inputBytes?: (number | string)[];
  chunkings?: number[][];
  events: ServerSentEvent[];
  retries: number[];
  comments?: number;
}

const { vectors } = JSON.parse(
  readFileSync(new URL('../fixtures/sse-vectors.json', import.meta.url), 'utf8'),
) as { vectors: Vector[] };

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);

function bytesOf(vector: Vector): Uint8Array {
  if (vector.input !== undefined) return utf8(vector.input);
  const parts = (vector.inputBytes ?? []).flatMap((part) => (typeof part === 'number' ? [part] : [...utf8(part)]));
  return Uint8Array.from(parts);
}

interface Outcome {
  events: ServerSentEvent[];
  retries: number[];
  comments: number;
}

function decode(chunks: Iterable<Uint8Array>, options?: SSEDecoderOptions): Outcome {
  const outcome: Outcome = { events: [], retries: [], comments: 0 };
  const decoder = createSSEDecoder(
    {
      onEvent: (event) => void outcome.events.push(event),
      onRetry: (ms) => void outcome.retries.push(ms),
      onComment: () => void outcome.comments++,
    },
    options,
  );
  for (const chunk of chunks) decoder.feed(chunk);
  decoder.end();
  return outcome;
}

/** Cuts `bytes` at the given offsets (repeats and 0 give empty chunks). */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const offset of offsets) {
    chunks.push(bytes.slice(previous, offset));
    previous = offset;
  }
  chunks.push(bytes.slice(previous));
  return chunks;
}

/** Every chunking the harness rule asks for, plus empty chunks around every byte. */
function* chunkings(bytes: Uint8Array, vector: Vector): Generator<[string, Uint8Array[]]> {
  yield ['whole', [bytes]];
  yield ['byte by byte', Array.from(bytes, (byte) => Uint8Array.of(byte))];
  yield ['empty chunks between bytes', Array.from({ length: bytes.length * 2 + 1 }, (_, i) => (i % 2 === 0 ? new Uint8Array(0) : bytes.slice((i - 1) / 2, (i + 1) / 2)))];
  for (let at = 0; at <= bytes.length; at++) yield [`split at ${at}`, cut(bytes, [at])];
  for (const offsets of vector.chunkings ?? []) yield [`cut at ${offsets.join(',')}`, cut(bytes, offsets)];
}

describe('sse decoder vectors', () => {
  test('the vector table is large, uniquely named and says which rule each vector pins', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(80);
    expect(new Set(vectors.map((vector) => vector.id)).size).toBe(vectors.length);
    for (const vector of vectors) expect(vector.rule, vector.id).toMatch(/^\d/);
  });

  test.each(vectors)('vector $id decodes to its expected events under every chunking', (vector) => {
    const bytes = bytesOf(vector);
    for (const [name, chunks] of chunkings(bytes, vector)) {
      const outcome = decode(chunks);
      expect(outcome.events, `${vector.id}, ${name}`).toEqual(vector.events);
      expect(outcome.retries, `${vector.id}, ${name}`).toEqual(vector.retries);
      if (vector.comments !== undefined) expect(outcome.comments, `${vector.id}, ${name}`).toBe(vector.comments);
    }
  });
});

describe('sse decoder behaviour', () => {
  test('a CR at a chunk end followed by LF is one terminator', () => {
    const outcome = decode([utf8('data: a\r'), utf8('\ndata: b\r'), utf8('\n\r'), utf8('\n')]);
    expect(outcome.events).toEqual([{ type: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  test('an LF after a chunk-ending CR is still swallowed when empty chunks come between', () => {
    const outcome = decode([utf8('event: x\r'), new Uint8Array(0), new Uint8Array(0), utf8('\ndata: a\n\n')]);
    expect(outcome.events).toEqual([{ type: 'x', data: 'a', lastEventId: '' }]);
  });

  test('an event is delivered by the feed that completes it, even when its blank line ends in CR', () => {
    const events: ServerSentEvent[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => void events.push(event) });
    decoder.feed(utf8('data: a\n'));
    expect(events).toEqual([]);
    decoder.feed(utf8('\r'));
    expect(events.map((event) => event.data)).toEqual(['a']);
    decoder.feed(utf8('\ndata: b\n\n'));
    expect(events.map((event) => event.data)).toEqual(['a', 'b']);
  });

  test('end() discards the pending data of an unterminated final event', () => {
    const events: ServerSentEvent[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => void events.push(event) });
    decoder.feed(utf8('data: a\n\ndata: b\n'));
    decoder.end();
    expect(events.map((event) => event.data)).toEqual(['a']);
  });

  test('feeding after end() is a usage error', () => {
    const decoder = createSSEDecoder({ onEvent: () => undefined });
    decoder.end();
    expect(() => decoder.feed(utf8('data: a\n\n'))).toThrow(/after end/);
  });

  test('onComment is called once per comment line and is given no content', () => {
    const calls: unknown[][] = [];
    const decoder = createSSEDecoder({ onEvent: () => undefined, onComment: (...args: unknown[]) => void calls.push(args) });
    decoder.feed(utf8(': secret one\n:'));
    decoder.feed(utf8('secret two\r'));
    decoder.feed(utf8('\n'));
    expect(calls).toEqual([[], []]);
  });

  test('onRetry and onComment are optional', () => {
    const events: ServerSentEvent[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => void events.push(event) });
    decoder.feed(utf8(': hi\nretry: 10\ndata: a\n\n'));
    expect(events.map((event) => event.data)).toEqual(['a']);
  });

  test('callbacks are called as methods of the callbacks object', () => {
    const sink = {
      seen: [] as string[],
      onEvent(event: ServerSentEvent) { this.seen.push(`event ${event.data}`); },
      onRetry(ms: number) { this.seen.push(`retry ${ms}`); },
      onComment() { this.seen.push('comment'); },
    };
    const decoder = createSSEDecoder(sink);
    decoder.feed(utf8(':\nretry: 5\ndata: a\n\n'));
    expect(sink.seen).toEqual(['comment', 'retry 5', 'event a']);
  });

  test('an error thrown by onEvent propagates out of feed()', () => {
    const decoder = createSSEDecoder({ onEvent: () => { throw new Error('consumer failed'); } });
    expect(() => decoder.feed(utf8('data: a\n\n'))).toThrow('consumer failed');
  });

  test('the decoder copies the bytes it keeps, so the caller may reuse its chunk buffer', () => {
    const events: ServerSentEvent[] = [];
    const decoder = createSSEDecoder({ onEvent: (event) => void events.push(event) });
    const buffer = utf8('data: ab');
    decoder.feed(buffer);
    buffer.fill(0x7a); // "zzzzzzzz"
    decoder.feed(utf8('c\n\n'));
    expect(events.map((event) => event.data)).toEqual(['abc']);
  });

  test('Node Buffers and offset views are decoded like plain Uint8Arrays', () => {
    const backing = utf8('xxdata: a\r\n\r\nxx');
    const { events } = decode([Buffer.from('event: e\r'), Buffer.from('\nid: 1\n'), backing.subarray(2, backing.length - 2)]);
    expect(events).toEqual([{ type: 'e', data: 'a', lastEventId: '1' }]);
  });

  test('the last event ID persists across events and is not reset by a blank line', () => {
    const { events } = decode([utf8('id: 1\n\n\n\ndata: a\n\nevent: x\n\ndata: b\n\n')]);
    expect(events).toEqual([
      { type: 'message', data: 'a', lastEventId: '1' },
      { type: 'message', data: 'b', lastEventId: '1' },
    ]);
  });

  test('each event object is new, so a consumer may keep or mutate it', () => {
    const { events } = decode([utf8('data: a\n\ndata: a\n\n')]);
    expect(events[0]).not.toBe(events[1]);
  });

  test('maxBufferBytes must be a non-negative number', () => {
    for (const maxBufferBytes of [-1, Number.NaN, '10' as unknown as number]) {
      expect(() => createSSEDecoder({ onEvent: () => undefined }, { maxBufferBytes })).toThrow(RangeError);
    }
    expect(() => createSSEDecoder({ onEvent: () => undefined }, { maxBufferBytes: Infinity })).not.toThrow();
  });
});

describe('sse decoder on large inputs', () => {
  const bigData = 'x'.repeat(2 * 1024 * 1024);
  const bigEvent = utf8(`data: ${bigData}\n\n`);

  function inChunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
    return chunks;
  }

  test('a 2 MiB event fed in 1-byte chunks decodes correctly', () => {
    const { events } = decode(inChunksOf(bigEvent, 1));
    expect(events).toHaveLength(1);
    expect(events[0]!.data === bigData).toBe(true);
  });

  test('a 2 MiB event fed in 1536-byte chunks decodes correctly', () => {
    const { events } = decode(inChunksOf(bigEvent, 1536));
    expect(events).toHaveLength(1);
    expect(events[0]!.data === bigData).toBe(true);
  });

  test('a 2 MiB event of many data lines in CRLF fed in 1536-byte chunks decodes correctly', () => {
    const lines = Array.from({ length: 16 * 1024 }, (_, i) => `${i}`.padEnd(120, '.'));
    const { events } = decode(inChunksOf(utf8(`${lines.map((line) => `data: ${line}\r\n`).join('')}\r\n`), 1536));
    expect(events).toHaveLength(1);
    expect(events[0]!.data === lines.join('\n')).toBe(true);
  });

  test('a 2 MiB multibyte event split inside UTF-8 sequences decodes correctly', () => {
    const text = '你好👋é'.repeat(200_000);
    const { events } = decode(inChunksOf(utf8(`data: ${text}\n\n`), 1535));
    expect(events[0]!.data === text).toBe(true);
  });

  test('one chunk holding 100k short events decodes every event', () => {
    const stream = Array.from({ length: 100_000 }, (_, i) => `data: ${i}\n\n`).join('');
    const { events } = decode([utf8(stream)]);
    expect(events).toHaveLength(100_000);
    expect(events[99_999]!.data).toBe('99999');
  });

  test('one chunk of 100k colon-less lines decodes', () => {
    const { events } = decode([utf8(`${'data\n'.repeat(100_000)}\n`)]);
    expect(events[0]!.data).toBe('\n'.repeat(99_999));
  });
});
