import { describe, expect, it } from 'vitest';
import { testDevice } from './testDevices';
import { hiddenCount, selectedDevices, someShownUnselected } from './selection';

describe('selection sums', () => {
  it('selectedDevices keeps the selection order and leaves out keys the list no longer has', () => {
    const a = testDevice('site/a');
    const b = testDevice('site/b');
    const devices = { [a.key]: a, [b.key]: b };
    expect(selectedDevices(devices, ['site/b', 'site/gone', 'site/a'])).toEqual([b, a]);
    expect(selectedDevices(devices, [])).toEqual([]);
  });

  it('hiddenCount counts the selected devices the filters hide', () => {
    expect(hiddenCount(['u/a', 'u/b', 'u/c'], ['u/b'])).toBe(2);
    expect(hiddenCount(['u/a'], ['u/a', 'u/b'])).toBe(0);
    expect(hiddenCount([], ['u/a'])).toBe(0);
  });

  it('someShownUnselected says whether "Select shown" would tick anything', () => {
    expect(someShownUnselected(['u/a'], ['u/a', 'u/b'])).toBe(true);
    expect(someShownUnselected(['u/a', 'u/b', 'u/c'], ['u/a', 'u/b'])).toBe(false);
    expect(someShownUnselected(['u/a'], [])).toBe(false);
  });
});
