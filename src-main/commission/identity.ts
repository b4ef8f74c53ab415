/**
 * Identity naming from a plan's pattern: `pump-{n}`, `pump-{n:3}`, `node-{mac6}`, `{serial}`.
 * Pure; the job supplies the board's facts and the next free number.
 */
import { CommissionError } from './CommissionError';

export interface NamingFacts {
  /** The number `{n}` stands for (the job picks the next free one). */
  n?: number;
  mac?: string | null;
  usbSerial?: string | null;
}

const PLACEHOLDER = /\{(n(?::(\d))?|mac|mac6|serial)\}/g;

/** Whether the pattern numbers boards (`{n}`), so the job must find the next free number. */
export const numbersBoards = (pattern: string): boolean => /\{n(:\d)?\}/.test(pattern);

const macDigits = (mac: string): string => mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase();

export function expandIdentity(pattern: string, facts: NamingFacts): string {
  return pattern.replace(PLACEHOLDER, (_, what: string, width?: string) => {
    if (what.startsWith('n')) {
      if (facts.n === undefined) throw new Error('expandIdentity: {n} needs a number');
      return String(facts.n).padStart(width ? Number(width) : 0, '0');
    }
    if (what === 'serial') {
      if (!facts.usbSerial)
        throw new CommissionError(
          'IDENTITY',
          `the plan names devices after the USB serial number ({serial}), but this port reports none: use {n} or {mac} instead`,
        );
      // Serial numbers may hold characters IoTMP ids do not (spaces, slashes).
      return facts.usbSerial.replace(/[^\p{L}\p{N}_.\-:@]/gu, '_');
    }
    if (!facts.mac)
      throw new CommissionError(
        'IDENTITY',
        `the plan names devices after the MAC address ({${what}}), but this board reports none: use {n} instead`,
      );
    const hex = macDigits(facts.mac);
    return what === 'mac6' ? hex.slice(-6) : hex;
  });
}
