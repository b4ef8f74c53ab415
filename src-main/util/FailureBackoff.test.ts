import { describe, expect, it } from 'vitest';
import { FailureBackoff } from './FailureBackoff';

describe('FailureBackoff', () => {
  const limits = { freeFailures: 2, baseMs: 100, maxMs: 350, forgetAfterMs: 1_000, maxKeys: 2 };

  it('is free for a few failures, then doubles up to the cap, and forgets quiet keys', () => {
    let now = 0;
    const b = new FailureBackoff(limits, () => now);
    expect([b.fail('x'), b.fail('x'), b.fail('x'), b.fail('x'), b.fail('x')]).toEqual([
      0, 0, 100, 200, 350,
    ]);
    expect(b.blockedFor('x')).toBe(350);
    now = 200;
    expect(b.blockedFor('x')).toBe(150);
    now = 1_201;
    expect(b.failures('x')).toBe(0);
    expect(b.fail('x')).toBe(0);
  });

  it('remembers at most maxKeys keys', () => {
    const b = new FailureBackoff({ ...limits, freeFailures: 0 }, () => 0);
    b.fail('a');
    b.fail('b');
    b.fail('c');
    expect([b.failures('a'), b.failures('b'), b.failures('c')]).toEqual([0, 1, 1]);
  });
});
