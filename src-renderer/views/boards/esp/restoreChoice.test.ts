import { describe, expect, it } from 'vitest';
import type { EspBackupInfo } from '@contract/espCalls';
import { elsewhereProblem, restorePick } from './restoreChoice';

const backup = { file: '/data/backups/esp32_a.bin', date: '2026-01-02T03:04:05Z' } as EspBackupInfo;
const none = () => null;

describe("Restore…'s choice", () => {
  it('a path elsewhere must be absolute and end in .bin or .json', () => {
    expect(elsewhereProblem('')).toBeNull();
    expect(elsewhereProblem(' /home/t/b.bin ')).toBeNull();
    expect(elsewhereProblem('C:\\backups\\b.json')).toBeNull();
    expect(elsewhereProblem('backups/b.bin')).toMatch(/./);
    expect(elsewhereProblem('/home/t/b.hex')).toMatch(/./);
  });

  it('the path typed wins over a backup chosen; a bad path picks nothing', () => {
    expect(restorePick(' /x/b.bin ', backup, none)).toEqual({ file: '/x/b.bin', what: '/x/b.bin' });
    expect(restorePick('x.bin', backup, none)).toBeNull();
  });

  it('a chosen backup is picked only when it can go onto the board', () => {
    expect(restorePick('', backup, none)).toMatchObject({ file: backup.file, what: /^taken / });
    expect(restorePick('', backup, () => 'another chip')).toBeNull();
    expect(restorePick('', null, none)).toBeNull();
  });
});
