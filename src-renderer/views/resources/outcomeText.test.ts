import { describe, expect, it } from 'vitest';
import { clockTime } from '../../format/time';
import { outcomeText } from './outcomeText';

const at = Date.UTC(2026, 10, 25, 14, 2, 11);
const time = clockTime(at);

describe('outcomeText', () => {
  it('says what was done, when, and how long it took', () => {
    expect(outcomeText({ kind: 'run', ok: true, at, ms: 34 })).toBe(`Done ${time} · 34 ms`);
    expect(outcomeText({ kind: 'send', ok: true, at, ms: 1500 })).toBe(`Sent ${time} · 1 s`);
    expect(outcomeText({ kind: 'read', ok: true, at, ms: 2 })).toBe(`Read ${time} · 2 ms`);
  });

  it('tells a failure from the user’s own Cancel', () => {
    const failed = { kind: 'run' as const, ok: false, at, ms: 30_000, error: { code: 'TIMEOUT' } };
    expect(outcomeText(failed)).toBe(`Failed ${time} · 30 s`);
    expect(outcomeText({ ...failed, error: { code: 'CANCELLED' } })).toBe(
      `Cancelled ${time} · after 30 s`,
    );
  });
});
