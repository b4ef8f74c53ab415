import { describe, expect, it } from 'vitest';
import { explainNativeLoad, NativeModuleError } from './nativeModule';

describe('explainNativeLoad', () => {
  it("turns Node's ABI mismatch into an error that says how to rebuild", () => {
    const node = new Error(
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
        'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This ' +
        'version of Node.js requires\nNODE_MODULE_VERSION 145. Please try re-compiling',
    );
    const e = explainNativeLoad(node);
    expect(e).toBeInstanceOf(NativeModuleError);
    expect((e as Error).message).toMatch(/ABI 115; Node .* needs ABI 145/);
    expect((e as Error).message).toContain('npm rebuild better-sqlite3');
    expect((e as Error).cause).toBe(node);
  });

  it('leaves every other error as it was', () => {
    const other = new Error('SQLITE_CANTOPEN');
    expect(explainNativeLoad(other)).toBe(other);
  });
});
