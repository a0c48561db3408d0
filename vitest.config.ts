import { defineConfig } from 'vitest/config';

// Projects, so each suite's name shows in the output and only the contract suite pays for
// starting Prism. `npm test` runs unit, fidelity, contract and types; the docs project needs the built
// docs and Debian's Chromium, and runs in CI (`npm run test:docs`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/faults/**/*.test.ts', 'test/client/**/*.test.ts', 'test/stream/**/*.test.ts', 'test/toolkit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'fidelity',
          include: ['test/fidelity/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'contract',
          include: ['test/contract/**/*.test.ts'],
          globalSetup: ['test/contract/prism.global-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'docs',
          include: ['test/docs/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'types',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: './tsconfig.test.json',
          },
        },
      },
    ],
  },
});
