import { describe, expect, test } from 'vitest';
import { identifyBoard, isSystemPort } from './boardTable';
import { BOARDS } from '../flash/protocol/boards';

describe('VID/PID table', () => {
  test.each([
    ['2341', '0043', 'Arduino Uno', 'uno'],
    ['2A03', '0043', 'Arduino Uno', 'uno'],
    ['2341', '0042', 'Arduino Mega 2560', 'mega2560'],
    ['2341', '0010', 'Arduino Mega 2560', 'mega2560'],
    ['2341', '8036', 'Arduino Leonardo', null],
    ['2341', '8037', 'Arduino Micro', null],
    ['2341', '0058', 'Arduino Nano Every', null],
  ])('%s:%s is the %s', (vid, pid, name, flash) => {
    expect(identifyBoard(vid, pid)).toEqual({ kind: 'arduino', name, flashBoardId: flash });
  });

  test('every flashable board id names a flash profile', () => {
    for (const [vid, pid] of [
      ['2341', '0043'],
      ['2341', '0042'],
    ]) {
      const id = identifyBoard(vid, pid);
      expect(id.kind === 'arduino' && id.flashBoardId && id.flashBoardId in BOARDS).toBe(true);
    }
  });

  test.each([
    ['1a86', '7523', 'CH340'],
    ['10c4', 'ea60', 'CP210x'],
    ['0403', '6001', 'FTDI FT232R'],
  ])('%s:%s is a %s bridge: "generic: choose the board"', (vid, pid, chip) => {
    expect(identifyBoard(vid, pid)).toEqual({
      kind: 'bridge',
      chip,
      name: `Generic USB-serial (${chip}): choose the board`,
    });
  });

  test('unknown devices and ports without USB ids ask for the board too', () => {
    expect(identifyBoard('dead', 'beef')).toEqual({
      kind: 'unknown',
      name: 'Unknown USB device (dead:beef): choose the board',
    });
    expect(identifyBoard(undefined, undefined).kind).toBe('unknown');
    expect(identifyBoard('2341', 'ffff')).toMatchObject({ kind: 'arduino', flashBoardId: null });
  });

  test('Espressif native USB and the Nano ESP32 are ESP boards; ESP bridges ask for the board', () => {
    expect(identifyBoard('303a', '1001')).toMatchObject({
      family: 'esp',
      name: 'Espressif ESP32-S3/C3/C6 (USB-Serial/JTAG)',
    });
    expect(identifyBoard('2341', '0062')).toMatchObject({ kind: 'arduino', family: 'esp' });
    expect(identifyBoard('1a86', '55d4')).toMatchObject({ kind: 'bridge', chip: 'CH9102' });
    expect(identifyBoard('10c4', 'ea60')).toMatchObject({ kind: 'bridge', chip: 'CP210x' });
    expect(identifyBoard('0403', '6001')).toMatchObject({ kind: 'bridge', chip: 'FTDI FT232R' });
  });
});

describe('isSystemPort', () => {
  test("the machine's own UARTs without USB identity, not ports added by path or USB ones", () => {
    expect(isSystemPort('/dev/ttyS0', undefined, false)).toBe(true);
    expect(isSystemPort('/dev/ttyAMA0', undefined, false)).toBe(true);
    expect(isSystemPort('/dev/ttyS0', undefined, true)).toBe(false);
    expect(isSystemPort('/dev/ttyUSB0', '1a86', false)).toBe(false);
    expect(isSystemPort('/tmp/vboard.x/tty', undefined, false)).toBe(false);
  });
});
