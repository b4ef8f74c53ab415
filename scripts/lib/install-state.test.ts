import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STAMP_FILE, fileHash, installReason } from './install-state.mjs';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'iotmp-install-'));
  writeFileSync(join(root, 'package.json'), '{"name":"probe"}');
  writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function setMtime(file: string, secondsSinceEpoch: number) {
  utimesSync(file, secondsSinceEpoch, secondsSinceEpoch);
}

describe('whether npm dependencies must be installed', () => {
  it('installs when node_modules is missing', () => {
    expect(installReason(root)).toBe('node_modules is missing');
  });

  it('is up to date when the stamp holds the lockfile hash', () => {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, STAMP_FILE), `${fileHash(join(root, 'package-lock.json'))}\n`);
    expect(installReason(root)).toBeNull();
  });

  it('installs again when the lockfile changed since the stamp was written', () => {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, STAMP_FILE), `${fileHash(join(root, 'package-lock.json'))}\n`);
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    expect(installReason(root)).toBe('package-lock.json changed since the last install');
  });

  it("without a stamp, trusts npm's own record only when it is not older than the lockfile", () => {
    mkdirSync(join(root, 'node_modules'));
    const record = join(root, 'node_modules', '.package-lock.json');
    writeFileSync(record, '{}');
    setMtime(join(root, 'package-lock.json'), 2_000_000_000);
    setMtime(record, 1_000_000_000);
    expect(installReason(root)).toBe('node_modules is older than package-lock.json');
    setMtime(record, 2_000_000_001);
    expect(installReason(root)).toBeNull();
  });

  it('hashes package.json when there is no lockfile', () => {
    rmSync(join(root, 'package-lock.json'));
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, STAMP_FILE), `${fileHash(join(root, 'package.json'))}\n`);
    expect(installReason(root)).toBeNull();
    writeFileSync(join(root, 'package.json'), '{"name":"probe","version":"2.0.0"}');
    expect(installReason(root)).toBe('package.json changed since the last install');
  });
});
