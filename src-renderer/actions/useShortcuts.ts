/** The one keyboard listener: performs the registered action whose `keys` match (see keys.ts). */
import { useEffect } from 'react';
import { isEnabled } from './Action';
import { useActionRegistry } from './actionRegistry';
import { isMac, isPlainKeyChord, matchesChord, parseKeys } from './keys';

/** How long the second key of a sequence (`g` then `d`) is awaited. */
const SEQUENCE_MS = 1_200;

const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT');

export function useShortcuts(): void {
  useEffect(() => {
    const mac = isMac(navigator.platform);
    let pending: { first: string; at: number } | null = null;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.repeat) return;
      const typing = typingIn(e.target);
      const now = Date.now();
      const prefix = pending && now - pending.at < SEQUENCE_MS ? pending.first : null;
      pending = null;
      for (const action of useActionRegistry.getState().actions.values()) {
        if (!action.keys) continue;
        const chords = parseKeys(action.keys);
        if (typing && isPlainKeyChord(chords)) continue;
        const last = chords.at(-1);
        if (!last || !matchesChord(last, e, mac)) continue;
        if (chords.length === 2 && chords[0]?.key !== prefix) continue;
        if (!isEnabled(action)) return;
        e.preventDefault();
        action.perform();
        return;
      }
      if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.length === 1)
        pending = { first: e.key.toLowerCase(), at: now };
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
