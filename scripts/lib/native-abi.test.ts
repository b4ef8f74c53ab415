/**
 * The native-module bookkeeping `npm start` / `npm test` do, in a throwaway project with a fake
 * Electron (this machine cannot download one): which runtime the modules are built for, and the
 * exact rebuild commands it would run when switching. The commands are recorded, not run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary.mjs';
import {
  ABI_STAMP,
  electronTarget,
  ensureNativeFor,
  nodeTarget,
  type NativeTarget,
} from './native-abi.mjs';

let root: string;
let ran: string[][];
const io = (status = 0, probe = true) => ({
  run: (argv: string[]) => {
    ran.push(argv);
    return status;
  },
  log: () => {},
  probe: () => probe,
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'iotmp-abi-'));
  ran = [];
  writeFileSync(join(root, 'package.json'), '{"name":"probe"}');
  // A fake Electron 41.7.1 with its binary in dist/, and @electron/rebuild, as npm lays them out.
  const electron = join(root, 'node_modules', 'electron');
  mkdirSync(join(electron, 'dist'), { recursive: true });
  writeFileSync(join(electron, 'package.json'), '{"name":"electron","version":"41.7.1"}');
  writeFileSync(join(electron, 'path.txt'), 'electron');
  writeFileSync(join(electron, 'dist', 'electron'), '#!/bin/sh\n');
  const rebuild = join(root, 'node_modules', '@electron', 'rebuild');
  mkdirSync(join(rebuild, 'lib'), { recursive: true });
  writeFileSync(join(rebuild, 'package.json'), '{"name":"@electron/rebuild"}');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const stamp = () => readFileSync(join(root, ABI_STAMP), 'utf8').trim();
const node: NativeTarget = nodeTarget({ ...process.versions, modules: '115' });

describe('native module ABI bookkeeping', () => {
  it('after npm ci (no stamp, loads in Node) records Node and rebuilds nothing', () => {
    expect(ensureNativeFor(root, node, io())).toBe('ready');
    expect(ran).toEqual([]);
    expect(stamp()).toBe('node-abi115');
  });

  it('switching to the Electron app rebuilds with @electron/rebuild for its version, once', () => {
    ensureNativeFor(root, node, io());
    expect(findElectronBinary(root, {})).toBe(join(root, 'node_modules/electron/dist/electron'));
    const electron = electronTarget(root);
    expect(electron).toEqual({ runtime: 'electron', version: '41.7.1' });
    expect(ensureNativeFor(root, electron, io())).toBe('rebuilt');
    expect(ran).toEqual([
      [
        process.execPath,
        join(root, 'node_modules/@electron/rebuild/lib/cli.js'),
        '--version',
        '41.7.1',
        '--only',
        'better-sqlite3,@serialport/bindings-cpp',
        '--force',
        '--module-dir',
        root,
      ],
    ]);
    expect(stamp()).toBe('electron-41.7.1');
    expect(ensureNativeFor(root, electron, io())).toBe('ready');
    expect(ran).toHaveLength(1);
  });

  it('back to the tests (Node) after the app rebuilds for Node', () => {
    ensureNativeFor(root, electronTarget(root), io());
    ran = [];
    expect(ensureNativeFor(root, node, io())).toBe('rebuilt');
    expect(ran).toEqual([['npm', 'rebuild', 'better-sqlite3', '@serialport/bindings-cpp']]);
    expect(stamp()).toBe('node-abi115');
  });

  it('a Node upgrade (another ABI) rebuilds too', () => {
    ensureNativeFor(root, node, io());
    expect(ensureNativeFor(root, nodeTarget({ ...process.versions, modules: '127' }), io())).toBe(
      'rebuilt',
    );
    expect(stamp()).toBe('node-abi127');
  });

  it('no stamp and no load in Node: rebuilds for Node instead of guessing', () => {
    expect(ensureNativeFor(root, node, io(0, false))).toBe('rebuilt');
    expect(ran).toHaveLength(1);
  });

  it('a failed rebuild says which command failed and keeps the old stamp', () => {
    ensureNativeFor(root, node, io());
    expect(() => ensureNativeFor(root, electronTarget(root), io(1))).toThrow(
      /rebuilding the native modules for electron-41.7.1 failed \(exit 1\)/,
    );
    expect(stamp()).toBe('node-abi115');
  });
});
