/**
 * The write steps' bookkeeping with the board's flasher replaced at the USB edge: firmware and
 * identity in one session when the method is a flash region, and after a failure the registry
 * says exactly what the board can hold (nothing half-written).
 */
import { describe, expect, it } from 'vitest';
import { CommissionPlan, type CommissionRecord } from '../../contract/commissionSchemas';
import { CommissionError } from '../CommissionError';
import type { LoadedFirmware } from '../firmware';
import type { IdentityRegistry } from '../RunDeps';
import type { FlashRegion, TargetAdapter, WriteOptions } from '../steps/adapters';
import { BoardRun } from './BoardRun';
import { newRecord } from './newRecord';
import { writeBoard } from './writeSteps';

const plan = CommissionPlan.parse({
  name: 'Pump',
  target: { kind: 'esp', chip: 'esp32' },
  identity: { pattern: 'pump-{n}' },
  provisioning: 'nvs',
});
const firmware: LoadedFirmware = {
  images: [
    {
      file: '/fw/app.bin',
      name: 'app.bin',
      offset: 0x10000,
      bytes: new Uint8Array(16),
      sha256: '0'.repeat(64),
    },
  ],
};

function registry(): IdentityRegistry & { devices: Map<string, string> } {
  const devices = new Map<string, string>();
  return {
    devices,
    exists: (u, d) => devices.has(`${u}/${d}`),
    add: (u, d, _name, credential) => {
      devices.set(`${u}/${d}`, credential);
      return Promise.resolve();
    },
    newCredential: () => 'fresh',
    setCredential: (u, d, c) => {
      devices.set(`${u}/${d}`, c);
      return Promise.resolve();
    },
    remove: (u, d) => void devices.delete(`${u}/${d}`),
  };
}

function setup(write: (extra: readonly FlashRegion[], o: WriteOptions) => Promise<boolean>) {
  const calls: { regions: string[]; after: string }[] = [];
  const adapter: TargetAdapter = {
    identifier: { identify: () => Promise.reject(new Error('not used')) },
    flasher: {
      write: async (_port, _facts, fw, _plan, _ctx, o) => {
        calls.push({
          regions: [...fw.images.map((i) => i.name), ...(o.extra ?? []).map((r) => r.name)],
          after: o.after,
        });
        return { verified: await write(o.extra ?? [], o), detail: 'verified (MD5)' };
      },
    },
    provisioners: {
      nvs: {
        provision: () => Promise.reject(new Error('the separate path is not expected')),
        image: (s) => ({
          region: { name: 'nvs', offset: 0x9000, data: new TextEncoder().encode(s.credential) },
          readBack: { device: s.device, credential: '********' },
          detail: 'identity in nvs at 0x9000',
        }),
      },
    },
    hasNetwork: () => true,
  };
  const records: CommissionRecord[] = [];
  const record = newRecord(
    {
      runId: 'run-1',
      site: 'Roof',
      plan,
      planId: null,
      planSha256: '0',
      firmware,
      technician: 'Ana',
      appVersion: '0',
      brokerAddress: '10.0.0.2:25204',
      tlsFingerprint: 'x',
      startedAt: 0,
    },
    { path: '/dev/ttyUSB0' },
  );
  const board = new BoardRun(
    { path: '/dev/ttyUSB0' },
    { ...record, identity: { user: 'studio', device: 'pump-1' } },
    { store: { putRecord: (r) => void records.push(r) }, now: () => 1, changed: () => {} },
  );
  const reg = registry();
  const run = () =>
    writeBoard({
      board,
      adapter,
      facts: record.board,
      plan,
      firmware,
      registry: reg,
      dial: { host: '10.0.0.2', port: 25204 },
      after: 'stay',
      now: () => 2,
    });
  return { calls, board, reg, run };
}

const step = (b: BoardRun, name: string) => b.record.steps.find((s) => s.step === name)!;

describe('writeBoard', () => {
  it('writes the firmware and the identity in one session, then records both steps', async () => {
    const { calls, board, reg, run } = setup(() => Promise.resolve(true));
    // Left in the loader: the console the run opens next resets it into the new firmware.
    expect(await run()).toEqual({ at: 2, inLoader: true });
    expect(calls).toEqual([{ regions: ['app.bin', 'nvs'], after: 'stay' }]);
    expect(step(board, 'flash').status).toBe('passed');
    expect(step(board, 'provision')).toMatchObject({
      status: 'passed',
      detail: "identity in nvs at 0x9000; written in the firmware's loader session",
    });
    expect(reg.devices.get('studio/pump-1')).toBe('fresh');
    expect(board.record.registryState).toBe(
      'studio/pump-1 registered; the board holds its credential (read back)',
    );
  });

  it('a board refused before writing: the new device is removed again', async () => {
    const { board, reg, run } = setup(() =>
      Promise.reject(new CommissionError('WRONG_TARGET', 'this board is an ESP32-S3')),
    );
    await expect(run()).rejects.toThrow('this board is an ESP32-S3');
    expect(reg.devices.size).toBe(0);
    expect(step(board, 'flash').status).toBe('failed');
    expect(step(board, 'provision').status).toBe('pending');
    expect(board.record.registryState).toBe(
      'studio/pump-1 removed again: the board holds no credential from this run',
    );
  });

  it('a failure after writing began: the device stays registered and the record says why', async () => {
    const { reg, board, run } = setup(() =>
      Promise.reject(
        new CommissionError(
          'FLASH',
          'board stopped answering',
          undefined,
          /* mayHaveWritten */ true,
        ),
      ),
    );
    await expect(run()).rejects.toThrow('board stopped answering');
    expect(reg.devices.has('studio/pump-1')).toBe(true);
    expect(board.record.registryState).toMatch(
      /stays registered: the board may hold its new credential/,
    );
  });

  it('an existing device keeps its old credential until the board holds the new one', async () => {
    const { reg, run } = setup(() =>
      Promise.reject(new CommissionError('FLASH', 'no answer', undefined, false)),
    );
    reg.devices.set('studio/pump-1', 'old');
    await expect(run()).rejects.toThrow('no answer');
    expect(reg.devices.get('studio/pump-1')).toBe('old');
  });

  it('the board is written while its new device is registered (the slow hash), not after', async () => {
    let registered: () => void = () => {};
    let flashedWhileRegistering = false;
    const { reg, board, run } = setup(() => {
      // The registry has not answered yet: the flash did not wait for the hash.
      flashedWhileRegistering = !reg.devices.has('studio/pump-1');
      registered();
      return Promise.resolve(true);
    });
    const add = reg.add;
    reg.add = (...a) =>
      new Promise<void>((resolve) => {
        registered = () => void add(...a).then(resolve);
      });
    await run();
    expect(flashedWhileRegistering).toBe(true);
    expect(reg.devices.get('studio/pump-1')).toBe('fresh');
    expect(step(board, 'provision').status).toBe('passed');
  });

  it('a registration that fails while the board is written: the record says what the board holds', async () => {
    const { reg, board, run } = setup(() => Promise.resolve(true));
    reg.add = () => Promise.reject(new Error('the database is read-only'));
    await expect(run()).rejects.toThrow('the database is read-only');
    expect(reg.devices.size).toBe(0);
    expect(step(board, 'flash').status).toBe('passed');
    expect(step(board, 'provision')).toMatchObject({ status: 'failed' });
    expect(board.record.registryState).toBe(
      'studio/pump-1 not registered (the database is read-only); the board may hold a credential the registry does not know: provision it again',
    );
  });
});
