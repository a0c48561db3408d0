// DeepSeek serves JSON error bodies as application/octet-stream (recorded on /responses; the
// Files API is expected to do the same). An upload refused that way is still a typed error with
// the server's message, type and param, and a 400 is not retried.
import { expect, test } from 'vitest';
import { BadRequestError, Files } from '../../src/index';
import { clientFor, sendJson, useFaultServers } from '../helpers/fault-server';
import { image } from '../helpers/files';

const serve = useFaultServers();

test('a 400 whose JSON body comes as application/octet-stream is a BadRequestError with the message, type and param', async () => {
  const body = { error: { message: 'Unsupported file format', type: 'invalid_request_error', param: 'file', code: 'invalid_request_error' } };
  const server = await serve((_req, res) => sendJson(res, 400, body, { 'content-type': 'application/octet-stream', 'x-ds-trace-id': 'trace-upload-1' }));
  const client = clientFor(server, { maxRetries: 2 }).with({ files: Files });

  const error = await client.files.create({ file: image('webp', 256), purpose: 'user_data' }).catch((reason: unknown) => reason);

  expect(error).toBeInstanceOf(BadRequestError);
  expect(error).toMatchObject({ status: 400, message: '400 Unsupported file format', type: 'invalid_request_error', param: 'file', traceId: 'trace-upload-1', body });
  expect(server.requests).toHaveLength(1);
});
