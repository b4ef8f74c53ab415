/** The one-click fix a failed board offers, for AVR and ESP boards, in both directions. */
import { describe, expect, it } from 'vitest';
import type { FlashBoardResult } from '@contract/flashSchemas';
import { BOARDS, UNO_TARGET, WRONG_BOARD } from '../testing';
import { fixFor } from './fixes';

const failed = (code: string, message: string): FlashBoardResult => ({
  ...WRONG_BOARD,
  error: { ...WRONG_BOARD.error, code, message },
});

describe('fixFor', () => {
  it('a Mega set as Uno offers the Mega; an Uno set as Mega offers the Uno (issue 16)', () => {
    expect(fixFor(WRONG_BOARD, 'uno', BOARDS, null)).toMatchObject({
      kind: 'switch-retry',
      board: { id: 'mega2560' },
    });
    // stk500v2's sentence when Optiboot answers its probe (flash/protocol/stk500v2.ts).
    const unoAsMega = failed(
      'WRONG_BOARD',
      "This board runs the Uno/Nano bootloader (Optiboot, an ATmega328P), not the Arduino Mega 2560's: choose the right board and retry",
    );
    expect(fixFor(unoAsMega, 'mega2560', BOARDS, UNO_TARGET)).toMatchObject({
      kind: 'switch-retry',
      board: { id: 'uno' },
    });
    // A Mega image would not run on the Uno found: switch, then choose the Uno's firmware.
    const megaImage = { ...UNO_TARGET!, chip: 'atmega2560', chips: ['atmega2560'] };
    expect(fixFor(unoAsMega, 'mega2560', BOARDS, megaImage)).toMatchObject({
      kind: 'switch-choose',
      board: { id: 'uno' },
    });
  });

  it('ESP: another chip answering, no download mode, a refused baud, a file for another chip', () => {
    const esp8266 = failed(
      'WRONG_BOARD',
      'This is an ESP8266, not an ESP32: choose the right board and retry',
    );
    expect(fixFor(esp8266, 'esp32', BOARDS, null)).toMatchObject({
      kind: 'switch-retry',
      board: { id: 'esp8266' },
    });
    const esp32Image = { ...UNO_TARGET!, family: 'esp' as const, chip: 'esp32', chips: ['esp32'] };
    expect(fixFor(esp8266, 'esp32', BOARDS, esp32Image)).toMatchObject({ kind: 'switch-choose' });
    expect(fixFor(failed('NO_BOOTLOADER', 'hold BOOT'), 'esp32', BOARDS, null)).toMatchObject({
      kind: 'retry',
    });
    expect(fixFor(failed('BAUD_FAILED', 'baud'), 'esp32', BOARDS, null)).toMatchObject({
      kind: 'retry-slower',
      baud: 115200,
    });
    expect(fixFor(failed('WRONG_CHIP', 'built for'), 'esp8266', BOARDS, null)).toMatchObject({
      kind: 'choose-firmware',
      board: { id: 'esp8266' },
    });
    // An AVR board that did not answer keeps "Retry failed" only.
    expect(fixFor(failed('NO_BOOTLOADER', 'no answer'), 'uno', BOARDS, null)).toBeNull();
  });
});
