/**
 * The serial and flashing services' state as the contract shapes it: ports, monitors, firmware
 * fit, jobs. Pure mapping; the numbers a technician reads are formatted here once
 * ("25 326 of 32 256 bytes", "Verified · 25 326 bytes in 6.1 s", "2 verified, 1 failed").
 */
import {
  BOARD_IDS,
  type BoardFit,
  type BoardId,
  type BoardProfile as BoardProfileInfo,
  type EspChipInfo,
  type FirmwareInfo,
  type FlashBoardResult,
  type FlashBoardState,
  type FirmwareTargetInfo,
  type FlashJobInfo,
  type FlashProgress,
  type MonitorInfo,
  type Port,
  type PortState,
  type ProblemInfo,
} from '../../contract';
import {
  appCapacity,
  avrTargetMismatch,
  BOARDS,
  ESP_BOARDS,
  espImageTarget,
  type BoardProfile,
  type EspBoardProfile,
  type EspChipFacts,
  type EspFlashPlan,
  type Firmware,
  type FirmwareTarget,
} from '../../flash/protocol';
import type {
  BatchBoard,
  BatchOperation,
  BatchRecord,
  BatchResult,
} from '../../flash/jobs/FlashBatches';
import type { FlashProgress as JobProgress } from '../../flash/jobs/FlashJob';
import type { DetectedPort } from '../../serial/PortWatcher';
import { isSystemPort } from '../../serial/boardTable';
import type { MonitorSession } from '../../serial/SerialMonitor';
import type { SerialError } from '../../serial/SerialError';
import { present } from '../../contract/present';
import { sentence } from '../../contract/sentence';

const asBoardId = (id: string | null | undefined): BoardId | null =>
  id && (BOARD_IDS as readonly string[]).includes(id) ? (id as BoardId) : null;

/** A board profile's id in the contract: every profile has one (serialViews.test checks them all). */
const boardIdOf = (b: { readonly id: string }): BoardId =>
  present(asBoardId(b.id), `contract board id for board profile "${b.id}"`);

/** 25326 → "25 326" (UI.md writes sizes with a space between thousands). */
export const groupDigits = (n: number): string =>
  String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

const hex4 = (id: string): string => id.toLowerCase().padStart(4, '0');

const espChipView = (f: EspChipFacts | null | undefined): EspChipInfo | null =>
  f
    ? {
        chip: f.chip,
        name: f.name,
        mac: f.mac,
        flashSize: f.flashSize,
        flashId: f.flashId,
        crystalMhz: f.crystalMhz,
      }
    : null;

/** `espChip`: the chip read on the port, which also tells the board when USB could not. */
export function portView(
  p: DetectedPort,
  state: PortState,
  espChip: EspChipFacts | null = null,
): Port {
  const id = p.identity;
  const detected =
    (id.kind === 'arduino' ? asBoardId(id.flashBoardId) : null) ??
    (espChip && espChip.chip in ESP_BOARDS ? asBoardId(espChip.chip) : null);
  const remembered = asBoardId(p.rememberedBoardId);
  return {
    path: p.path,
    name: id.name,
    kind: id.kind,
    chip: id.kind === 'bridge' ? id.chip : null,
    vendorId: p.vendorId ?? null,
    productId: p.productId ?? null,
    vidPid: p.vendorId && p.productId ? `${hex4(p.vendorId)}:${hex4(p.productId)}` : null,
    serialNumber: p.serialNumber ?? null,
    manufacturer: p.manufacturer ?? null,
    addedByPath: p.manual,
    detectedBoard: detected,
    ...(id.family ? { family: id.family } : {}),
    rememberedBoard: remembered,
    board: remembered ?? detected,
    lastBaud: p.rememberedBaud ?? null,
    ...(espChip ? { espChip: espChipView(espChip) } : {}),
    ...(isSystemPort(p.path, p.vendorId, p.manual) ? { system: true } : {}),
    state,
  };
}

export const problemView = (e: SerialError | undefined): ProblemInfo | null =>
  e ? { code: e.code, message: sentence(e.message), detail: e.detail ?? null } : null;

export function monitorView(s: MonitorSession): MonitorInfo {
  return {
    port: s.path,
    baudRate: s.baudRate,
    lineEnding: s.lineEnding,
    status: s.status,
    message: s.statusMessage,
    error: problemView(s.error),
    droppedLines: s.droppedLines,
    lastLineSeq: s.lastLineSeq,
    lastChunkSeq: s.lastChunkSeq,
  };
}

/** A board for the chooser: an AVR profile (program space below its bootloader) or an ESP chip. */
export function boardProfileView(b: BoardProfile | EspBoardProfile): BoardProfileInfo {
  return {
    id: boardIdOf(b),
    name: b.name,
    mcu: b.mcu,
    protocol: b.protocol,
    baudRate: b.baudRate,
    flashBytes: b.flashBytes,
    appBytes: b.protocol === 'esp-rom' ? b.flashBytes : appCapacity(b),
  };
}

/** ESP files as the Firmware step shows them: where each goes, the chip, its fit per board. */
export function espFirmwareView(
  plan: EspFlashPlan,
  sha256: string,
  name: string | null,
): FirmwareInfo {
  const app = plan.regions.find((r) => r.image?.chip) ?? null;
  const target = app?.image ? espImageTarget(app.image) : null;
  const size = plan.regions.reduce((n, r) => n + r.data.length, 0);
  const end = Math.max(...plan.regions.map((r) => r.offset + r.data.length));
  const espFits = Object.values(ESP_BOARDS).map((b): BoardFit => {
    const wrongChip = plan.chip !== null && plan.chip !== b.id;
    return {
      board: boardIdOf(b),
      boardName: b.name,
      fits: !wrongChip,
      wrongChip,
      usedBytes: size,
      capacityBytes: b.flashBytes,
      text: wrongChip
        ? `built for ${target?.name ?? plan.chip}, this board is an ${b.name}`
        : `${groupDigits(size)} bytes up to 0x${end.toString(16)}; the flash size is checked on the board`,
    };
  });
  const avrFits = Object.values(BOARDS).map((b): BoardFit => ({
    board: boardIdOf(b),
    boardName: b.name,
    fits: false,
    wrongChip: true,
    usedBytes: size,
    capacityBytes: appCapacity(b),
    text: `ESP firmware does not run on an ${b.name}`,
  }));
  return {
    name: name ?? plan.appName,
    sizeBytes: size,
    sha256,
    startAddress: Math.min(...plan.regions.map((r) => r.offset)),
    endAddress: end,
    target: targetView(target),
    fits: [...avrFits, ...espFits],
    regions: [...plan.regions]
      .sort((a, b) => a.offset - b.offset)
      .map((r) => ({ name: r.name, offset: r.offset, size: r.data.length, role: r.role })),
  };
}

/** An Arduino .hex against an ESP board: never. */
export const hexOnEspFit = (fw: Firmware, b: EspBoardProfile): BoardFit => ({
  board: boardIdOf(b),
  boardName: b.name,
  fits: false,
  wrongChip: true,
  usedBytes: fw.dataBytes,
  capacityBytes: b.flashBytes,
  text: `an Arduino .hex does not run on an ${b.name}`,
});

export function fitView(fw: Firmware, b: BoardProfile): BoardFit {
  const capacity = appCapacity(b);
  const target = fw.target;
  const wrongChip = target !== null && avrTargetMismatch(target, b) !== null;
  const fits = !wrongChip && fw.end <= capacity;
  return {
    board: boardIdOf(b),
    boardName: b.name,
    fits,
    wrongChip,
    usedBytes: fw.dataBytes,
    capacityBytes: capacity,
    text: wrongChip
      ? `built for ${target.name}, the ${b.name} has an ${b.mcu}`
      : fits
        ? `${groupDigits(fw.dataBytes)} of ${groupDigits(capacity)} bytes`
        : `does not fit: it reaches ${groupDigits(fw.end)} bytes, the ${b.name} has ${groupDigits(capacity)}`,
  };
}

export function targetView(t: FirmwareTarget | null): FirmwareTargetInfo | null {
  return t ? { ...t, chips: [...t.chips] } : null;
}

export function progressView(p: JobProgress): FlashProgress {
  // An estimate needs some progress behind it; before 5 % it would only jump around.
  const remainingMs =
    p.phase === 'done'
      ? 0
      : p.percent >= 5 && p.percent < 100
        ? Math.round((p.elapsedMs * (100 - p.percent)) / p.percent)
        : null;
  return {
    phase: p.phase,
    percent: Math.round(p.percent * 10) / 10,
    phaseDone: p.phaseDone,
    phaseTotal: p.phaseTotal,
    bytesPerSecond: p.bytesPerSecond,
    elapsedMs: Math.round(p.elapsedMs),
    remainingMs,
  };
}

/**
 * A board's result; `record` (the job) words the summary of ESP tool jobs: "Backed up",
 * "Restored and verified", "Erased".
 */
export function resultView(
  r: BatchResult,
  record?: Pick<BatchRecord, 'operation' | 'firmware'>,
): FlashBoardResult {
  const chip = r.chip !== undefined ? { chip: espChipView(r.chip) } : {};
  if (r.ok) {
    const s = (r.durationMs / 1000).toFixed(1);
    const on = r.chip ? ` · ${r.chip.name}, MAC ${r.chip.mac}` : '';
    const op: BatchOperation = record?.operation ?? 'flash';
    const summary =
      op === 'backup'
        ? `Backed up · ${groupDigits(r.chip?.flashSize ?? 0)} bytes in ${s} s${on}`
        : op === 'erase'
          ? `Erased ${record?.firmware.name ?? 'the flash'} in ${s} s${on}`
          : op === 'restore'
            ? `${r.verified ? 'Restored and verified' : 'Restored, not verified'} · ${groupDigits(r.dataBytes)} bytes in ${s} s${on}`
            : `${r.verified ? 'Verified' : 'Written, not verified'} · ${groupDigits(r.dataBytes)} bytes in ${s} s${on}`;
    return {
      ...chip,
      ok: true,
      verified: r.verified,
      bytesWritten: r.bytesWritten,
      dataBytes: r.dataBytes,
      durationMs: Math.round(r.durationMs),
      signature: r.signature,
      bootloader: r.bootloader,
      backupFile: r.backupFile,
      summary,
    };
  }
  return {
    ...chip,
    ok: false,
    error: {
      code: r.error.code,
      message: sentence(r.error.message),
      detail: r.error.detail ?? null,
      phase: r.error.phase ?? null,
      address: r.error.address ?? null,
    },
    durationMs: Math.round(r.durationMs),
    backupFile: r.backupFile,
  };
}

function boardStateView(record: BatchRecord, b: BatchBoard, withLog: boolean): FlashBoardState {
  const progress = progressView(b.job.progress);
  return {
    ...progress,
    ...(b.result ? { elapsedMs: Math.round(b.result.durationMs), remainingMs: null } : {}),
    port: b.target.path,
    board: boardIdOf(b.target.board),
    boardName: b.target.board.name,
    serialNumber: b.target.serialNumber ?? null,
    result: b.result ? resultView(b.result, record) : null,
    ...(withLog ? { log: [...b.job.log] } : {}),
  };
}

const OPERATION_DONE: Record<BatchOperation, string> = {
  flash: 'written',
  backup: 'backed up',
  restore: 'restored',
  erase: 'erased',
};
const OPERATION_RUNNING: Record<BatchOperation, string> = {
  flash: 'Flashing',
  backup: 'Backing up',
  restore: 'Restoring',
  erase: 'Erasing',
};

export function jobView(record: BatchRecord, withLog = false): FlashJobInfo {
  const boards = record.boards.map((b) => boardStateView(record, b, withLog));
  const count = (f: (b: FlashBoardState) => boolean): number => boards.filter(f).length;
  const summary = {
    total: boards.length,
    running: count((b) => b.result === null),
    verified: count((b) => b.result?.ok === true && b.result.verified),
    written: count((b) => b.result?.ok === true && !b.result.verified),
    failed: count((b) => b.result?.ok === false && b.result.error.code !== 'CANCELLED'),
    cancelled: count((b) => b.result?.ok === false && b.result.error.code === 'CANCELLED'),
  };
  const op = record.operation;
  const done = OPERATION_DONE[op];
  const parts = (
    [
      [op === 'flash' ? summary.verified : 0, 'verified'],
      [op === 'flash' ? summary.written : summary.verified + summary.written, done],
      [summary.failed, 'failed'],
      [summary.cancelled, 'cancelled'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`);
  const text =
    summary.running > 0
      ? `${OPERATION_RUNNING[op]} ${summary.running} of ${summary.total}${parts.length ? ` · ${parts.join(', ')}` : ''}`
      : parts.join(', ');
  return {
    id: record.id,
    operation: op,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    running: record.finishedAt === null,
    firmware: { ...record.firmware, target: targetView(record.firmware.target) },
    verify: record.verify,
    backupDir: record.backupDir,
    boards,
    summary: { ...summary, text },
  };
}
