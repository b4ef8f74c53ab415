import { describe, expect, it } from 'vitest';
import { numberFieldText, parseNumberText, stepFor, stepValue } from './numberText';

describe('parseNumberText', () => {
  it('reads integers exactly, beyond 2^53 as $bigint', () => {
    expect(parseNumberText(' +42 ')).toEqual({ ok: true, value: 42 });
    expect(parseNumberText('1_000 000')).toEqual({ ok: true, value: 1000000 });
    expect(parseNumberText('-0')).toEqual({ ok: true, value: -0 });
    expect(parseNumberText('12345678901234567890')).toEqual({
      ok: true,
      value: { $bigint: '12345678901234567890' },
    });
  });

  it('reads decimals, exponents and the non-finite words', () => {
    expect(parseNumberText('21.5')).toEqual({ ok: true, value: 21.5 });
    expect(parseNumberText('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberText('12.')).toEqual({ ok: true, value: 12 });
    expect(parseNumberText('1e3')).toEqual({ ok: true, value: 1000 });
    expect(parseNumberText('NaN')).toEqual({ ok: true, value: { $double: 'NaN' } });
    expect(parseNumberText('-inf')).toEqual({ ok: true, value: { $double: '-Infinity' } });
    expect(parseNumberText('Infinity')).toEqual({ ok: true, value: { $double: 'Infinity' } });
  });

  it('refuses what is not a number yet, with the reason', () => {
    for (const text of ['', '-', '1.2.3', 'abc', '0x10', '1e999', 'e5'])
      expect(parseNumberText(text)).toEqual({
        ok: false,
        message: 'Type a number, e.g. 21.5 (NaN and Infinity are words)',
      });
  });
});

describe('numberFieldText', () => {
  it('writes every numeric shape as it is typed back', () => {
    expect(numberFieldText(21.5)).toBe('21.5');
    expect(numberFieldText({ $bigint: '-12345678901234567890' })).toBe('-12345678901234567890');
    expect(numberFieldText({ $double: 'NaN' })).toBe('NaN');
    expect(numberFieldText('text')).toBe('');
  });
});

describe('stepFor', () => {
  it('steps integers by 1 and decimals by one unit of their last decimal, 0.001 at the finest', () => {
    expect(stepFor(20)).toBe(1);
    expect(stepFor({ $bigint: '99999999999999999999' })).toBe(1);
    expect(stepFor(21.5)).toBe(0.1);
    expect(stepFor(21.25)).toBe(0.01);
    expect(stepFor(0.123456)).toBe(0.001);
    expect(stepFor(1e-9)).toBe(0.1);
    expect(stepFor('text')).toBe(0.1);
  });
});

describe('stepValue', () => {
  it('adds without binary noise and keeps to the range', () => {
    expect(stepValue(21.1, 0.1)).toBe(21.2);
    expect(stepValue(0.3, -0.1)).toBe(0.2);
    expect(stepValue(9, 1, { min: 0, max: 9 })).toBe(9);
    expect(stepValue(0, -1, { min: 0, max: 9 })).toBe(0);
  });

  it('steps a $bigint exactly and leaves a non-finite value as it is', () => {
    expect(stepValue({ $bigint: '9007199254740993' }, 1)).toEqual({ $bigint: '9007199254740994' });
    expect(stepValue({ $double: 'NaN' }, 1)).toEqual({ $double: 'NaN' });
  });
});
