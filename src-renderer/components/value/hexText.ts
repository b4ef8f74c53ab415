/** Hex bytes as text: spaced for reading, and as people paste it (UI.md §3.2 "Bytes"). */
import { messages } from '../../messages';
import type { Parsed } from './useDraftText';

const t = messages.device.form;

/** `de ad be ef` */
export const spacedHex = (hex: string): string => hex.replace(/(..)(?=.)/g, '$1 ');

/** Hex as people paste it ("01 ff", "0x01ff", "01:ff") → the digits, lower case, or the reason. */
export function parseHexText(text: string): Parsed<string> {
  const digits = text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:,-]/g, '');
  const bad = /[^0-9a-f]/i.exec(digits);
  if (bad) return { ok: false, message: t.notHex(bad[0]) };
  if (digits.length % 2) return { ok: false, message: t.oddHex };
  return { ok: true, value: digits.toLowerCase() };
}
