/**
 * Number text as a technician types it (UI.md §3.2 "Number") ↔ a PSON number: integers beyond
 * 2^53 stay exact (`$bigint`), NaN and ±Infinity are words, and the stepper's step and sum.
 */
import { messages } from '../../messages';
import {
  bigintText,
  integerValue,
  nonFiniteText,
  numberText,
  numberValue,
  numericValue,
  shapeOf,
  type Value,
} from '../../model/pson';
import type { Parsed } from './useDraftText';

const t = messages.device.form;

export type NumberParse = Parsed<Value>;

const WORDS: Record<string, number> = {
  nan: NaN,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
  inf: Infinity,
  '-inf': -Infinity,
};

/**
 * Decimals are accepted even when the template is an integer: PSON sends 21.0 as 21 (IOTMP.md
 * §4.3), so an integral template says nothing about what the device accepts.
 */
export function parseNumberText(text: string): NumberParse {
  const s = text.trim().replace(/[\s_]/g, '');
  if (/^[+-]?\d+$/.test(s)) return { ok: true, value: integerValue(s.replace(/^\+/, '')) };
  const word = WORDS[s.toLowerCase()];
  if (word !== undefined) return { ok: true, value: numberValue(word) };
  const n = s === '' ? NaN : Number(s);
  if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s))
    return { ok: false, message: t.notANumber };
  return { ok: true, value: n };
}

export function numberFieldText(v: Value): string {
  switch (shapeOf(v)) {
    case 'bigint':
      return bigintText(v);
    case 'nonfinite':
      return nonFiniteText(v);
    case 'integer':
    case 'float':
      return numberText(v as number);
    default:
      return '';
  }
}

/** The stepper's step: 1 for an integer template, else one unit of its last decimal. */
export function stepFor(template: Value): number {
  const shape = shapeOf(template);
  if (shape === 'integer' || shape === 'bigint') return 1;
  const n = numericValue(template);
  const text = n === null ? '' : numberText(n);
  const decimals =
    text.includes('.') && !text.includes('e') ? text.length - text.indexOf('.') - 1 : 1;
  return 10 ** -Math.min(Math.max(decimals, 1), 3);
}

const decimalsOf = (x: number): number => {
  const text = numberText(x);
  if (text.includes('e')) return 15;
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
};

/** `v + delta` without binary noise (21.1 + 0.1 = 21.2, not 21.200000000000003). */
export function stepValue(v: Value, delta: number, range?: { min: number; max: number }): Value {
  const shape = shapeOf(v);
  if (shape === 'bigint') {
    const next = BigInt(bigintText(v)) + BigInt(Math.round(delta));
    return integerValue(next.toString());
  }
  const n = numericValue(v);
  if (n === null || !Number.isFinite(n)) return v;
  const decimals = Math.min(15, Math.max(decimalsOf(n), decimalsOf(delta)));
  let next = Number((n + delta).toFixed(decimals));
  if (range) next = Math.min(range.max, Math.max(range.min, next));
  return next;
}
