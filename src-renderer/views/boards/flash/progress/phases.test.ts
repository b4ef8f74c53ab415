import { describe, expect, it } from 'vitest';
import { boardState, job, VERIFIED, WRONG_BOARD } from '../../testing';
import { phasesOf, phaseTrail } from './phases';

describe('the phases a board goes through', () => {
  it('a flash backs up only with a folder and verifies only with verify', () => {
    expect(phasesOf({ verify: false, backupDir: null })).toEqual([
      'resetting',
      'syncing',
      'checking',
      'writing',
      'done',
    ]);
    expect(phasesOf({ verify: true, backupDir: '/b' })).toEqual([
      'resetting',
      'syncing',
      'checking',
      'backing-up',
      'writing',
      'verifying',
      'done',
    ]);
  });

  it('the ESP tools read, erase, or write and verify', () => {
    const tool = (operation: 'backup' | 'erase' | 'restore') =>
      phasesOf({ verify: false, backupDir: null, operation }).slice(3);
    expect(tool('backup')).toEqual(['backing-up', 'done']);
    expect(tool('erase')).toEqual(['erasing', 'done']);
    expect(tool('restore')).toEqual(['writing', 'verifying', 'done']);
  });

  it('marks the phases done before the current one and to do after it', () => {
    const trail = phaseTrail(job('j', []), boardState('/p', { phase: 'writing' }));
    expect(trail.map((s) => s.step)).toEqual(['done', 'done', 'done', 'current', 'todo', 'todo']);
  });

  it('a failed board stops in the phase its error names; a finished one is done throughout', () => {
    // WRONG_BOARD stops in 'syncing'.
    const failed = boardState('/p', { phase: 'done', result: WRONG_BOARD });
    expect(phaseTrail(job('j', []), failed).map((s) => s.step)).toEqual([
      'done',
      'stopped',
      'todo',
      'todo',
      'todo',
      'todo',
    ]);
    const ok = boardState('/p', { phase: 'done', result: VERIFIED });
    expect(phaseTrail(job('j', []), ok).every((s) => s.step === 'done')).toBe(true);
  });
});
