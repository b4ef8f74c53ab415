import { describe, expect, it } from 'vitest';
import { TurnBudget } from './TurnBudget';

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));
/** A slice bound no loaded machine reaches for trivial items: only the count limits a turn. */
const NO_TIME_LIMIT = 60_000;

describe('TurnBudget', () => {
  it('does at most maxPerTurn items a turn, in arrival order, and all of them in the end', async () => {
    const done: number[] = [];
    const budget = new TurnBudget<number>((n) => done.push(n), {
      maxPerTurn: 10,
      sliceMs: NO_TIME_LIMIT,
      maxQueued: 1000,
    });
    for (let i = 0; i < 95; i++) expect(budget.add(i)).toBe(true);
    expect(done).toHaveLength(0); // nothing in the turn that queued them
    await nextTurn();
    expect(done).toHaveLength(10);
    const perTurn: number[] = [];
    while (budget.size > 0) {
      const before = done.length;
      await nextTurn();
      perTurn.push(done.length - before);
    }
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(10);
    expect(done).toEqual(Array.from({ length: 95 }, (_, i) => i));
  });

  it('stops a slice once its time is used, after at least one item', async () => {
    let done = 0;
    const budget = new TurnBudget<number>(
      () => {
        done++;
        const until = performance.now() + 3;
        while (performance.now() < until); // 3 ms of work per item
      },
      { maxPerTurn: 100, sliceMs: 1, maxQueued: 100 },
    );
    for (let i = 0; i < 5; i++) budget.add(i);
    await nextTurn();
    expect(done).toBe(1);
  });

  it('refuses items beyond maxQueued (the caller does the work itself)', () => {
    const budget = new TurnBudget<number>(() => {}, {
      maxPerTurn: 1,
      sliceMs: 1,
      maxQueued: 3,
    });
    expect([1, 2, 3, 4].map((n) => budget.add(n))).toEqual([true, true, true, false]);
    expect(budget.size).toBe(3);
  });

  it('flush runs everything waiting at once', () => {
    const done: number[] = [];
    const budget = new TurnBudget<number>((n) => done.push(n), {
      maxPerTurn: 1,
      sliceMs: 1,
      maxQueued: 10,
    });
    [1, 2, 3].forEach((n) => budget.add(n));
    budget.flush();
    expect(done).toEqual([1, 2, 3]);
    expect(budget.size).toBe(0);
  });

  it('an item that throws does not strand the ones behind it', async () => {
    const done: number[] = [];
    const budget = new TurnBudget<number>(
      (n) => {
        if (n === 0) throw new Error('boom');
        done.push(n);
      },
      { maxPerTurn: 10, sliceMs: NO_TIME_LIMIT, maxQueued: 10 },
    );
    const errors: unknown[] = [];
    const onError = (e: unknown): void => void errors.push(e);
    process.prependListener('uncaughtException', onError);
    try {
      [0, 1, 2].forEach((n) => budget.add(n));
      await expect.poll(() => done).toEqual([1, 2]);
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(String(errors[0])).toMatch(/boom/);
  });
});
