/**
 * What an ESP loader session is asked to do and what it reports: the plan the I/O adapter
 * (flash/jobs/EspJob) builds, the chip facts read from the board, and the session's result.
 */
import type { EspChipKey } from './chips';
import type { EspFlashPlan } from './plan';

/** A flasher stub: RAM segments and entry point (from esptool's published stub JSON). */
export interface EspStub {
  readonly text: Uint8Array;
  readonly textStart: number;
  readonly data: Uint8Array;
  readonly dataStart: number;
  readonly entry: number;
}

/** A region to write: the adapter compresses (deflate) and hashes (MD5) before the session. */
export interface EspWriteRegion {
  readonly name: string;
  readonly offset: number;
  /** Uncompressed size. */
  readonly size: number;
  readonly compressed: Uint8Array;
  readonly md5: Uint8Array;
}

export interface EspSessionPlan {
  /** The stub for a chip; null runs against the ROM (identify only). */
  readonly stubFor: (chip: EspChipKey) => EspStub | null;
  /** Rates to try after the stub is up, fastest first; empty stays at the ROM rate. */
  readonly baudRates: readonly number[];
  readonly md5: (data: Uint8Array) => Uint8Array;
  /** The images' plan: checked against the board (chip family, flash size) before any write. */
  readonly plan?: EspFlashPlan | null;
  /** Refuse any other chip (a restore of a backup taken from this family). */
  readonly expectChip?: EspChipKey | null;
  /** The board the technician chose for the port: another chip answering is WRONG_BOARD. */
  readonly board?: EspChipKey | null;
  /** Read the whole flash before writing or erasing; sent as a `backup` event. */
  readonly backup?: boolean;
  readonly erase?: EspEraseRequest | null;
  readonly write?: { readonly regions: readonly EspWriteRegion[]; readonly verify: boolean } | null;
  /** Read this range (length null: the whole flash) and return it. */
  readonly read?: { readonly offset: number; readonly length: number | null } | null;
  /** Leave by asking the stub to run the application (for ports without reset lines). */
  readonly runUserCode?: boolean;
}

/** A region on 4 KB sectors, or the whole chip. */
export type EspEraseRequest = { readonly offset: number; readonly length: number } | 'all';

export interface EspChipFacts {
  readonly chip: EspChipKey;
  readonly name: string;
  readonly mac: string;
  /** Bytes; null when the flash did not give a JEDEC id the size can be read from. */
  readonly flashSize: number | null;
  /** JEDEC id as hex, "ef4016". */
  readonly flashId: string | null;
  readonly crystalMhz: number;
}

export interface EspWriteResult {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly compressedSize: number;
  readonly verified: boolean;
}

export interface EspSessionResult {
  readonly facts: EspChipFacts;
  readonly stub: boolean;
  readonly baudRate: number;
  readonly written: readonly EspWriteResult[];
  readonly read: Uint8Array | null;
  readonly erased: boolean;
}
