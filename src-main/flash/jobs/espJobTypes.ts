/**
 * What an ESP board job is asked (the board's port, the operation, options) and what it answers:
 * a result that names the chip and what was written, or a failure with a code and a sentence.
 */
import type { EspChipFacts, EspChipKey, EspFlashPlan, EspSessionResult } from '../protocol';
import type { EspBackupMeta } from '../espBackup';
import type { BoardJobDeps } from './BoardJob';
import type { JobFailure } from './jobFailure';

export interface EspTarget {
  readonly path: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

export type EspOperation =
  | { readonly kind: 'identify' }
  | {
      readonly kind: 'flash';
      readonly plan: EspFlashPlan;
      readonly verify?: boolean;
      /** Full-flash backup before writing into this folder; null: none. */
      readonly backupDir?: string | null;
      /** The chip chosen for the port; null: whatever answers (the image's chip is still checked). */
      readonly board?: EspChipKey | null;
    }
  | { readonly kind: 'backup'; readonly backupDir: string }
  | {
      readonly kind: 'restore';
      readonly data: Uint8Array;
      readonly meta: EspBackupMeta;
      readonly name: string;
    }
  | {
      readonly kind: 'erase';
      readonly region: { readonly offset: number; readonly length: number } | 'all';
      readonly backupDir?: string | null;
    }
  | { readonly kind: 'read'; readonly offset: number; readonly length: number | null };

export interface EspJobOptions {
  /** Fastest rate to try after the stub is up (default 921600); ESP_ROM_BAUD stays there. */
  readonly maxBaud?: number;
  /**
   * What the board does once the job is done (esptool's `--after`): `boot` (default) resets it
   * into its application; `loader` leaves it in the loader for a caller that resets it itself
   * right after (commissioning opens the console and resets, so the whole boot is seen once).
   */
  readonly after?: 'boot' | 'loader';
}

export type EspJobDeps = BoardJobDeps;

export type EspJobResult =
  | {
      readonly ok: true;
      readonly jobId: string;
      readonly path: string;
      readonly durationMs: number;
      readonly facts: EspChipFacts;
      readonly baudRate: number;
      /** Regions written, each verified by MD5 when verify was on. */
      readonly written: EspSessionResult['written'];
      readonly verified: boolean;
      readonly erased: boolean;
      readonly backupFile: string | null;
      /** What a `read` operation read. */
      readonly data: Uint8Array | null;
    }
  | {
      readonly ok: false;
      readonly jobId: string;
      readonly path: string;
      readonly durationMs: number;
      /** The chip, when it answered before the failure. */
      readonly facts: EspChipFacts | null;
      readonly backupFile: string | null;
      readonly error: JobFailure;
    };
