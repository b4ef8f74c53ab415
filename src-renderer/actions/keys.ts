/**
 * Matching key presses against an action's `keys` (see Action.ts). Pure, so the rules are tested
 * without a DOM: Mod is Meta on macOS and Ctrl elsewhere; single keys and sequences never fire
 * while the user is typing in a field.
 */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface Chord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

/** `Mod+Shift+X` → one chord; `g d` → two. */
export function parseKeys(keys: string): Chord[] {
  return keys.split(' ').map((part) => {
    const plus = part.lastIndexOf('+');
    const key = part.slice(plus + 1);
    const bits = plus < 0 ? [] : part.slice(0, plus).split('+');
    return {
      mod: bits.includes('Mod'),
      shift: bits.includes('Shift'),
      alt: bits.includes('Alt'),
      key: key.length === 1 ? key.toLowerCase() : key,
    };
  });
}

export function matchesChord(chord: Chord, e: KeyPress, mac: boolean): boolean {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const other = mac ? e.ctrlKey : e.metaKey;
  if (chord.mod !== mod || other || chord.alt !== e.altKey) return false;
  // The space bar's key is ' '; actions name it `Space`.
  const key = e.key === ' ' ? 'Space' : e.key.length === 1 ? e.key.toLowerCase() : e.key;
  // Shifted symbols (`?`) arrive with shiftKey set: only letters and named keys compare it.
  const symbol = key.length === 1 && !/[a-z0-9]/.test(key);
  if (!symbol && chord.shift !== e.shiftKey) return false;
  return chord.key === key;
}

/** Text typed into a field must never trigger single-key shortcuts. */
export const isPlainKeyChord = (chords: Chord[]): boolean => chords.every((c) => !c.mod && !c.alt);

/** How keys read in menus: `Ctrl+Shift+X` or `⌘⇧X`. */
export function displayKeys(keys: string, mac: boolean): string {
  return keys
    .split(' ')
    .map((part) =>
      mac
        ? part.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥')
        : part.replace('Mod+', 'Ctrl+'),
    )
    .join(' then ');
}

export const isMac = (platform: string): boolean => /mac|iphone|ipad/i.test(platform);
