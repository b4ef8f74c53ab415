import { defineConfig } from 'vitest/config';
import { pureAliases } from './electron.vite.config.ts';

export default defineConfig({
  resolve: { alias: pureAliases },
  test: {
    environment: 'node',
    include: [
      'src-main/**/*.test.ts',
      'src-preload/**/*.test.ts',
      'src-renderer/**/*.test.{ts,tsx}',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // e2e/ holds Playwright tests against headless mode; they are not vitest tests.
    exclude: ['e2e/**', 'node_modules/**', 'out/**', 'dist/**'],
  },
});
