// Fault row 10: one huge event. An 8 MiB delta arriving in 64 KiB pieces is delivered intact;
// an event that grows past the decoder's cap (16 MiB by default) fails with `StreamError` kind
// 'size_limit' after the chunks before it, and the request is cancelled.
import { expect, test } from 'vitest';
import { StreamError } from '../../src/index';
import {
  answerChunks,
  chatChunk,
  chatRequest,
  clientFor,
  consume,
  DONE,
  sseEvent,
  startSse,
  useFaultServers,
  writeForever,
  writePieces,
} from '../helpers/fault-server';

const serve = useFaultServers();
const MiB = 1024 * 1024;

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

test('an 8 MiB content delta sent in 64 KiB pieces arrives as one intact chunk', async () => {
  const [role, , , finish] = answerChunks();
  const big = chatChunk({ content: 'abcdefgh'.repeat(MiB) }); // 8 MiB of ASCII
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(role), ...pieces(sseEvent(big), 64 * 1024), sseEvent(finish), DONE]);
    res.end();
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks, error } = await consume(stream);

  expect(error).toBeUndefined();
  expect(chunks).toHaveLength(3);
  expect(chunks[1]?.choices[0]?.delta.content).toHaveLength(8 * MiB);
  expect(chunks[1]).toEqual(big);
  const completion = await stream.finalCompletion();
  expect(completion.choices[0]?.message.content).toBe(big.choices[0]!.delta.content);
});

test('an event that never ends fails with StreamError size_limit after the chunks before it, and the request is cancelled', async () => {
  const [role, first] = answerChunks();
  const server = await serve(async (_req, res) => {
    startSse(res);
    await writePieces(res, [sseEvent(role), sseEvent(first), 'data: {"choices":[{"index":0,"delta":{"content":"']);
    await writeForever(res, 'x'.repeat(64 * 1024));
  });
  const stream = await clientFor(server).chat.completions.create({ ...chatRequest, stream: true });

  const { chunks, error } = await consume(stream);

  expect(chunks).toEqual([role, first]);
  expect(error).toBeInstanceOf(StreamError);
  expect((error as StreamError).kind).toBe('size_limit');
  expect((error as Error).message).not.toContain('xxxx');
  expect(await server.requests[0]!.closed).toEqual({ completed: false });
});
