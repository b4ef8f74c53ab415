/**
 * USB VID:PID → what is plugged in. Official Arduino boards are named (and, for the ones this
 * app can flash, mapped to a flash profile id); common USB-serial bridges, used by clones and by
 * older official boards, cannot tell which board is behind them, so the technician chooses.
 * Sources: the boards.txt files of the Arduino AVR, megaAVR, SAM, SAMD and mbed cores.
 */

export type BoardIdentity = (
  | {
      readonly kind: 'arduino';
      readonly name: string;
      /** Flash profile id when this app can flash the board (flash/protocol/boards.ts). */
      readonly flashBoardId: string | null;
    }
  | { readonly kind: 'bridge'; readonly chip: string; readonly name: string }
  | { readonly kind: 'unknown'; readonly name: string }
) & {
  /** 'esp' when the USB id can only be an ESP board (Espressif native USB, Nano ESP32). */
  readonly family?: 'esp';
};

interface Entry {
  name: string;
  flash?: string;
  esp?: boolean;
}

const ARDUINO_VIDS = ['2341', '2a03', '1b4f', '239a'];

/** Keyed by lower-case "vid:pid". */
const ARDUINO: Record<string, Entry> = {
  '2341:0001': { name: 'Arduino Uno', flash: 'uno' },
  '2341:0043': { name: 'Arduino Uno', flash: 'uno' },
  '2a03:0043': { name: 'Arduino Uno', flash: 'uno' },
  '2341:0243': { name: 'Genuino Uno', flash: 'uno' },
  '2341:0010': { name: 'Arduino Mega 2560', flash: 'mega2560' },
  '2341:0042': { name: 'Arduino Mega 2560', flash: 'mega2560' },
  '2a03:0010': { name: 'Arduino Mega 2560', flash: 'mega2560' },
  '2a03:0042': { name: 'Arduino Mega 2560', flash: 'mega2560' },
  '2341:0210': { name: 'Genuino Mega 2560', flash: 'mega2560' },
  '2341:0242': { name: 'Genuino Mega 2560', flash: 'mega2560' },
  '2341:003f': { name: 'Arduino Mega ADK' },
  '2341:0044': { name: 'Arduino Mega ADK' },
  '2341:0036': { name: 'Arduino Leonardo (bootloader)' },
  '2341:8036': { name: 'Arduino Leonardo' },
  '2a03:0036': { name: 'Arduino Leonardo (bootloader)' },
  '2a03:8036': { name: 'Arduino Leonardo' },
  '2341:0037': { name: 'Arduino Micro (bootloader)' },
  '2341:8037': { name: 'Arduino Micro' },
  '2341:0237': { name: 'Genuino Micro (bootloader)' },
  '2341:8237': { name: 'Genuino Micro' },
  '2341:0058': { name: 'Arduino Nano Every' },
  '2341:0070': { name: 'Arduino Uno WiFi Rev2' },
  '2341:003d': { name: 'Arduino Due (programming port)' },
  '2341:003e': { name: 'Arduino Due (native USB)' },
  '2341:804d': { name: 'Arduino Zero' },
  '2341:804e': { name: 'Arduino MKR1000' },
  '2341:8054': { name: 'Arduino MKR WiFi 1010' },
  '2341:8057': { name: 'Arduino Nano 33 IoT' },
  '2341:805a': { name: 'Arduino Nano 33 BLE' },
  '2341:005e': { name: 'Arduino Nano RP2040 Connect' },
  '2341:0069': { name: 'Arduino Uno R4 Minima' },
  '2341:1002': { name: 'Arduino Uno R4 WiFi' },
  '2341:0062': { name: 'Arduino Nano ESP32', esp: true },
};

/**
 * Espressif's own USB ids: the USB-Serial/JTAG peripheral of the ESP32-S3/C3/C6 (which resets
 * into the loader with its own DTR/RTS sequence) and the S2/S3 native USB CDC of TinyUSB.
 */
const ESPRESSIF: Record<string, string> = {
  '303a:1001': 'ESP32-S3/C3/C6 (USB-Serial/JTAG)',
  '303a:0002': 'ESP32-S2 (native USB)',
  '303a:1002': 'ESP32-S3 (native USB, OTG)',
};

const BRIDGES: Record<string, string> = {
  '1a86:7523': 'CH340',
  '1a86:5523': 'CH341',
  '1a86:55d4': 'CH9102',
  '1a86:7522': 'CH340K',
  '1a86:55d3': 'CH343',
  '10c4:ea60': 'CP210x',
  '10c4:ea70': 'CP2105',
  '10c4:ea71': 'CP2108',
  '0403:6001': 'FTDI FT232R',
  '0403:6010': 'FTDI FT2232',
  '0403:6011': 'FTDI FT4232',
  '0403:6014': 'FTDI FT232H',
  '0403:6015': 'FTDI FT231X',
  '067b:2303': 'Prolific PL2303',
};

const norm = (id: string | undefined): string => (id ?? '').toLowerCase().padStart(4, '0');

export function identifyBoard(vendorId?: string, productId?: string): BoardIdentity {
  if (!vendorId || !productId) return { kind: 'unknown', name: 'Unknown port: choose the board' };
  const key = `${norm(vendorId)}:${norm(productId)}`;
  const arduino = ARDUINO[key];
  if (arduino) {
    return {
      kind: 'arduino',
      name: arduino.name,
      flashBoardId: arduino.flash ?? null,
      ...(arduino.esp ? { family: 'esp' as const } : {}),
    };
  }
  const esp = ESPRESSIF[key];
  if (esp) return { kind: 'unknown', name: `Espressif ${esp}`, family: 'esp' };
  const bridge = BRIDGES[key];
  if (bridge) {
    return {
      kind: 'bridge',
      chip: bridge,
      name: `Generic USB-serial (${bridge}): choose the board`,
    };
  }
  if (ARDUINO_VIDS.includes(norm(vendorId))) {
    return { kind: 'arduino', name: `Arduino board (${key})`, flashBoardId: null };
  }
  return { kind: 'unknown', name: `Unknown USB device (${key}): choose the board` };
}

/**
 * A serial port of the machine itself (a PC's 16550 UARTs /dev/ttyS0…, a Raspberry Pi's
 * /dev/ttyAMA0): no USB identity and not added by hand. Linux lists every possible ttyS whether
 * or not a connector exists, so these are hidden unless asked for.
 */
export function isSystemPort(path: string, vendorId: string | undefined, manual: boolean): boolean {
  return !manual && !vendorId && /^\/dev\/tty(S|AMA|PS|mxc|SAC)\d+$/.test(path);
}
