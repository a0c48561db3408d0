// Uploads whose body can be sent again (a Blob, a file on disk via toFile(path), bytes) follow
// the normal retry policy: after a 503, or a connection reset in the middle of the body, the
// next attempt re-sends the whole file, and the server ends up with every byte, in order.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Files, toFile, type Uploadable } from '../../src/index';
import { breaksAfter, clientFor, sendJson, useFaultServers, type FaultHandler } from '../helpers/fault-server';
import { fileObject, fingerprint, image, MiB, parseMultipart } from '../helpers/files';

const serve = useFaultServers();
const dir = mkdtempSync(join(tmpdir(), 'deepseek-fetch-upload-retry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unavailable: FaultHandler = (_req, res) => sendJson(res, 503, { error: { message: 'Server Overloaded', type: 'server_error' } }, { 'retry-after-ms': '0' });
const stored: FaultHandler = (_req, res) => sendJson(res, 200, fileObject());

const bytes = image('png', 3 * MiB);
const inputs: [string, () => Promise<Uploadable>][] = [
  ['bytes', async () => bytes],
  ['a Blob', async () => new Blob([bytes], { type: 'image/png' })],
  [
    'a file on disk (toFile(path))',
    async () => {
      const path = join(dir, 'retry.png');
      writeFileSync(path, bytes);
      return toFile(path);
    },
  ],
];

describe.each(inputs)('%s', (_what, input) => {
  test('a 503 is retried, and the retry carries the whole file again', async () => {
    const server = await serve([unavailable, stored]);
    const client = clientFor(server, { maxRetries: 2 }).with({ files: Files });

    await expect(client.files.create({ file: await input(), purpose: 'user_data' })).resolves.toEqual(fileObject());

    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      const sent = await parseMultipart(request.raw, request.headers['content-type']);
      expect(fingerprint(sent.file?.bytes)).toBe(fingerprint(bytes));
      expect(sent.fields.purpose).toBe('user_data');
    }
  });

  test('a connection reset in the middle of the body is retried, and the server gets the complete file on the second attempt', async () => {
    const bodies: Buffer[] = [];
    const first = breaksAfter(256 * 1024);
    const server = await serve(
      [
        first,
        async (req, res) => {
          const parts: Buffer[] = [];
          for await (const part of req) parts.push(part as Buffer);
          bodies.push(Buffer.concat(parts));
          sendJson(res, 200, fileObject());
        },
      ],
      { readBody: false },
    );
    const client = clientFor(server, { maxRetries: 2 }).with({ files: Files });

    await client.files.create({ file: await input(), purpose: 'user_data' });

    expect(first.received()).toBeGreaterThan(256 * 1024);
    expect(first.received()).toBeLessThan(bytes.byteLength);
    expect(server.requests).toHaveLength(2);
    expect(fingerprint((await parseMultipart(bodies[0]!, server.requests[1]!.headers['content-type'])).file?.bytes)).toBe(fingerprint(bytes));
  });
});
