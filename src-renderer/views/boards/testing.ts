/** Builders of contract values for the boards, flash and serial tests. */
import type { FlashBoardResult, FlashBoardState, FlashJobInfo } from '@contract/flashSchemas';
import type { BoardProfile, MonitorInfo, Port } from '@contract/serialSchemas';

const UNO: BoardProfile = {
  id: 'uno',
  name: 'Arduino Uno',
  mcu: 'ATmega328P',
  protocol: 'stk500v1',
  baudRate: 115200,
  flashBytes: 32768,
  appBytes: 32256,
};
const MEGA: BoardProfile = {
  id: 'mega2560',
  name: 'Arduino Mega 2560',
  mcu: 'ATmega2560',
  protocol: 'stk500v2',
  baudRate: 115200,
  flashBytes: 262144,
  appBytes: 253952,
};
const esp = (id: 'esp32' | 'esp8266', name: string): BoardProfile => ({
  id,
  name,
  mcu: name,
  protocol: 'esp-rom',
  baudRate: 115200,
  flashBytes: 4194304,
  appBytes: 4194304,
});
const ESP32 = esp('esp32', 'ESP32');
const ESP8266 = esp('esp8266', 'ESP8266');
export const BOARDS: BoardProfile[] = [UNO, MEGA, ESP32, ESP8266];

export function port(path: string, patch: Partial<Port> = {}): Port {
  return {
    path,
    name: 'Arduino Uno',
    kind: 'arduino',
    chip: null,
    vendorId: '2341',
    productId: '0043',
    vidPid: '2341:0043',
    serialNumber: '85736323838351F0E1A1',
    manufacturer: 'Arduino (www.arduino.cc)',
    addedByPath: false,
    detectedBoard: 'uno',
    rememberedBoard: null,
    board: 'uno',
    state: 'free',
    ...patch,
  };
}

/** A CH340 bridge nobody named yet: "Generic USB-serial (CH340): choose the board". */
export const CH340 = port('/dev/ttyUSB0', {
  name: 'Generic USB-serial (CH340): choose the board',
  kind: 'bridge',
  chip: 'CH340',
  vidPid: '1a86:7523',
  serialNumber: null,
  manufacturer: 'QinHeng Electronics',
  detectedBoard: null,
  board: null,
});

export function boardState(port: string, patch: Partial<FlashBoardState> = {}): FlashBoardState {
  return {
    phase: 'resetting',
    percent: 0,
    phaseDone: 0,
    phaseTotal: 0,
    bytesPerSecond: 0,
    elapsedMs: 0,
    remainingMs: null,
    port,
    board: 'uno',
    boardName: 'Arduino Uno',
    serialNumber: null,
    result: null,
    ...patch,
  };
}

/** What uno/big.hex says it was built for (flash/protocol/avrTarget.ts). */
export const UNO_TARGET: FlashJobInfo['firmware']['target'] = {
  family: 'avr',
  chip: 'atmega328p',
  name: 'ATmega328P (Uno, Nano)',
  chips: ['atmega328p', 'atmega328', 'atmega168p', 'atmega168'],
  source: 'avr-vector-table',
  evidence: '26 interrupt vectors',
};

export function job(
  id: string,
  boards: FlashBoardState[],
  patch: Partial<FlashJobInfo> = {},
): FlashJobInfo {
  return {
    id,
    startedAt: 1_700_000_000_000,
    finishedAt: null,
    running: true,
    firmware: { name: 'big.hex', sha256: 'ab'.repeat(32), sizeBytes: 25326, target: null },
    verify: true,
    backupDir: null,
    boards,
    summary: {
      total: boards.length,
      running: boards.length,
      verified: 0,
      written: 0,
      failed: 0,
      cancelled: 0,
      text: `Flashing ${boards.length} of ${boards.length}`,
    },
    ...patch,
  };
}

export const VERIFIED: Extract<FlashBoardResult, { ok: true }> = {
  ok: true,
  verified: true,
  bytesWritten: 25344,
  dataBytes: 25326,
  durationMs: 6100,
  signature: '1e950f',
  bootloader: 'STK500v1 bootloader 8.3',
  backupFile: null,
  summary: 'Verified · 25 326 bytes in 6.1 s',
};

/** An Uno image sent to a Mega set as Uno (flash/protocol/stk500v1.ts words it so). */
export const WRONG_BOARD: Extract<FlashBoardResult, { ok: false }> = {
  ok: false,
  error: {
    code: 'WRONG_BOARD',
    message:
      'This is an ATmega2560 (Mega 2560), not an Arduino Uno: choose the right board and retry',
    detail: 'signature 0x1e9801',
    phase: 'syncing',
    address: null,
  },
  durationMs: 2400,
  backupFile: null,
};

export function monitorInfo(port: string, patch: Partial<MonitorInfo> = {}): MonitorInfo {
  return {
    port,
    baudRate: 115200,
    lineEnding: 'lf',
    status: 'connected',
    message: 'Connected · 115200 8N1',
    error: null,
    droppedLines: 0,
    lastLineSeq: 0,
    lastChunkSeq: 0,
    ...patch,
  };
}
