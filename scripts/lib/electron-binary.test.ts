import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.mjs';

// A throwaway project with a fake node_modules/electron, laid out as the electron package does.
let root: string;
let electronDir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'iotmp-electron-'));
  writeFileSync(join(root, 'package.json'), '{"name":"probe"}');
  electronDir = join(root, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  writeFileSync(join(electronDir, 'package.json'), '{"name":"electron","main":"index.js"}');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('Electron binary detection', () => {
  it('finds nothing when the electron package is not installed', () => {
    rmSync(electronDir, { recursive: true });
    expect(findElectronBinary(root, {})).toBeNull();
  });

  it('finds nothing when the download was skipped (no path.txt)', () => {
    expect(findElectronBinary(root, {})).toBeNull();
  });

  it('finds nothing when path.txt names a file that is not there', () => {
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toBeNull();
  });

  it('finds the executable path.txt names inside dist/', () => {
    writeFileSync(join(electronDir, 'path.txt'), 'electron');
    mkdirSync(join(electronDir, 'dist'));
    writeFileSync(join(electronDir, 'dist', 'electron'), '');
    expect(findElectronBinary(root, {})).toBe(join(electronDir, 'dist', 'electron'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const dist = join(root, 'custom-dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toBe(
      join(dist, 'electron'),
    );
  });
});
