/**
 * The firmware views' board ids and fit sentences: every board profile maps to a contract board id
 * (a profile without one is a named error, not an `undefined` board), and a wrong-chip fit names
 * the chip the file was built for. Firmware from ../shared/fixtures/firmware.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BOARD_IDS } from '../../contract';
import { MissingValueError } from '../../contract/present';
import { BOARDS, ESP_BOARDS, parseFirmware, type Firmware } from '../../flash/protocol';
import { boardProfileView, fitView, hexOnEspFit } from './firmwareViews';

const FW = fileURLToPath(new URL('../../../../shared/fixtures/firmware/', import.meta.url));
const hexOf = (p: string): Firmware => parseFirmware(readFileSync(`${FW}${p}`, 'utf8'));

describe('firmwareViews', () => {
  test('every AVR and ESP board profile has its contract board id', () => {
    const ids = [...Object.values(BOARDS), ...Object.values(ESP_BOARDS)].map(
      (b) => boardProfileView(b).id,
    );
    expect([...ids].sort()).toEqual([...BOARD_IDS].sort());
  });

  test('a profile the contract does not know is a named error', () => {
    const stray = { ...BOARDS.uno, id: 'attiny85' };
    expect(() => boardProfileView(stray)).toThrow(MissingValueError);
    expect(() => boardProfileView(stray)).toThrow(
      'contract board id for board profile "attiny85" is missing',
    );
  });

  test('a Mega file on an Uno names the chip it was built for; an Uno file fits', () => {
    const mega = fitView(hexOf('mega2560/hello.hex'), BOARDS.uno);
    expect(mega).toMatchObject({ board: 'uno', fits: false, wrongChip: true });
    expect(mega.text).toMatch(
      /^built for ATmega2560 \(Mega 2560\), the Arduino Uno has an ATmega328P$/,
    );
    const uno = fitView(hexOf('uno/hello.hex'), BOARDS.uno);
    expect(uno).toMatchObject({ board: 'uno', fits: true, wrongChip: false });
    expect(uno.text).toMatch(/^[\d ]+ of 32 256 bytes$/);
    expect(hexOnEspFit(hexOf('uno/hello.hex'), ESP_BOARDS.esp32).board).toBe('esp32');
  });
});
