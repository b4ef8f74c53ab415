import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { descriptorTableSize, reserveDescriptorTable } from './descriptorTable';

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe.runIf(process.platform === 'linux')('reserveDescriptorTable', () => {
  it('grows the table to the count asked for and leaves no descriptor open', () => {
    const before = openDescriptors();
    const want = Math.max(descriptorTableSize() * 2, 2048);
    expect(descriptorTableSize()).toBeLessThan(want);
    const size = reserveDescriptorTable(want);
    expect(size).toBeGreaterThanOrEqual(want);
    expect(descriptorTableSize()).toBe(size);
    expect(openDescriptors()).toBe(before);
  });

  it('asks nothing of the kernel when the table is already that long', () => {
    const size = descriptorTableSize();
    expect(reserveDescriptorTable(16)).toBe(size);
  });
});
