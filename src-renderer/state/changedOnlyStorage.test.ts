// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { changedOnlyStorage } from './changedOnlyStorage';

interface Slice {
  counter: number;
  filter: { text: string; types: string[] };
  widths: number[];
}

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('changedOnlyStorage', () => {
  it('writes only when a persisted field changed, one level into objects', () => {
    const types = ['RUN'];
    const store = create<Slice>()(
      persist(() => ({ counter: 0, filter: { text: '', types }, widths: [1] }), {
        name: 'test.slice',
        storage: changedOnlyStorage(),
        // A new filter object on every call, as the inspector's partialize builds one.
        partialize: (s) => ({ filter: { ...s.filter }, widths: s.widths }),
      }),
    );
    const write = vi.spyOn(Storage.prototype, 'setItem');
    for (let i = 1; i <= 50; i++) store.setState({ counter: i }); // live state only
    expect(write).toHaveBeenCalledTimes(1); // the first update writes; 49 change nothing kept
    store.setState((s) => ({ filter: { ...s.filter, text: 'x' } }));
    store.setState({ widths: [2] });
    expect(write).toHaveBeenCalledTimes(3);
    expect(JSON.parse(localStorage.getItem('test.slice')!)).toMatchObject({
      state: { filter: { text: 'x', types: ['RUN'] }, widths: [2] },
    });
  });
});
