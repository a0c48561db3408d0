/**
 * `npm run docs`: builds the reference documentation into docs/:
 * - docs/http/index.html: the HTTP API reference rendered by Redocly from spec/openapi.yaml,
 *   self-contained (`--inlineBundle`), so it works offline and loads nothing from a CDN;
 * - docs/api/: the TypeScript API reference (TypeDoc) of `deepseek-fetch` and `deepseek-fetch/sse`;
 * - docs/index.html: a landing page linking both.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const docs = join(root, 'docs');
mkdirSync(join(docs, 'http'), { recursive: true });

const require = createRequire(import.meta.url);
const redocly = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
execFileSync(process.execPath, [redocly, 'build-docs', 'deepseek', '--inlineBundle', '-o', join(docs, 'http', 'index.html')], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'pipe'], // stderr carries Redocly's Node 20 banner; shown only on failure
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});

const typedoc = join(dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
execFileSync(process.execPath, [typedoc, '--logLevel', 'Warn'], { cwd: root, stdio: 'inherit' });

const { version } = require(join(root, 'package.json')) as { version: string };
writeFileSync(
  join(docs, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>deepseek-fetch ${version} reference</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
  a { color: #0969da; } li { margin: .5rem 0; } code { background: #f6f8fa; padding: .1rem .3rem; border-radius: 4px; }
</style>
</head>
<body>
<h1>deepseek-fetch ${version}</h1>
<p>A small, contract-first TypeScript SDK for the DeepSeek API.</p>
<ul>
  <li><a href="api/index.html">TypeScript API reference</a>: the <code>DeepSeek</code> client, streams, errors and helpers.</li>
  <li><a href="http/index.html">HTTP API reference</a>: every operation of <code>spec/openapi.yaml</code>, its schemas, examples and errors.</li>
</ul>
</body>
</html>
`,
);
console.log(`docs written to ${docs}`);
