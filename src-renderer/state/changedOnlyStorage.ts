/**
 * Storage for persisted slices whose live state changes many times a second (device counters,
 * inspector batches, stream samples). zustand's `persist` writes on every `setState`; this
 * writes (JSON and a synchronous localStorage call) only when a persisted field changed: fields
 * compared by identity, plain objects one level down (a `partialize` may build one per call).
 */
import { createJSONStorage, type PersistStorage, type StorageValue } from 'zustand/middleware';

type Fields = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function sameFields(a: Fields, b: Fields, depth = 1): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (depth > 0 && isPlainObject(x) && isPlainObject(y) && sameFields(x, y, depth - 1)) continue;
    return false;
  }
  return true;
}

/** One per store: it remembers what that store wrote last. */
export function changedOnlyStorage<S>(): PersistStorage<S> | undefined {
  const inner = createJSONStorage<S>(() => localStorage);
  if (!inner) return undefined;
  let last: StorageValue<S> | null = null;
  return {
    ...inner,
    setItem: (name, value) => {
      if (
        last !== null &&
        last.version === value.version &&
        sameFields(last.state as Fields, value.state as Fields)
      )
        return;
      last = value;
      return inner.setItem(name, value);
    },
  };
}
