import { describe, expect, it } from 'vitest';
import { menuKeyStep } from './useRovingMenu';

describe('menuKeyStep', () => {
  it('moves round with the arrows and jumps with Home and End', () => {
    expect(menuKeyStep('ArrowDown', 0, 4)).toBe(1);
    expect(menuKeyStep('ArrowDown', 3, 4)).toBe(0);
    expect(menuKeyStep('ArrowUp', 0, 4)).toBe(3);
    expect(menuKeyStep('ArrowUp', 2, 4)).toBe(1);
    expect(menuKeyStep('Home', 3, 4)).toBe(0);
    expect(menuKeyStep('End', 0, 4)).toBe(3);
  });

  it('closes on Escape and Tab, and leaves every other key alone', () => {
    expect(menuKeyStep('Escape', 1, 4)).toBe('close');
    expect(menuKeyStep('Tab', 1, 4)).toBe('close');
    expect(menuKeyStep('Enter', 1, 4)).toBeNull();
    expect(menuKeyStep('a', 1, 4)).toBeNull();
  });
});
