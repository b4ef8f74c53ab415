/** Boards remembered per port live in the SQLite settings: bounded, apart from other settings. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase';
import { SettingsKeyValueStore } from './SettingsKeyValueStore';
import { SettingsStore } from './SettingsStore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openTemp() {
  const dir = mkdtempSync(join(tmpdir(), 'iotmp-kv-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'studio.sqlite')).db;
}

describe('SettingsKeyValueStore', () => {
  it('keeps values under its prefix, survives reopening, and deletes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-kv-'));
    dirs.push(dir);
    const file = join(dir, 'studio.sqlite');
    let db = openDatabase(file).db;
    const settings = new SettingsStore(db);
    settings.set('broker.acceptNewDevices', true);
    const kv = new SettingsKeyValueStore(settings, 'serial.');
    await kv.set('board:path:/dev/pts/3', 'uno');
    await kv.set('board:path:/dev/pts/4', 'nano');
    await kv.delete('board:path:/dev/pts/4');
    db.close();
    db = openDatabase(file).db;
    const again = new SettingsKeyValueStore(new SettingsStore(db), 'serial.');
    expect(await again.get('board:path:/dev/pts/3')).toBe('uno');
    expect(await again.get('board:path:/dev/pts/4')).toBeUndefined();
    expect(new SettingsStore(db).get('serial.board:path:/dev/pts/3', null)).toBe('uno');
    expect(new SettingsStore(db).get('broker.acceptNewDevices', false)).toBe(true);
    db.close();
  });

  it('is bounded: the least recently set entries go first, other settings stay', async () => {
    const db = openTemp();
    const settings = new SettingsStore(db);
    settings.set('broker.endpoints', {});
    const kv = new SettingsKeyValueStore(settings, 'serial.', 3);
    for (const k of ['a', 'b', 'c']) await kv.set(k, k);
    await kv.set('a', 'A'); // set again: now the newest
    await kv.set('d', 'd');
    expect(settings.count('serial.')).toBe(3);
    expect(await kv.get('b')).toBeUndefined();
    expect(await kv.get('a')).toBe('A');
    expect(await kv.get('d')).toBe('d');
    expect(settings.get('broker.endpoints', null)).toEqual({});
    await expect(kv.set('k', 'x'.repeat(2000))).rejects.toThrow('longer than');
    db.close();
  });

  it('a value that is not a string reads as absent', async () => {
    const db = openTemp();
    const settings = new SettingsStore(db);
    settings.set('serial.k', 42);
    expect(await new SettingsKeyValueStore(settings, 'serial.').get('k')).toBeUndefined();
    db.close();
  });
});
