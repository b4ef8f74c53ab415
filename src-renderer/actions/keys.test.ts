import { describe, expect, it } from 'vitest';
import { displayKeys, isPlainKeyChord, matchesChord, parseKeys, type KeyPress } from './keys';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcut keys', () => {
  it('Mod is Ctrl on Linux and Windows, Cmd on macOS, and the other one does not match', () => {
    const [chord] = parseKeys('Mod+K');
    expect(matchesChord(chord!, press('k', { ctrlKey: true }), false)).toBe(true);
    expect(matchesChord(chord!, press('k', { metaKey: true }), false)).toBe(false);
    expect(matchesChord(chord!, press('k', { metaKey: true }), true)).toBe(true);
    expect(matchesChord(chord!, press('k', { ctrlKey: true }), true)).toBe(false);
  });

  it('Shift matters for letters but not for symbols typed with Shift', () => {
    const [x] = parseKeys('Mod+Shift+X');
    expect(matchesChord(x!, press('X', { ctrlKey: true, shiftKey: true }), false)).toBe(true);
    expect(matchesChord(x!, press('x', { ctrlKey: true }), false)).toBe(false);
    const [help] = parseKeys('?');
    expect(matchesChord(help!, press('?', { shiftKey: true }), false)).toBe(true);
  });

  it('the space bar is named Space', () => {
    const [space] = parseKeys('Space');
    expect(matchesChord(space!, press(' '), false)).toBe(true);
    expect(isPlainKeyChord(parseKeys('Space'))).toBe(true);
  });

  it('a sequence has two chords and counts as plain keys (never fired while typing)', () => {
    const chords = parseKeys('g d');
    expect(chords.map((c) => c.key)).toEqual(['g', 'd']);
    expect(isPlainKeyChord(chords)).toBe(true);
    expect(isPlainKeyChord(parseKeys('Mod+Enter'))).toBe(false);
  });

  it('reads as the platform writes it', () => {
    expect(displayKeys('Mod+Shift+X', false)).toBe('Ctrl+Shift+X');
    expect(displayKeys('Mod+Shift+X', true)).toBe('⌘⇧X');
    expect(displayKeys('g d', false)).toBe('g then d');
  });
});
