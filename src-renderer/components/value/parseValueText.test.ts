import { describe, expect, it } from 'vitest';
import { parseValueText } from './parseValueText';

const fails = (text: string) => {
  const r = parseValueText(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return r;
};

describe('parseValueText', () => {
  it('parses typed JSON with positions, duplicate keys last wins, `__proto__` as data', () => {
    expect(parseValueText('{"a": 1, "a": 2}')).toEqual({ ok: true, value: { a: 2 } });
    const proto = parseValueText('{"__proto__": 1}');
    expect(proto.ok && Object.keys(proto.value as object)).toEqual(['__proto__']);
    expect(parseValueText('[1,\n 2,,]')).toMatchObject({ ok: false, line: 2, column: 4 });
    expect(parseValueText('')).toMatchObject({ ok: false, message: 'type a JSON value' });
    expect(parseValueText('1e999')).toMatchObject({ ok: false, line: 1, column: 1 });
    expect(parseValueText('{"$double": "Infinity"}')).toEqual({
      ok: true,
      value: { $double: 'Infinity' },
    });
  });

  it('reads every JSON kind, nested, with white space around', () => {
    const text = ' {"n": -1.5e2, "t": true, "f": false, "z": null,\n "l": [0, [], {}], "s": "x"} ';
    expect(parseValueText(text)).toEqual({
      ok: true,
      value: { n: -150, t: true, f: false, z: null, l: [0, [], {}], s: 'x' },
    });
  });

  it('decodes the escapes of a string, and refuses unknown ones where they stand', () => {
    expect(parseValueText('"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"')).toEqual({
      ok: true,
      value: 'a"\\/\b\f\n\r\té',
    });
    expect(fails('"ab\\x"')).toMatchObject({ message: 'unknown escape after \\', column: 4 });
    expect(fails('"\\u12"')).toMatchObject({ message: 'unknown escape after \\', column: 2 });
    expect(fails('"ab')).toMatchObject({ message: 'a text is not closed with "', column: 4 });
    expect(fails('"a\nb"')).toMatchObject({ line: 1, column: 3 });
  });

  it('says what was expected, and where the text ended too early', () => {
    expect(fails('{"a" 1}')).toMatchObject({ message: 'expected :', column: 6 });
    expect(fails('{"a": 1 "b": 2}')).toMatchObject({ message: 'expected , or }', column: 9 });
    expect(fails('[1 2]')).toMatchObject({ message: 'expected , or ]', column: 4 });
    expect(fails('{1: 2}')).toMatchObject({ message: 'expected a key in double quotes' });
    expect(fails('{"a": 1,')).toMatchObject({ message: 'the text ends too early', column: 9 });
    expect(fails('[1,')).toMatchObject({ message: 'the text ends too early' });
    expect(fails('[')).toMatchObject({ message: 'the text ends too early' });
    expect(fails('   ')).toMatchObject({ message: 'type a JSON value' });
    expect(fails('1 2')).toMatchObject({ message: 'more text after the value', column: 3 });
    expect(fails('tru')).toMatchObject({ message: 'unexpected "t"', column: 1 });
    expect(fails('[x]')).toMatchObject({ message: 'unexpected "x"', column: 2 });
    expect(fails('01')).toMatchObject({ message: 'more text after the value', column: 2 });
  });

  it('bounds nesting at 64 levels', () => {
    expect(parseValueText(`${'['.repeat(65)}${']'.repeat(65)}`).ok).toBe(true);
    expect(fails(`${'['.repeat(66)}${']'.repeat(66)}`)).toMatchObject({
      message: 'nested more than 64 levels',
    });
  });

  it('checks the `$…` conventions at the position of their object', () => {
    expect(parseValueText('{"$bytes": "0x01:ff"}')).toEqual({
      ok: true,
      value: { $bytes: '0x01:ff' },
    });
    expect(fails('[1, {"$bytes": "zz"}]')).toMatchObject({
      message: '$bytes must be a string of hex digits',
      column: 5,
    });
    expect(fails('{"$bytes": "abc"}').message).toBe('$bytes has an odd number of hex digits');
    expect(fails('{"$bigint": "1.5"}').message).toBe('$bigint must be a string of decimal digits');
    expect(parseValueText('{"$bigint": "-123456789012345678901"}').ok).toBe(true);
    expect(fails('{"$double": "inf"}').message).toBe(
      '$double must be "NaN", "Infinity" or "-Infinity"',
    );
    expect(parseValueText('{"$double": 1.5}').ok).toBe(true);
    expect(fails('{"$empty": false}').message).toBe('$empty must be true');
    // Two keys: an ordinary map, not a convention.
    expect(parseValueText('{"$bytes": "zz", "b": 1}').ok).toBe(true);
  });
});
