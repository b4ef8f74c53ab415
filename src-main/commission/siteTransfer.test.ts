/** A whole site to one file and back, between two real SQLite files (two laptops). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommissionRecord } from '../contract/commissionSchemas';
import { DeviceStore } from '../store/DeviceStore';
import { openDatabase } from '../store/openDatabase';
import { CommissionStore } from './CommissionStore';
import { passedRecord } from './testing/passedRecord';
import { exportSite, importSite } from './siteTransfer';

const dir = mkdtempSync(join(tmpdir(), 'iotmp-site-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (device: string, site: string): CommissionRecord =>
  passedRecord({ user: 'studio', device, site, planName: 'Pump', startedAt: 1, endedAt: 2 });

describe('site export and import', () => {
  it('moves devices (hash, not credential), plans, records and properties; an existing device is kept', async () => {
    const a = openDatabase(join(dir, 'a.sqlite')).db;
    const devices = new DeviceStore(a, Date.now, { logN: 10, r: 8, p: 1 });
    const { credential } = await devices.add('studio', 'pump-1');
    a.prepare(
      "INSERT INTO properties VALUES ('studio', 'pump-1', 'location', '\"roof\"', 5)",
    ).run();
    const store = new CommissionStore(a);
    store.savePlan(
      {
        name: 'Pump',
        target: { kind: 'esp', chip: 'esp32' },
        identity: { pattern: 'pump-{n}' },
        provisioning: 'nvs',
      } as never,
      'plan-1',
    );
    store.putRecord(record('pump-1', 'Roof A'));
    store.putRecord(record('pump-9', 'Elsewhere'));
    const file = JSON.stringify(exportSite(a, store, 'Roof A'));
    expect(file).not.toContain(credential);

    const b = openDatabase(join(dir, 'b.sqlite')).db;
    const storeB = new CommissionStore(b);
    expect(importSite(b, storeB, file)).toEqual({
      site: 'Roof A',
      devices: 1,
      devicesKept: 0,
      plans: 1,
      records: 1,
      properties: 1,
    });
    // The device can connect to the other laptop with the credential it holds.
    expect(await new DeviceStore(b).verify({ user: 'studio', device: 'pump-1' }, credential)).toBe(
      'accepted',
    );
    expect(storeB.latestPerDevice('Roof A').map((r) => r.identity!.device)).toEqual(['pump-1']);
    expect(storeB.plan('plan-1')!.plan.name).toBe('Pump');
    expect(importSite(b, storeB, file)).toMatchObject({ devices: 0, devicesKept: 1 });
  });

  it('refuses what is not a site export, in words, and writes nothing', () => {
    const c = openDatabase(join(dir, 'c.sqlite')).db;
    const store = new CommissionStore(c);
    expect(() => importSite(c, store, 'not json')).toThrow(
      'the file is not JSON: choose a site export (.json) made by IoTMP Studio',
    );
    expect(() => importSite(c, store, '{"format":"something-else"}')).toThrow(
      'the file is not a site export of IoTMP Studio',
    );
    expect(store.sites()).toEqual([]);
  });
});
