/**
 * Ports and serial monitors as the contract shapes them: what the watcher detected (and the chip
 * read on the port), its state, a monitor's status and its problem in a sentence.
 */
import type { EspChipInfo, MonitorInfo, Port, PortState, ProblemInfo } from '../../contract';
import { ESP_BOARDS, type EspChipFacts } from '../../flash/protocol';
import type { DetectedPort } from '../../serial/PortWatcher';
import { isSystemPort } from '../../serial/boardTable';
import type { MonitorSession } from '../../serial/SerialMonitor';
import type { SerialError } from '../../serial/SerialError';
import { sentence } from '../../contract/sentence';
import { asBoardId } from './boardIds';

const hex4 = (id: string): string => id.toLowerCase().padStart(4, '0');

export const espChipView = (f: EspChipFacts | null | undefined): EspChipInfo | null =>
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
