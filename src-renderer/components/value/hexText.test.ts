import { describe, expect, it } from 'vitest';
import { parseHexText, spacedHex } from './hexText';

describe('hex text', () => {
  it('spaces bytes for reading', () => {
    expect(spacedHex('deadbeef')).toBe('de ad be ef');
    expect(spacedHex('')).toBe('');
  });

  it('reads hex as people paste it, lower case', () => {
    for (const text of ['01 FF 7a', '0x01ff7a', '01:ff:7a', ' 01-ff,7a '])
      expect(parseHexText(text)).toEqual({ ok: true, value: '01ff7a' });
    expect(parseHexText('')).toEqual({ ok: true, value: '' });
  });

  it('names the first bad digit, or an incomplete last byte', () => {
    expect(parseHexText('01 fg')).toEqual({
      ok: false,
      message: '"g" is not a hex digit (0–9, a–f)',
    });
    expect(parseHexText('01f')).toEqual({
      ok: false,
      message: 'An odd number of hex digits: the last byte is incomplete',
    });
  });
});
