import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, test, expect } from 'vitest';
import { createSSEDecoder, type ServerSentEvent, type SSEDecoderOptions } from '../../src/sse/decoder';
import { StreamError } from '../../src/errors';

interface Outcome {
  events: ServerSentEvent[];
  retries: number[];
  comments: number;
  /** `kind` of the StreamError thrown, if any. */
  error?: string;
}

function decode(chunks: Uint8Array[], options?: SSEDecoderOptions): Outcome {
  const outcome: Outcome = { events: [], retries: [], comments: 0 };
  const decoder = createSSEDecoder(
    {
      onEvent: (event) => void outcome.events.push(event),
      onRetry: (ms) => void outcome.retries.push(ms),
      onComment: () => void outcome.comments++,
    },
    options,
  );
  try {
    for (const chunk of chunks) decoder.feed(chunk);
    decoder.end();
  } catch (error) {
    if (!(error instanceof StreamError)) throw error;
    outcome.error = error.kind;
  }
  return outcome;
}

/**
 * A second, deliberately naive reading of WHATWG HTML 9.2.6: decode everything at once (the
 * platform TextDecoder strips the BOM), split into lines one character at a time, then apply
 * the field rules to spec-shaped buffers (the data buffer really ends in LF here).
 */
function reference(bytes: Uint8Array): Outcome {
  const text = new TextDecoder('utf-8').decode(bytes);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\r' || char === '\n') {
      lines.push(line);
      line = '';
      if (char === '\r' && text[i + 1] === '\n') i++;
    } else {
      line += char;
    }
  }
  // The unterminated remainder in `line` is pending data, discarded at end of file.
  const outcome: Outcome = { events: [], retries: [], comments: 0 };
  let data = '';
  let type = '';
  let idBuffer = '';
  for (const current of lines) {
    if (current === '') {
      if (data === '') {
        type = '';
        continue;
      }
      if (data.endsWith('\n')) data = data.slice(0, -1);
      outcome.events.push({ type: type === '' ? 'message' : type, data, lastEventId: idBuffer });
      data = '';
      type = '';
      continue;
    }
    if (current.startsWith(':')) {
      outcome.comments++;
      continue;
    }
    const colon = current.indexOf(':');
    const field = colon === -1 ? current : current.slice(0, colon);
    let value = colon === -1 ? '' : current.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data += `${value}\n`;
    else if (field === 'id') {
      if (!value.includes('\0')) idBuffer = value;
    } else if (field === 'retry') {
      if (value !== '' && [...value].every((char) => char >= '0' && char <= '9')) outcome.retries.push(parseInt(value, 10));
    }
  }
  return outcome;
}

const encoder = new TextEncoder();

// Pieces of text that stress the rules: separators, colons, spaces, NUL, BOM, multibyte text.
const textUnit = fc.constantFrom(
  'a', 'b', 'z', '0', '7', '9', ' ', '  ', ':', '\t', '\0', '-', '{', '"', '[DONE]',
  'é', '你', '😀', '\u2028', '\u0085', '\u000b', '\ufeff', 'data', 'id',
);
const value = fc.string({ unit: textUnit, maxLength: 6 });
const fieldName = fc.constantFrom('data', 'data', 'data', 'event', 'id', 'retry', 'Data', 'dat', 'data ', ' data', 'foo', '\ufeffdata');
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fieldName, value).map(([name, text]) => `${name}: ${text}`) },
  { weight: 3, arbitrary: fc.tuple(fieldName, value).map(([name, text]) => `${name}:${text}`) },
  { weight: 1, arbitrary: fieldName },
  { weight: 2, arbitrary: fc.constantFrom('retry: 1000', 'retry: 03000', 'retry:5', 'retry: 1x') },
  { weight: 2, arbitrary: value.map((text) => `:${text}`) },
  { weight: 4, arbitrary: fc.constant('') },
);
const lineEnd = fc.constantFrom('\n', '\r', '\r\n');
/** A stream as bytes: lines with mixed line ends, an optional BOM, raw (often invalid) bytes, an optional unterminated tail. */
const stream = fc
  .record({
    bom: fc.constantFrom(0, 0, 1, 2),
    lines: fc.array(fc.tuple(line, lineEnd), { maxLength: 24 }),
    raw: fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 3 })), { maxLength: 2 }),
    tail: fc.option(line, { nil: undefined }),
  })
  .map(({ bom, lines, raw, tail }) => {
    const text = lines.map(([content, end]) => content + end).join('') + (tail ?? '');
    let bytes = Uint8Array.from([...Array.from({ length: bom }).flatMap(() => [0xef, 0xbb, 0xbf]), ...encoder.encode(text)]);
    for (const [at, insert] of raw) {
      const offset = bytes.length === 0 ? 0 : at % (bytes.length + 1);
      bytes = Uint8Array.from([...bytes.subarray(0, offset), ...insert, ...bytes.subarray(offset)]);
    }
    return bytes;
  });
/** Cut offsets for a chunking; they may repeat, so empty chunks occur. */
const cuts = fc.array(fc.nat(), { maxLength: 12 });

function chunk(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const sorted = offsets.map((offset) => offset % (bytes.length + 1)).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const offset of sorted) {
    chunks.push(bytes.slice(previous, offset));
    previous = offset;
  }
  chunks.push(bytes.slice(previous));
  return chunks;
}

describe('sse decoder properties', () => {
  test('any chunking of any stream yields the same events, retries and comments as the whole stream', () => {
    fc.assert(
      fc.property(stream, cuts, (bytes, offsets) => {
        expect(decode(chunk(bytes, offsets))).toEqual(decode([bytes]));
      }),
      { numRuns: 1000 },
    );
  });

  test('byte-by-byte delivery of any stream equals whole delivery', () => {
    fc.assert(
      fc.property(stream, (bytes) => {
        expect(decode(Array.from(bytes, (byte) => Uint8Array.of(byte)))).toEqual(decode([bytes]));
      }),
      { numRuns: 300 },
    );
  });

  test('the decoder agrees with a naive reference reading of the spec', () => {
    fc.assert(
      fc.property(stream, cuts, (bytes, offsets) => {
        expect(decode(chunk(bytes, offsets))).toEqual(reference(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  test('whether the size cap is crossed, and which events come before it, does not depend on chunking', () => {
    fc.assert(
      fc.property(stream, cuts, fc.integer({ min: 0, max: 64 }), (bytes, offsets, maxBufferBytes) => {
        const whole = decode([bytes], { maxBufferBytes });
        expect(decode(chunk(bytes, offsets), { maxBufferBytes })).toEqual(whole);
        if (whole.error !== undefined) expect(whole.error).toBe('size_limit');
      }),
      { numRuns: 1000 },
    );
  });

  test('a cap larger than the stream never changes the result', () => {
    fc.assert(
      fc.property(stream, cuts, (bytes, offsets) => {
        expect(decode(chunk(bytes, offsets), { maxBufferBytes: bytes.length })).toEqual(reference(bytes));
      }),
      { numRuns: 300 },
    );
  });
});

describe('sse reference model', () => {
  const { vectors } = JSON.parse(readFileSync(new URL('../fixtures/sse-vectors.json', import.meta.url), 'utf8')) as {
    vectors: { id: string; input?: string; inputBytes?: (number | string)[]; events: ServerSentEvent[]; retries: number[]; comments?: number }[];
  };

  test('the reference model agrees with every hand-written vector, so the vectors and the model check each other', () => {
    for (const vector of vectors) {
      const bytes = vector.input !== undefined
        ? encoder.encode(vector.input)
        : Uint8Array.from((vector.inputBytes ?? []).flatMap((part) => (typeof part === 'number' ? [part] : [...encoder.encode(part)])));
      const outcome = reference(bytes);
      expect(outcome.events, vector.id).toEqual(vector.events);
      expect(outcome.retries, vector.id).toEqual(vector.retries);
      if (vector.comments !== undefined) expect(outcome.comments, vector.id).toBe(vector.comments);
    }
  });
});
