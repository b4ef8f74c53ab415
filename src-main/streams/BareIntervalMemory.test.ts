/** The bare-number interval devices kept in the app's settings (a real SQLite file) survive a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/openDatabase';
import { SettingsStore } from '../store/SettingsStore';
import { SettingBareIntervals } from './BareIntervalMemory';

const dir = mkdtempSync(join(tmpdir(), 'iotmp-bare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(): { memory: SettingBareIntervals; close: () => void } {
  const { db } = openDatabase(join(dir, 'studio.sqlite'));
  const settings = new SettingsStore(db);
  return {
    memory: new SettingBareIntervals(
      () => settings.get<Record<string, true>>('broker.bareIntervalDevices', {}),
      (all) => settings.set('broker.bareIntervalDevices', all),
    ),
    close: () => db.close(),
  };
}

describe('SettingBareIntervals', () => {
  it('remembers and forgets devices across a restart of the app', () => {
    const a = open();
    a.memory.set('acme/old-core', true);
    a.memory.set('acme/updated', true);
    a.memory.set('acme/updated', false);
    a.close();
    const b = open();
    expect(b.memory.has('acme/old-core')).toBe(true);
    expect(b.memory.has('acme/updated')).toBe(false);
    expect(b.memory.has('acme/never')).toBe(false);
    b.close();
  });
});
