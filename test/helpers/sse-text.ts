/**
 * A deliberately simple, independent reading of an SSE body held in memory: the data
 * payload of each event, in order. Tests use it as the reference the SDK is compared with,
 * so it shares no code with src/sse.
 */
export function sseDataPayloads(text: string): string[] {
  const payloads: string[] = [];
  let data: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length > 0) payloads.push(data.join('\n'));
      data = [];
    } else if (line.startsWith('data:')) {
      data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
  }
  return payloads;
}
