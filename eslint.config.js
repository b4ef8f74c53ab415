// @ts-check
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';
import { layerElements, layerPolicies } from './eslint.layers.js';

// Every Node built-in, bare and with the node: prefix (fs, fs/promises, net, timers, …).
const nodeBuiltins = [...new Set([...builtinModules, 'fs/promises', 'timers/promises'])].filter(
  (name) => !name.startsWith('_'),
);

const PURE =
  'protocol code is pure: IOTMP codec and state machines take bytes and return values; I/O lives in adapters';
const RENDERER =
  'renderer code runs in a sandboxed browser page (Electron or the headless web console): reach main-process services through the API client, never Node';

/** no-restricted-imports options that forbid Node built-ins and I/O packages, with `message`. */
function forbidIoImports(message, extra = []) {
  return {
    paths: [...nodeBuiltins, 'electron', 'serialport', 'ws', 'better-sqlite3', ...extra].map(
      (name) => ({ name, message }),
    ),
    patterns: [
      { group: ['node:*'], message },
      { group: ['electron/*', '@serialport/*'], message },
    ],
  };
}

/** The same modules through dynamic import(), which no-restricted-imports does not see. */
function forbidDynamicIoImports(message) {
  const names = [...nodeBuiltins, 'electron', 'serialport', 'ws', 'better-sqlite3'];
  const alternation = names.map((n) => n.replace(/[/.]/g, '\\$&')).join('|');
  return {
    selector: `ImportExpression[source.value=/^(node:.*|(${alternation})(\\/.*)?|@serialport\\/.*)$/]`,
    message,
  };
}

export default defineConfig(
  globalIgnores([
    'out/',
    'dist/',
    'node_modules/',
    '.cache/',
    'coverage/',
    'test-results/',
    'playwright-report/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,

  // Node-side code and tooling.
  {
    files: ['**/*.{js,mjs,cjs,ts}'],
    ignores: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Only src-main/electron/ and the Electron entry may talk to Electron; services stay usable
  // from headless mode.
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**', 'src-main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'only src-main/electron/ and src-main/index.ts import electron: services must also run in headless mode',
            },
          ],
          patterns: [
            {
              group: ['electron/*'],
              message: 'only src-main/electron/ and src-main/index.ts import electron',
            },
          ],
        },
      ],
    },
  },

  // Pure folders: the codec, message state machines and the contract. Shared with the renderer
  // through @protocol/* and @contract/*, so no Node, no Electron, no timers, no I/O packages.
  // Tests may read fixture files, so they are exempt (the fuzz runner lives in conformance/).
  {
    files: [
      'src-main/protocol/**/*.ts',
      'src-main/contract/**/*.ts',
      'src-main/flash/protocol/**/*.ts',
      'src-main/provision/protocol/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', forbidIoImports(PURE)],
      'no-restricted-syntax': ['error', forbidDynamicIoImports(PURE)],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval'].map(
          (name) => ({ name, message: `${PURE} (inject a Clock instead of using ${name})` }),
        ),
        ...['process', 'Buffer', 'require', 'global', '__dirname', '__filename'].map((name) => ({
          name,
          message: `${PURE} (use Uint8Array and plain values, not ${name})`,
        })),
      ],
    },
  },

  // The renderer: browser globals, React hooks rules, and no way to reach Node.
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    extends: [reactHooks.configs.flat['recommended-latest']],
    rules: {
      'no-restricted-imports': ['error', forbidIoImports(RENDERER)],
      'no-restricted-syntax': ['error', forbidDynamicIoImports(RENDERER)],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'global', '__dirname', '__filename'].map((name) => ({
          name,
          message: RENDERER,
        })),
      ],
    },
  },

  // No `!` non-null assertions in source (issue 14 §5): a value that can be missing gets a check
  // with a clear error, one that cannot gets a type that says so (a tuple, one `Map.get` and a
  // check, `for…of`), or contract/present's at/first/last/present, which name what was missing.
  // Tests and test helpers may assert; no source folder is exempt.
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**', '**/testing*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },

  // Import direction between folders (eslint.layers.js, docs/architecture.md "Layers"): no back
  // edges. Tests and testing/ helpers may reach across layers to build real services.
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**', '**/testing*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layerElements(),
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies() }],
      // A new folder gets a row in the table before it is used.
      'boundaries/no-unknown-files': 'error',
    },
  },
);
