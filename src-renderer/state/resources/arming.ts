/**
 * Confirmation before changing the physical world (UI.md §3.4): arm, then confirm; an armed
 * control disarms by itself after ARM_MS. The one confirmation mechanism of the app.
 */
import type { Value } from '@contract/schemas';
import { ARM_MS, resourceKey } from './model';
import { run, type RunTarget, type RunWords } from './runs';
import { announce, entryOf, patchEntry } from './store';

const armTimers = new Map<string, ReturnType<typeof setTimeout>>();

export function arm(
  key: string,
  input: Value | undefined,
  words?: { armed: string },
  origin = 'panel',
): void {
  clearTimeout(armTimers.get(key));
  patchEntry(key, { armed: { input, until: Date.now() + ARM_MS, origin } });
  armTimers.set(
    key,
    setTimeout(() => disarm(key), ARM_MS),
  );
  if (words) announce(words.armed);
}

export function disarm(key: string): void {
  clearTimeout(armTimers.get(key));
  armTimers.delete(key);
  if (entryOf(key).armed) patchEntry(key, { armed: null });
}

/** Sends what was armed. */
export function confirmArmed(t: RunTarget, words?: RunWords): void {
  const key = resourceKey(t.user, t.device, t.resource);
  const armed = entryOf(key).armed;
  if (!armed) return;
  disarm(key);
  run(t, armed.input, words);
}

/** Forgets the timers (tests). */
export function resetArming(): void {
  for (const t of armTimers.values()) clearTimeout(t);
  armTimers.clear();
}
