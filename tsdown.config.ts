import { defineConfig } from 'tsdown';

// Two public entry points: the client (`deepseek-fetch`) and the SSE decoder
// (`deepseek-fetch/sse`), each as ESM + CJS with type declarations. `openapi-fetch` is a
// dependency, so it stays external and is installed once for the user's whole app.
export default defineConfig({
  entry: { index: 'src/index.ts', sse: 'src/sse/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  outDir: 'dist',
});
