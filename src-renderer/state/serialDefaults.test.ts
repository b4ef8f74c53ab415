import { describe, expect, it } from 'vitest';
import { baudKindOf, DEFAULT_BAUDS, initialBaud } from './serialDefaults';

describe('the rate a monitor opens at', () => {
  it('an ESP board on a generic bridge or a pty (chosen, or read from its chip) opens at 115200, not the AVR 9600', () => {
    expect(baudKindOf({ board: 'esp8266' })).toBe('esp');
    expect(baudKindOf({ family: 'esp', board: null })).toBe('esp');
    expect(baudKindOf({ board: 'uno' })).toBe('avr');
    expect(baudKindOf({ board: null })).toBe('other');
    expect(initialBaud({ board: 'esp32s3', lastBaud: null }, DEFAULT_BAUDS)).toBe(
      115200,
    );
  });
});
