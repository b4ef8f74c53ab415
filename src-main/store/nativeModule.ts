/**
 * better-sqlite3 is a native module built for one V8 ABI: built for Node (tests, headless mode)
 * it cannot load in Electron, and the other way round. Node's own message ("was compiled against
 * a different Node.js version using NODE_MODULE_VERSION 115 …") does not say what to do; this
 * one does. `npm start`, `npm run serve` and `npm test` rebuild for the runtime they run
 * (scripts/lib/native-abi.mjs), so this shows only when something else started the app.
 */
export class NativeModuleError extends Error {
  override name = 'NativeModuleError';
}

const ABI_MISMATCH = /NODE_MODULE_VERSION (\d+)[\s\S]*NODE_MODULE_VERSION (\d+)/;

/** A clear error for an ABI mismatch; any other error as it was. */
export function explainNativeLoad(e: unknown, module = 'better-sqlite3'): unknown {
  const m = e instanceof Error ? ABI_MISMATCH.exec(e.message) : null;
  if (!m) return e;
  const runtime = process.versions['electron']
    ? `Electron ${process.versions['electron']}`
    : `Node ${process.versions.node}`;
  return new NativeModuleError(
    `${module} is built for another runtime (ABI ${m[1]}; ${runtime} needs ABI ${m[2]}). ` +
      '`npm start` and `npm test` rebuild it for the runtime they run; by hand: ' +
      `\`npm rebuild ${module}\` for Node, \`npx electron-builder install-app-deps\` for Electron`,
    { cause: e },
  );
}
