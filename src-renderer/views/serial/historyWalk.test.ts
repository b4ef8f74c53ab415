import { describe, expect, it } from 'vitest';
import { stepHistory, type HistoryWalk } from './historyWalk';

/** Presses the keys in turn from `draft`; gives the text shown after each. */
function walkKeys(lines: string[], draft: string, keys: ('up' | 'down')[]): string[] {
  let walk: HistoryWalk | null = null;
  let text = draft;
  return keys.map((key) => {
    const step = stepHistory(lines, walk, text, key);
    if (step) ({ walk, text } = step);
    return text;
  });
}

describe('send history walk (Up/Down)', () => {
  const lines = ['one', 'two', 'three'];

  it('Up goes from the newest to the oldest and stays there', () => {
    expect(walkKeys(lines, 'typing', ['up', 'up', 'up', 'up'])).toEqual([
      'three',
      'two',
      'one',
      'one',
    ]);
  });

  it('Down walks back to newer lines and then to what was typed', () => {
    expect(walkKeys(lines, 'typing', ['up', 'up', 'down', 'down', 'down'])).toEqual([
      'three',
      'two',
      'three',
      'typing',
      'typing',
    ]);
  });

  it('nothing to walk: no history, or Down before any Up', () => {
    expect(stepHistory([], null, 'x', 'up')).toBeNull();
    expect(stepHistory(lines, null, 'x', 'down')).toBeNull();
  });
});
