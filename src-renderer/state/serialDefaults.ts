/**
 * The baud rate a serial monitor opens at (UI.md §3.9, issue 16): the rate it last ran at on that
 * board (main remembers it by the port's serial number: `Port.lastBaud`), else the default for the
 * kind of board, set in Settings → Serial and kept in this browser. Arduino sketches mostly call
 * `Serial.begin(9600)`; ESP boards print their boot log and most sketches at 115200.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { ESP_BOARD_IDS, type Port } from '@contract/serialSchemas';
import { usePorts } from './ports';

/** Baud rates offered (UI.md §3.9: 300 … 2 000 000; 74880 is the ESP8266 boot log's). */
export const BAUD_RATES = [
  300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 28800, 38400, 57600, 74880, 115200, 230400,
  250000, 460800, 500000, 921600, 1000000, 2000000,
] as const;

/** Board kinds with their own default rate. */
export type BaudKind = 'avr' | 'esp' | 'other';
export const BAUD_KINDS: readonly BaudKind[] = ['avr', 'esp', 'other'];

export const DEFAULT_BAUDS: Readonly<Record<BaudKind, number>> = {
  avr: 9600,
  esp: 115200,
  other: 9600,
};

export interface SerialDefaultsSlice {
  bauds: Readonly<Record<BaudKind, number>>;
  setBaud(kind: BaudKind, baudRate: number): void;
}

export const useSerialDefaults = create<SerialDefaultsSlice>()(
  persist(
    (set) => ({
      bauds: DEFAULT_BAUDS,
      setBaud: (kind, baudRate) => set((s) => ({ bauds: { ...s.bauds, [kind]: baudRate } })),
    }),
    {
      name: 'iotmp-studio.serial-defaults',
      version: 1,
      partialize: (s) => ({ bauds: s.bauds }),
      merge: (saved, current) => ({
        ...current,
        bauds: { ...DEFAULT_BAUDS, ...(saved as Partial<SerialDefaultsSlice> | undefined)?.bauds },
      }),
    },
  ),
);

/**
 * ESP by USB id or by the board chosen or read on the port (a generic bridge, a pty); an AVR
 * board when one is detected or chosen; anything else is "other".
 */
export function baudKindOf(port: Pick<Port, 'family' | 'board'> | undefined): BaudKind {
  if (port?.family === 'esp') return 'esp';
  if (port?.board && (ESP_BOARD_IDS as readonly string[]).includes(port.board)) return 'esp';
  return port?.board ? 'avr' : 'other';
}

/** The rate to open `port` at: its last one, else its kind's default. */
export function initialBaud(
  port: Pick<Port, 'family' | 'board' | 'lastBaud'> | undefined,
  bauds: Readonly<Record<BaudKind, number>> = useSerialDefaults.getState().bauds,
): number {
  return port?.lastBaud ?? bauds[baudKindOf(port)];
}

/** The rate to open the port at `path` now (its row in the ports slice, if listed). */
export const baudFor = (path: string): number =>
  initialBaud(usePorts.getState().ports.find((p) => p.path === path));
