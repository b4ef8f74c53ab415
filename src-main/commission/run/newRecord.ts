/** The record a board starts with: everything known before its first step, steps pending. */
import { randomUUID } from 'node:crypto';
import type { CommissionPlan, CommissionRecord } from '../../contract/commissionSchemas';
import { NOTHING_REGISTERED } from '../CommissionStore';
import { firmwareRecord, type LoadedFirmware } from '../firmware';
import type { BoardPort } from '../steps/adapters';
import { pendingSteps } from './BoardRun';

export interface RecordContext {
  runId: string;
  site: string;
  plan: CommissionPlan;
  planId: string | null;
  planSha256: string;
  firmware: LoadedFirmware;
  technician: string;
  appVersion: string;
  brokerAddress: string;
  tlsFingerprint: string;
  startedAt: number;
}

export function newRecord(c: RecordContext, port: BoardPort): CommissionRecord {
  return {
    format: 'iotmp-commission-record',
    id: randomUUID(),
    runId: c.runId,
    site: c.site,
    plan: { id: c.planId, name: c.plan.name, sha256: c.planSha256 },
    status: 'running',
    stoppedAt: null,
    error: null,
    board: {
      port: port.path,
      vendorId: port.vendorId ?? null,
      productId: port.productId ?? null,
      usbSerial: port.serialNumber ?? null,
      chip: null,
      mac: null,
      signature: null,
      board: null,
    },
    firmware: firmwareRecord(c.firmware, null),
    identity: null,
    registryState: NOTHING_REGISTERED,
    provisioning: { method: c.plan.provisioning, readBack: null },
    join: null,
    checks: [],
    steps: pendingSteps(),
    technician: c.technician,
    appVersion: c.appVersion,
    broker: { address: c.brokerAddress, tlsFingerprint: c.tlsFingerprint },
    startedAt: c.startedAt,
    endedAt: null,
  };
}

/** A re-check of a commissioned device: only the check and record steps run. */
export function recheckRecord(
  c: RecordContext,
  d: { user: string; device: string; record: CommissionRecord },
): CommissionRecord {
  const rec = newRecord(c, { path: d.record.board.port });
  return {
    ...rec,
    board: d.record.board,
    firmware: d.record.firmware,
    identity: { user: d.user, device: d.device },
    registryState: `${d.user}/${d.device} registered (checks re-run; nothing written to the board)`,
    provisioning: d.record.provisioning,
    steps: rec.steps.map((s) =>
      s.step === 'check' || s.step === 'record'
        ? s
        : { ...s, status: 'skipped', detail: 'checks only' },
    ),
  };
}
