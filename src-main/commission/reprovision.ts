/**
 * Re-provisioning a commissioned board over USB with a new identity: a hand-over to a production
 * server gives it that server's address and, when the credential was re-issued, the new one. It
 * goes through the commissioning run's own adapters: on an ESP the identity's NVS partition,
 * written by the ROM loader and verified by MD5 (the plan's partition table says where), on other
 * boards the serial provisioning protocol (SET…, COMMIT, read-back). The board is the one on a
 * port connected now that the device's latest commissioning record names: its USB serial number,
 * else the port it was commissioned on; an ESP must also answer with the recorded MAC, so a board
 * that is not the device's is never written.
 */
import type { CommissionPlan, CommissionRecord } from '../contract/commissionSchemas';
import { deviceKey } from '../contract/deviceKey';
import { CommissionError } from './CommissionError';
import type { CommissionStore } from './CommissionStore';
import { loadPlanFirmware, type LoadedFirmware } from './firmware';
import type { RunDeps } from './RunDeps';
import {
  ProvisionFailure,
  type BoardPort,
  type ProvisionSecrets,
  type StepContext,
} from './steps/adapters';

export type ReprovisionCode =
  'NOT_COMMISSIONED' | 'PLAN' | 'NOT_CONNECTED' | 'WRONG_BOARD' | 'FAILED';

/** Why a board was not re-provisioned, in a technician's words (`code` for the UI). */
export class ReprovisionError extends Error {
  constructor(
    readonly code: ReprovisionCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReprovisionError';
  }
}

export interface ReprovisionDeps {
  adapters: RunDeps['adapters'];
  store: CommissionStore;
  /** The serial ports connected now (the port watcher's list, ports added by path included). */
  ports(): readonly BoardPort[];
  loadFirmware?: (plan: CommissionPlan) => Promise<LoadedFirmware>;
}

export interface ReprovisionRequest {
  user: string;
  device: string;
  credential: string;
  /** Where the device dials from now on (the production server's device listener). */
  host: string;
  port: number;
  signal?: AbortSignal;
  /** One line of what happens now (the hand-over's panel). */
  progress?: (detail: string) => void;
  log?: (line: string) => void;
}

export interface Reprovisioned {
  /** The port the board was found on. */
  path: string;
  /** "identity in nvs at 0x9000 (24576 bytes), verified by MD5". */
  detail: string;
}

/** The device's latest commissioning record (any site), or null. */
function latestRecord(
  store: CommissionStore,
  user: string,
  device: string,
): CommissionRecord | null {
  return store.records({ user, device })[0] ?? null;
}

/** The connected port that holds the record's board: its USB serial number, else its path. */
function boardPortOf(record: CommissionRecord, ports: readonly BoardPort[]): BoardPort | null {
  const b = record.board;
  if (b.usbSerial) return ports.find((p) => p.serialNumber === b.usbSerial) ?? null;
  return ports.find((p) => p.path === b.port) ?? null;
}

/** Whether the device's board is on a port connected now (the hand-over offers it for those). */
export function connectedBoard(
  deps: Pick<ReprovisionDeps, 'store' | 'ports'>,
  user: string,
  device: string,
): BoardPort | null {
  const record = latestRecord(deps.store, user, device);
  return record ? boardPortOf(record, deps.ports()) : null;
}

/** The device's record, plan, board port and provisioner, or why the board cannot be written. */
function boardToWrite(deps: ReprovisionDeps, r: ReprovisionRequest) {
  const key = deviceKey(r);
  const record = latestRecord(deps.store, r.user, r.device);
  if (!record)
    throw new ReprovisionError(
      'NOT_COMMISSIONED',
      `${key} has no commissioning record: provision its board by hand`,
    );
  const saved = record.plan.id ? deps.store.plan(record.plan.id) : undefined;
  if (!saved)
    throw new ReprovisionError(
      'PLAN',
      `the plan "${record.plan.name}" of ${key} is no longer saved: import it again, or provision the board by hand`,
    );
  const plan = saved.plan;
  if (plan.provisioning === 'none')
    throw new ReprovisionError(
      'PLAN',
      `the plan "${plan.name}" writes no identity (its firmware carries one): build the firmware for the new server and flash it`,
    );
  const port = boardPortOf(record, deps.ports());
  const was = record.board.usbSerial
    ? `USB serial ${record.board.usbSerial}`
    : `commissioned on ${record.board.port}`;
  if (!port)
    throw new ReprovisionError(
      'NOT_CONNECTED',
      `its board (${was}) is not connected: connect it over USB and hand over again, or provision it by hand`,
    );
  const adapter = deps.adapters(plan.target);
  const provisioner = adapter.provisioners[plan.provisioning];
  if (!provisioner)
    throw new ReprovisionError('PLAN', `${plan.provisioning} provisioning is not available here`);
  return { key, record, plan, port, adapter, provisioner };
}

/** A failure while the board was being written, as a ReprovisionError saying what it left. */
function failedWrite(e: unknown): ReprovisionError {
  if (e instanceof ReprovisionError) return e;
  const why =
    e instanceof ProvisionFailure || e instanceof CommissionError
      ? e.message
      : (e as Error).message;
  const written = e instanceof ProvisionFailure && e.written;
  return new ReprovisionError(
    'FAILED',
    `${why}${written ? ' (the board may hold part of the new identity: run it again)' : ''}`,
  );
}

export async function reprovisionBoard(
  deps: ReprovisionDeps,
  r: ReprovisionRequest,
): Promise<Reprovisioned> {
  const { key, record, plan, port, adapter, provisioner } = boardToWrite(deps, r);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  r.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx: StepContext = {
    signal: controller.signal,
    progress: (_percent, detail) => r.progress?.(detail),
    log: (line) => r.log?.(line),
  };
  try {
    r.progress?.(`identifying the board on ${port.path}`);
    const facts = await adapter.identifier.identify(port, plan, ctx);
    const recorded = record.board;
    if (recorded.mac && facts.mac && facts.mac.toLowerCase() !== recorded.mac.toLowerCase())
      throw new ReprovisionError(
        'WRONG_BOARD',
        `the board on ${port.path} is ${facts.mac}, ${key} was commissioned on ${recorded.mac}: nothing was written`,
      );
    // ESP: the plan's partition table says where NVS lives; the serial protocol needs no files.
    const firmware: LoadedFirmware = provisioner.image
      ? await (deps.loadFirmware ?? loadPlanFirmware)(plan)
      : { images: [] };
    const secrets: ProvisionSecrets = {
      user: r.user,
      device: r.device,
      credential: r.credential,
      host: r.host,
      port: r.port,
      wifi: plan.wifi,
    };
    r.progress?.(`writing the identity on ${port.path}`);
    const out = await provisioner.provision(port, facts, secrets, ctx, firmware, 'boot');
    let detail = out.detail;
    if (provisioner.afterWrite) {
      const more = await provisioner.afterWrite(port, secrets, ctx);
      detail = `${detail}; ${more.detail}`;
    }
    return { path: port.path, detail };
  } catch (e) {
    throw failedWrite(e);
  } finally {
    r.signal?.removeEventListener('abort', onAbort);
  }
}
