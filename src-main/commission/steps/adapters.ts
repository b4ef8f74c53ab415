/**
 * The small interfaces a commissioning run composes (ARCHITECTURE.md "A commissioning run"):
 * the run knows them, never the flasher's or the provisioner's internals. One `TargetAdapter`
 * per kind of board (AVR over STK500, ESP over the ROM loader) supplies them.
 */
import type {
  BoardFacts,
  CommissionPlan,
  ProvisioningMethod,
} from '../../contract/commissionSchemas';
import type { LoadedFirmware } from '../firmware';

/** A serial port as the watcher lists it. */
export interface BoardPort {
  readonly path: string;
  readonly vendorId?: string;
  readonly productId?: string;
  readonly serialNumber?: string;
}

export interface StepContext {
  readonly signal: AbortSignal;
  /** Percent (null: unknown) and one line of what is happening now. */
  progress(percent: number | null, detail: string): void;
  log(line: string): void;
}

interface Identifier {
  /** Port facts plus what the board says about itself (chip, MAC, signature); writes nothing. */
  identify(port: BoardPort, plan: CommissionPlan, ctx: StepContext): Promise<BoardFacts>;
}

interface FlashOutcome {
  verified: boolean;
  /** "verified 25 326 bytes (read back)". */
  detail: string;
  /** Facts learnt while flashing (the AVR signature comes with the bootloader's answer). */
  facts?: Partial<BoardFacts>;
}

/** Bytes for one place in the board's flash (an ESP identity's NVS partition). */
export interface FlashRegion {
  readonly name: string;
  readonly offset: number;
  readonly data: Uint8Array;
}

/**
 * What the board does after a write: `boot` into its application, or `stay` for a next step that
 * resets it itself (another write, or the console the run opens to watch the join: one boot, seen
 * from its first line). Boards that always restart into their application ignore it.
 */
export type AfterWrite = 'boot' | 'stay';

export interface WriteOptions {
  /** Regions written in the same loader session as the firmware and verified with it. */
  readonly extra?: readonly FlashRegion[];
  readonly after: AfterWrite;
}

interface Flasher {
  /**
   * Writes the plan's firmware (and `extra`), refusing a board that is not the firmware's target
   * before any write (a CommissionError WRONG_TARGET), and verifies what it wrote. A failure after
   * writing began is a CommissionError with `mayHaveWritten`.
   */
  write(
    port: BoardPort,
    facts: BoardFacts,
    firmware: LoadedFirmware,
    plan: CommissionPlan,
    ctx: StepContext,
    options: WriteOptions,
  ): Promise<FlashOutcome>;
}

/** What provisioning writes into the board; the credential never leaves this object. */
export interface ProvisionSecrets {
  readonly user: string;
  readonly device: string;
  readonly credential: string;
  readonly host: string;
  readonly port: number;
  readonly wifi: { readonly ssid: string; readonly psk: string } | null;
}

/** The identity fields every provisioning method writes (Wi-Fi only when the plan has it). */
export function identityFields(s: ProvisionSecrets): {
  host: string;
  port: number;
  user: string;
  device: string;
  credential: string;
  ssid?: string;
  psk?: string;
} {
  return {
    host: s.host,
    port: s.port,
    user: s.user,
    device: s.device,
    credential: s.credential,
    ...(s.wifi ? { ssid: s.wifi.ssid, psk: s.wifi.psk } : {}),
  };
}

export interface ProvisionOutcome {
  /** Keys the board answered with after writing, secrets masked ("********"). */
  readBack: Record<string, string> | null;
  detail: string;
}

/** Thrown by a provisioner: `written` says whether the board may already hold the new values. */
export class ProvisionFailure extends Error {
  constructor(
    message: string,
    readonly written: boolean,
  ) {
    super(message);
    this.name = 'ProvisionFailure';
  }
}

/** An identity that is a flash region: it can go in the firmware's own loader session. */
export interface ProvisionImage extends ProvisionOutcome {
  readonly region: FlashRegion;
}

export interface Provisioner {
  /** `firmware`: the plan's images (ESP: its partition table says where NVS lives). */
  provision(
    port: BoardPort,
    facts: BoardFacts,
    secrets: ProvisionSecrets,
    ctx: StepContext,
    firmware: LoadedFirmware,
    after: AfterWrite,
  ): Promise<ProvisionOutcome>;
  /**
   * The identity as a flash region, built without touching the board (a ProvisionFailure when
   * it cannot be encoded); present when this method is a flash write.
   */
  image?(secrets: ProvisionSecrets, firmware: LoadedFirmware): ProvisionImage;
  /**
   * The rest of the method once the identity is written, with the firmware running (Improv
   * Serial's Wi-Fi settings): the board is booted for it. A ProvisionFailure names what the board
   * answered; the identity written before stays.
   */
  afterWrite?(
    port: BoardPort,
    secrets: ProvisionSecrets,
    ctx: StepContext,
  ): Promise<ProvisionOutcome>;
}

/** The board's serial output while it joins, for the diagnosis ("last serial lines"). */
export interface SerialTail {
  lines(): string[];
  stop(): Promise<void>;
}

export interface TargetAdapter {
  readonly identifier: Identifier;
  readonly flasher: Flasher;
  readonly provisioners: Partial<Record<ProvisioningMethod, Provisioner>>;
  /** Whether the board can reach a broker at all (a classic Uno cannot: join is skipped). */
  hasNetwork(facts: BoardFacts, plan: CommissionPlan): boolean;
  /** Opens the port and keeps its last lines (opening may reset the board: that boots it). */
  tail?(port: BoardPort, baudRate?: number): Promise<SerialTail>;
}
