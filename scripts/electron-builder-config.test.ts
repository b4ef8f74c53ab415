import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Packaging cannot run in CI (electron-builder downloads Electron), so at least hold
// electron-builder.yml to electron-builder's own schema and to the targets we promise.
const root = join(import.meta.dirname, '..');
// Loaded through require, so these internals of electron-builder come back untyped (any).
const require = createRequire(join(root, 'package.json'));
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util/out/DebugLogger');

describe('electron-builder.yml', () => {
  it("matches electron-builder's schema and builds AppImage, deb, NSIS and dmg from out/", async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.productName).toBe('IoTMP Studio');
    expect(config.directories.buildResources).toBe('resources');
    expect(config.files[0].filter).toContain('out/**/*'); // getConfig normalises `files`
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('flips the Electron fuses that would turn the app into a general-purpose Node.js', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
});
