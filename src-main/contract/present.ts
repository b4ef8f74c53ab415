/**
 * Reads that the code's own logic says cannot miss (an index inside a checked range, a key just
 * stored, a row just written). They replace the `!` assertion: if the logic is ever wrong, the
 * failure is a named error saying what was missing, not an `undefined` travelling on until
 * something far away crashes. Bad input never reaches these: it gets its own clear error first.
 */
export class MissingValueError extends Error {
  override name = 'MissingValueError';
}

/** `items[index]`, which must exist. */
export function at<T>(items: ArrayLike<T>, index: number, what = 'item'): T {
  if (!Number.isInteger(index) || index < 0 || index >= items.length) {
    throw new MissingValueError(`no ${what} at index ${index} (of ${items.length})`);
  }
  return items[index] as T;
}

/** The first element of a list that must not be empty. */
export function first<T>(items: ArrayLike<T>, what = 'item'): T {
  return at(items, 0, what);
}

/** The last element of a list that must not be empty. */
export function last<T>(items: ArrayLike<T>, what = 'item'): T {
  return at(items, items.length - 1, what);
}

/** `value`, which the caller knows is set (a row just written, a key just stored). */
export function present<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new MissingValueError(`${what} is missing`);
  return value;
}
