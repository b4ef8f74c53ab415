import { describe, expect, it } from 'vitest';
import { shortDate } from './time';

describe('shortDate', () => {
  const now = new Date(2026, 11, 6, 12).getTime();

  it('names the month in the user locale (Intl), with the year only for another year', () => {
    const day = new Date(2026, 10, 14, 9).getTime();
    const expected = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
    expect(shortDate(day, now)).toBe(expected.format(day));
    expect(shortDate(day, now)).toMatch(/14/);
    const lastYear = new Date(2025, 10, 14, 9).getTime();
    expect(shortDate(lastYear, now)).toMatch(/2025/);
    expect(shortDate(day, now)).not.toMatch(/2026/);
  });
});
