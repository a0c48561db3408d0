/**
 * The floor: what a careful user writes without a library, as an async generator of parsed
 * chunks. Decode UTF-8 incrementally (a character may be cut between reads), split on blank
 * lines, keep `data: ` events (comments such as `: keep-alive` fall out), parse the JSON, stop
 * at `[DONE]`. DeepSeek sends one `data:` line per event and `\n` line ends, which is all this
 * handles: it is the least work any client must do, not a general SSE parser.
 *
 * Shared by the benchmark's floor client and the floor's browser-bundle entry.
 */
export async function* floorChunks<Chunk>(body: ReadableStream<Uint8Array>): AsyncGenerator<Chunk, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended without data: [DONE]');
      buffer += decoder.decode(value, { stream: true });
      // One slice per read, not per event: a bulk read holds hundreds of events.
      let start = 0;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
        const event = buffer.slice(start, end);
        start = end + 2;
        if (!event.startsWith('data: ')) continue;
        const data = event.slice(6);
        if (data === '[DONE]') return;
        yield JSON.parse(data) as Chunk;
      }
      buffer = buffer.slice(start);
    }
  } finally {
    reader.cancel().catch(() => undefined); // after [DONE], or when the consumer stopped early
  }
}

/**
 * The floor for named events (`POST /responses`): the same loop, but each event is an
 * `event: <type>` line and a `data: ` line, and the stream ends after the payload whose `type`
 * is terminal (there is no `[DONE]`). The `data: ` line is found in the event and parsed; the
 * `event:` line is not read (the payload names its type).
 */
export async function* floorNamedEvents<Event extends { type: string }>(body: ReadableStream<Uint8Array>, terminalTypes: ReadonlySet<string>): AsyncGenerator<Event, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended without a terminal event');
      buffer += decoder.decode(value, { stream: true });
      let start = 0;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
        const data = buffer.indexOf('data: ', start);
        start = end + 2;
        if (data === -1 || data > end) continue;
        const event = JSON.parse(buffer.slice(data + 6, end)) as Event;
        yield event;
        if (terminalTypes.has(event.type)) return;
      }
      buffer = buffer.slice(start);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
