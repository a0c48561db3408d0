import { defineConfig } from 'tsdown';

// Three public entry points, each as ESM + CJS with type declarations: the client
// (`deepseek-fetch`), the SSE decoder (`deepseek-fetch/sse`) and the typed openapi-fetch client
// (`deepseek-fetch/openapi`). `openapi-fetch` is a dependency, so it stays external and is
// installed once for the user's whole app.
export default defineConfig({
  entry: { index: 'src/index.ts', sse: 'src/sse/index.ts', openapi: 'src/openapi.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  outDir: 'dist',
});
