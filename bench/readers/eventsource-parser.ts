/**
 * `fetch` + eventsource-parser, as an async generator of parsed chunks: its documented push
 * parser (`createParser` + `feed`) behind a `TextDecoder`, the events of each read queued and
 * yielded in order, stopping at `[DONE]`. (`EventSourceParserStream` would add two
 * TransformStreams per response; the push parser is what a careful user picks for speed.)
 *
 * Shared by the benchmark's eventsource-parser client and its browser-bundle entry.
 */
import { createParser } from 'eventsource-parser';

export async function* eventSourceParserChunks<Chunk>(body: ReadableStream<Uint8Array>): AsyncGenerator<Chunk, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const messages: string[] = [];
  const parser = createParser({ onEvent: (event) => void messages.push(event.data) });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended without data: [DONE]');
      parser.feed(decoder.decode(value, { stream: true }));
      for (const data of messages) {
        if (data === '[DONE]') return;
        yield JSON.parse(data) as Chunk;
      }
      messages.length = 0;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * `fetch` + eventsource-parser for named events (`POST /responses`): the same push parser, each
 * event's data parsed and yielded in order, stopping after the payload whose `type` is terminal
 * (there is no `[DONE]`).
 */
export async function* eventSourceParserNamedEvents<Event extends { type: string }>(body: ReadableStream<Uint8Array>, terminalTypes: ReadonlySet<string>): AsyncGenerator<Event, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const messages: string[] = [];
  const parser = createParser({ onEvent: (event) => void messages.push(event.data) });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended without a terminal event');
      parser.feed(decoder.decode(value, { stream: true }));
      for (const data of messages) {
        const event = JSON.parse(data) as Event;
        yield event;
        if (terminalTypes.has(event.type)) return;
      }
      messages.length = 0;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
