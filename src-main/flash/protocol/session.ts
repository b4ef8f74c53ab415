/** What a bootloader session is asked to do, and what it reports back. Shared by STK500 v1/v2. */
import type { BoardProfile } from './boards';
import type { FlashImage } from './firmware';

export interface SessionPlan {
  readonly board: BoardProfile;
  /** The image to write; null reads only (signature, and the backup when asked). */
  readonly image: FlashImage | null;
  /** Read back what was written and compare (on by default in jobs). */
  readonly verify: boolean;
  /** Read the whole application flash before writing. */
  readonly backup: boolean;
}

export interface SessionResult {
  /** The chip's three signature bytes. */
  readonly signature: Uint8Array;
  /** Bootloader name and version as it reported them ("Optiboot 4.4", "stk500v2 AVRISP_2"). */
  readonly bootloader: string;
  /** The application flash before writing, when a backup was asked for. */
  readonly backup: Uint8Array | null;
  /** Bytes written (the padded image) and whether they were read back equal. */
  readonly bytesWritten: number;
  readonly verified: boolean;
}
