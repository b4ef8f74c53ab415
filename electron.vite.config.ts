import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

// The pure folders of src-main are shared with the preload and the renderer through these aliases
// (the same ones are declared in both tsconfigs and in vitest.config.ts).
export const pureAliases = {
  '@protocol': resolve(root, 'src-main/protocol'),
  '@contract': resolve(root, 'src-main/contract'),
};

export default defineConfig({
  main: {
    resolve: { alias: pureAliases },
    build: {
      outDir: 'out/main',
      // ESM is fine for the main process ("type": "module"); out/main/index.js is package.json "main".
      // headless.js (headless mode, `npm start` without Electron) and cli.js (the `iotmp` command)
      // are built beside it, so nothing runs TypeScript at run time (no tsx in dependencies).
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          headless: resolve(root, 'src-main/headless.ts'),
          cli: resolve(root, 'src-main/cli/main.ts'),
        },
        // Shared chunks beside the entries: paths built from import.meta.url (the web console's
        // folder, the spec traces) resolve the same from every file of out/main.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    resolve: { alias: pureAliases },
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but 'electron': bundle its dependencies (zod,
      // through the contract) instead of leaving require() calls to node_modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // A sandboxed preload cannot be an ES module: emit CommonJS with an explicit .cjs extension,
        // because package.json "type": "module" would make a .js file ESM.
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: 'chunks/[name]-[hash].cjs',
        },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    resolve: { alias: pureAliases },
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
