// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { MAX_HISTORY, pushHistory } from './serialSettings';

describe('serial settings', () => {
  it('send history: newest last, no repeat of the last line, at most 50', () => {
    let h: string[] = [];
    for (let i = 0; i < MAX_HISTORY + 3; i++) h = pushHistory(h, `cmd ${i}`);
    h = pushHistory(h, `cmd ${MAX_HISTORY + 2}`);
    expect(h).toHaveLength(MAX_HISTORY);
    expect(h.at(-1)).toBe(`cmd ${MAX_HISTORY + 2}`);
    expect(h[0]).toBe('cmd 3');
  });
});
