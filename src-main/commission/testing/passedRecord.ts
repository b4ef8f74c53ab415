/**
 * A passed commissioning record of an ESP32 board, for tests that need records without running a
 * commissioning (site export and import, the hand-over's device list).
 */
import type { CommissionRecord } from '../../contract/commissionSchemas';

export function passedRecord(r: {
  user: string;
  device: string;
  site: string;
  planName: string;
  startedAt: number;
  endedAt: number;
}): CommissionRecord {
  return {
    format: 'iotmp-commission-record',
    id: `rec-${r.device}`,
    runId: 'run-1',
    site: r.site,
    plan: { id: 'plan-1', name: r.planName, sha256: 'ab'.repeat(32) },
    status: 'pass',
    stoppedAt: null,
    error: null,
    board: {
      port: '/dev/ttyUSB0',
      vendorId: null,
      productId: null,
      usbSerial: null,
      chip: 'ESP32',
      mac: null,
      signature: null,
      board: 'esp32',
    },
    firmware: { images: [], verified: null },
    identity: { user: r.user, device: r.device },
    registryState: `${r.user}/${r.device} registered; the board holds its credential`,
    provisioning: { method: 'nvs', readBack: null },
    join: null,
    checks: [],
    steps: [],
    technician: 'Ana',
    appVersion: '0.1.0',
    broker: { address: '192.0.2.2:25204', tlsFingerprint: 'AA' },
    startedAt: r.startedAt,
    endedAt: r.endedAt,
  };
}
