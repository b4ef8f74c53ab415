import { describe, expect, it } from 'vitest';
import { MissingValueError, at, first, last, present } from './present';

describe('present', () => {
  it('returns what is there, falsy values included', () => {
    expect(at([10, 0, 30], 1)).toBe(0);
    expect(at(new Uint8Array([7, 8]), 1)).toBe(8);
    expect(first(['a', 'b'])).toBe('a');
    expect(last(['a', 'b'])).toBe('b');
    expect(present(0, 'count')).toBe(0);
    expect(present('', 'name')).toBe('');
  });

  it('names what is missing instead of handing on undefined', () => {
    expect(() => at([1, 2], 2, 'column')).toThrow(
      new MissingValueError('no column at index 2 (of 2)'),
    );
    expect(() => at([1, 2], -1)).toThrow(MissingValueError);
    expect(() => at([1, 2], 0.5)).toThrow(MissingValueError);
    expect(() => first([], 'record')).toThrow('no record at index 0 (of 0)');
    expect(() => last([], 'migration')).toThrow('no migration at index -1 (of 0)');
    expect(() => present(undefined, 'the saved row')).toThrow('the saved row is missing');
    expect(() => present(null, 'x')).toThrow(MissingValueError);
  });
});
