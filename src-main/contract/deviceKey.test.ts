import { describe, expect, it } from 'vitest';
import { deviceKey, splitKey } from './deviceKey';

describe('deviceKey', () => {
  it('names a device the same from its parts or from an identity, and splits back', () => {
    expect(deviceKey('site', 'thermo-1')).toBe('site/thermo-1');
    expect(deviceKey({ user: 'site', device: 'thermo-1' })).toBe('site/thermo-1');
    expect(splitKey(deviceKey('site', 'thermo-1'))).toEqual(['site', 'thermo-1']);
  });
});
