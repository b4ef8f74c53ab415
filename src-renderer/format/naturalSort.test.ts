import { describe, expect, it } from 'vitest';
import { naturalCompare, naturalSorted } from './naturalSort';

describe('natural sort', () => {
  it('orders numbered names by their number, case-insensitively, with a stable tie-break', () => {
    expect(naturalSorted(['field-10', 'field-2', 'Field-1', 'field-100', 'field-1'])).toEqual([
      'Field-1',
      'field-1',
      'field-2',
      'field-10',
      'field-100',
    ]);
    expect(naturalCompare('pump-9', 'pump-10')).toBeLessThan(0);
    expect(naturalCompare('a', 'a')).toBe(0);
  });
});
