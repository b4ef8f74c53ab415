import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { VESP_FIXTURES } from '../../testing/vesp';
import { targetFits } from '../target';
import { espImageTarget } from './firmwareTarget';
import { parseEspImage } from './image';

const image = (chip: string) =>
  parseEspImage(new Uint8Array(readFileSync(`${VESP_FIXTURES}${chip}/hello.bin`)), 'hello.bin');

describe('the chip an ESP image was built for, as a FirmwareTarget', () => {
  test.each([
    ['esp32', 'ESP32', 'image header chip id 0'],
    ['esp32s3', 'ESP32-S3', 'image header chip id 9'],
    ['esp8266', 'ESP8266', 'image without an extended header (ESP8266 layout)'],
  ])('%s/hello.bin: %s', (chip, name, evidence) => {
    const t = espImageTarget(image(chip));
    expect(t).toEqual({
      family: 'esp',
      chip,
      name,
      chips: [chip],
      source: 'esp-image-header',
      evidence,
    });
    expect(targetFits(t!, name)).toBe(true);
    expect(targetFits(t!, chip === 'esp32' ? 'ESP32-S3' : 'ESP32')).toBe(false);
  });
});
