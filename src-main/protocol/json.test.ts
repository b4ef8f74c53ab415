import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { psonValue } from '../conformance/fuzz/properties';
import { psonToJson, psonToJsonText } from './json';
import type { PsonValue } from './value';

const proto: PsonValue = {};
Object.defineProperty(proto, '__proto__', { value: 1, enumerable: true, writable: true });

describe('psonToJsonText', () => {
  it.each<[string, PsonValue]>([
    ['a plain sample map', { t: 1796581544726.5, temperature: 22.3, on: true, name: 'x' }],
    ['nested arrays and maps', [1, [2, { a: null }], { b: [true, 'é'] }]],
    ['negative zero', -0],
    ['non-finite numbers', [NaN, Infinity, { x: -Infinity }]],
    ['a big integer', { n: 2n ** 60n }],
    ['bytes', { raw: new Uint8Array([0, 255, 16]) }],
    ['the pv0 empty value', [undefined, { e: undefined }]],
    ['a __proto__ key', proto],
    ['integer-like keys', { '2': 'b', '1': 'a', x: 0 }],
  ])('writes %s as JSON.stringify(psonToJson(v)) does', (_name, v) => {
    expect(psonToJsonText(v)).toBe(JSON.stringify(psonToJson(v)));
  });

  it('agrees with JSON.stringify(psonToJson(v)) for any PSON value', () => {
    fc.assert(
      fc.property(psonValue, (v) => psonToJsonText(v) === JSON.stringify(psonToJson(v))),
      { numRuns: 500 },
    );
  });
});
