/**
 * The ESP flashing service: one job per board (identify, flash, backup, restore, erase, read),
 * each with its own port lease, progress and result; several boards run in parallel. This is the
 * interface the API and commissioning use:
 *   identify(target) → chip facts;  flash(targets, plan) → verified result per board;
 *   backup / restore / erase / read.
 */
import { createHash } from 'node:crypto';
import {
  FlashError,
  FlashErrorCode,
  ESP_CHIPS,
  planRegions,
  type EspChipFacts,
  type EspChipKey,
  type EspFlashPlan,
  type EspInputFile,
} from '../protocol';
import { loadEspBackup } from '../espBackup';
import type { FlasherDeps } from './Flasher';
import {
  EspJob,
  type EspJobOptions,
  type EspJobResult,
  type EspOperation,
  type EspTarget,
} from './EspJob';
import { jobDeps, MAX_BATCH_TARGETS } from './Flasher';
import { first } from '../../contract/present';
import { Emitter } from '../../util/Emitter';

export class EspFlasher {
  private readonly deps: Required<FlasherDeps>;
  private readonly events = new Emitter<{ chip: { path: string; facts: EspChipFacts } }>();
  private nextId = 1;

  constructor(deps: FlasherDeps) {
    this.deps = jobDeps(deps);
  }

  /** Checks the files and plans their offsets; throws IMAGE_INVALID / WRONG_CHIP before any port. */
  plan(files: readonly EspInputFile[]): EspFlashPlan {
    return planRegions(files, { md5: hash('md5'), sha256: hash('sha256') });
  }

  /** One job per target, running in parallel. */
  start(
    targets: readonly EspTarget[],
    operation: EspOperation,
    options: EspJobOptions = {},
  ): EspJob[] {
    if (targets.length > MAX_BATCH_TARGETS) {
      throw new FlashError(
        FlashErrorCode.PORT_UNAVAILABLE,
        `too many boards in one batch (${targets.length}): flash at most ${MAX_BATCH_TARGETS} at a time`,
      );
    }
    return targets.map((t) => {
      const job = new EspJob(`esp-${this.nextId++}`, t, operation, options, this.deps);
      void job.result.then((r) => {
        if (r.facts) this.events.emit('chip', { path: r.path, facts: r.facts });
      });
      return job;
    });
  }

  /** Every chip a job read (identify, flash, backup…), with its port: the Boards page shows it. */
  onChip(listener: (path: string, facts: EspChipFacts) => void): () => void {
    return this.events.on('chip', ({ path, facts }) => listener(path, facts));
  }

  one(target: EspTarget, operation: EspOperation, options: EspJobOptions = {}): EspJob {
    return first(this.start([target], operation, options), 'ESP job');
  }

  /** Chip, MAC, flash size and crystal (ROM only, no stub: ~1 s). */
  identify(target: EspTarget): Promise<EspJobResult> {
    return this.one(target, { kind: 'identify' }).result;
  }

  /** Writes `plan` to every target, verified by MD5 unless `verify` is false. */
  flash(
    targets: readonly EspTarget[],
    plan: EspFlashPlan,
    options: EspJobOptions & {
      verify?: boolean;
      backupDir?: string | null;
      /** The chip chosen for the ports (an ESP board id): another chip answering is WRONG_BOARD. */
      board?: string | null;
    } = {},
  ): EspJob[] {
    const board = options.board && isEspChipKey(options.board) ? options.board : null;
    return this.start(
      targets,
      { kind: 'flash', plan, verify: options.verify, backupDir: options.backupDir ?? null, board },
      options,
    );
  }

  /** Reads the whole flash into `backupDir` (.bin + .json). */
  backup(target: EspTarget, backupDir: string, options: EspJobOptions = {}): EspJob {
    return this.one(target, { kind: 'backup', backupDir }, options);
  }

  /** Writes a backup back (byte for byte, verified); refuses another chip family or a damaged file. */
  async restore(
    target: EspTarget,
    backupFile: string,
    options: EspJobOptions = {},
  ): Promise<EspJob> {
    const { data, meta } = await loadEspBackup(backupFile);
    return this.one(
      target,
      { kind: 'restore', data, meta, name: backupFile.split('/').pop() ?? 'backup' },
      options,
    );
  }

  erase(
    target: EspTarget,
    region: { offset: number; length: number } | 'all',
    options: EspJobOptions & { backupDir?: string | null } = {},
  ): EspJob {
    return this.one(
      target,
      { kind: 'erase', region, backupDir: options.backupDir ?? null },
      options,
    );
  }

  read(
    target: EspTarget,
    offset: number,
    length: number | null,
    options: EspJobOptions = {},
  ): EspJob {
    return this.one(target, { kind: 'read', offset, length }, options);
  }
}

const hash = (algorithm: 'md5' | 'sha256') => (data: Uint8Array) =>
  new Uint8Array(createHash(algorithm).update(data).digest());

const isEspChipKey = (id: string): id is EspChipKey => Object.hasOwn(ESP_CHIPS, id);
