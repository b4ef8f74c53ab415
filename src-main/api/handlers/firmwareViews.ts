/**
 * Firmware as the Firmware step shows it: board profiles for the chooser, a file's target chip,
 * and its fit per board, worded once ("25 326 of 32 256 bytes", "built for …").
 */
import type {
  BoardFit,
  BoardProfile as BoardProfileInfo,
  FirmwareInfo,
  FirmwareTargetInfo,
} from '../../contract';
import {
  appCapacity,
  avrTargetMismatch,
  BOARDS,
  ESP_BOARDS,
  espImageTarget,
  type BoardProfile,
  type EspBoardProfile,
  type EspFlashPlan,
  type Firmware,
  type FirmwareTarget,
} from '../../flash/protocol';
import { boardIdOf } from './boardIds';

/** 25326 → "25 326" (UI.md writes sizes with a space between thousands). */
export const groupDigits = (n: number): string =>
  String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

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
