// A ReadableStream has no size to check before sending, so the 64 MiB limit is counted while it
// streams: one byte past it, the body errors, fetch aborts the request (the server never sees
// the end of the body, so nothing is stored), the source is cancelled, nothing is retried, and
// the call fails with FileUploadError 'too_large'.
import { expect, test } from 'vitest';
import { FileUploadError, Files } from '../../src/index';
import { clientFor, sendJson, useFaultServers } from '../helpers/fault-server';
import { fileObject, image, MiB } from '../helpers/files';

const serve = useFaultServers();

test('a stream one byte over 64 MiB is aborted mid-upload with FileUploadError too_large, and not retried', async () => {
  let received = 0;
  let ended = false;
  const server = await serve(
    (req, res) => {
      req.on('data', (chunk: Buffer) => void (received += chunk.length));
      req.on('end', () => {
        ended = true;
        sendJson(res, 200, fileObject());
      });
    },
    { readBody: false },
  );
  const client = clientFor(server, { maxRetries: 2, timeout: 60_000 }).with({ files: Files });
  const chunk = new Uint8Array(MiB);
  let pulled = 0;
  let cancelled: unknown;
  const source = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        // 64 MiB of 1 MiB chunks, then one more byte.
        if (pulled < 64) controller.enqueue(pulled === 0 ? image('png', MiB) : chunk);
        else if (pulled === 64) controller.enqueue(new Uint8Array(1));
        else controller.close();
        pulled++;
      },
      cancel(reason) {
        cancelled = reason;
      },
    },
    { highWaterMark: 0 },
  );

  const error = await client.files.create({ file: source, purpose: 'user_data' }).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(FileUploadError);
  expect((error as FileUploadError).reason).toBe('too_large');
  expect((error as Error).message).toBe("The stream passed 64 MiB, DeepSeek's limit per upload; the request was aborted and nothing was stored.");
  expect(cancelled).toBe(error);
  await (server.requests[0]?.closed ?? Promise.resolve());
  expect(server.requests).toHaveLength(1);
  expect(ended).toBe(false);
  expect(received).toBeLessThanOrEqual(64 * MiB + 1024);
}, 30_000);

test('exactly 64 MiB from a stream is sent whole', async () => {
  let received = 0;
  const server = await serve(
    (req, res) => {
      req.on('data', (chunk: Buffer) => void (received += chunk.length));
      req.on('end', () => sendJson(res, 200, fileObject({ bytes: 64 * MiB })));
    },
    { readBody: false },
  );
  const client = clientFor(server, { timeout: 60_000 }).with({ files: Files });
  const chunk = new Uint8Array(MiB);
  let pulled = 0;
  const source = new ReadableStream<Uint8Array>({ pull: (controller) => (pulled < 64 ? controller.enqueue(pulled++ === 0 ? image('png', MiB) : chunk) : controller.close()) }, { highWaterMark: 0 });

  await expect(client.files.create({ file: source, purpose: 'user_data' })).resolves.toMatchObject({ bytes: 64 * MiB });
  expect(received).toBeGreaterThan(64 * MiB);
}, 30_000);
