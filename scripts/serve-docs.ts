/**
 * `npm run docs:serve`: builds nothing, serves docs/ (run `npm run docs` first) on
 * http://127.0.0.1:8080 (or $PORT) until Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveDirectory } from './static-server';

const root = resolve(import.meta.dirname, '..', 'docs');
if (!existsSync(resolve(root, 'index.html'))) {
  console.error('docs/ is empty: run `npm run docs` first.');
  process.exit(1);
}
const { url } = await serveDirectory(root, Number(process.env.PORT ?? 8080));
console.log(`Serving the reference docs on ${url}/ (HTTP API: ${url}/http/). Ctrl-C stops it.`);
