import { defineConfig } from 'vitest/config';
import { pureAliases } from './electron.vite.config.ts';

export default defineConfig({
  resolve: { alias: pureAliases },
  test: {
    environment: 'node',
    // Component tests opt into jsdom per file (`// @vitest-environment jsdom`).
    setupFiles: ['src-renderer/testing/setup.ts'],
    include: [
      'src-main/**/*.test.ts',
      'src-preload/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
      // Chromium against headless mode (playwright-core); needs `npm run build` first.
      'e2e/**/*.e2e.test.ts',
    ],
    exclude: ['node_modules/**', 'out/**', 'dist/**'],
    // CI is 2 cores and often loaded: a test that spawns a process (the iotmp CLI, avrdude) can
    // take 5 s there with nothing wrong. Hangs are still caught, 4× later than vitest's default.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The same for expect.poll in the Chromium tests: a UI step can take seconds on such a host.
    expect: { poll: { timeout: 8_000 } },
  },
});
