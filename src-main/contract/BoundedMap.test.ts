import { describe, expect, it } from 'vitest';
import { BoundedMap } from './BoundedMap';

describe('BoundedMap', () => {
  it('keeps at most max entries, forgetting the oldest set first', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([...m]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
