/**
 * The broker's one timer for every connection's deadline (CONNECT timeout, keep-alive check,
 * refusal delay; IOTMP.md §6.1, §6.2): each fires at exactly its time, in time order, and a
 * removed or moved one never fires at its old time.
 */
import { describe, expect, it } from 'vitest';
import { DeadlineQueue, type Deadline } from './DeadlineQueue';
import { FakeScheduler } from './testing/FakeScheduler';

function member(name: string, fired: string[], again?: (d: Deadline, now: number) => void) {
  const d: Deadline = {
    deadlineAt: 0,
    deadlineIndex: -1,
    deadlineDue(now) {
      fired.push(`${name}@${now}`);
      again?.(d, now);
    },
  };
  return d;
}

describe('DeadlineQueue', () => {
  it('fires each deadline at exactly its time, earliest first, on one scheduler timer', async () => {
    const clock = new FakeScheduler();
    const q = new DeadlineQueue(clock);
    const fired: string[] = [];
    const a = member('a', fired);
    const b = member('b', fired);
    const c = member('c', fired);
    q.set(a, 300);
    q.set(b, 100);
    q.set(c, 200);
    expect(clock.pending).toBe(1);
    await clock.advance(99);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual(['b@100']);
    await clock.advance(200);
    expect(fired).toEqual(['b@100', 'c@200', 'a@300']);
    expect(q.size).toBe(0);
    expect(a.deadlineIndex).toBe(-1);
  });

  it('a removed deadline never fires; a moved one fires at its new time only', async () => {
    const clock = new FakeScheduler();
    const q = new DeadlineQueue(clock);
    const fired: string[] = [];
    const a = member('a', fired);
    const b = member('b', fired);
    q.set(a, 50);
    q.set(b, 60);
    q.remove(a);
    q.remove(a); // twice is harmless
    q.set(b, 500);
    await clock.advance(499);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual(['b@500']);
  });

  it('a member may queue itself again when due (the keep-alive re-check)', async () => {
    const clock = new FakeScheduler();
    const q = new DeadlineQueue(clock);
    const fired: string[] = [];
    const a = member('a', fired, (d, now) => {
      if (now < 300) q.set(d, now + 100);
    });
    q.set(a, 100);
    await clock.advance(1000);
    expect(fired).toEqual(['a@100', 'a@200', 'a@300']);
  });

  it('keeps heap order through many random sets and removes', async () => {
    const clock = new FakeScheduler();
    const q = new DeadlineQueue(clock);
    const fired: number[] = [];
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n) + 1;
    const members = Array.from({ length: 300 }, (_, i) => {
      const d: Deadline = {
        deadlineAt: 0,
        deadlineIndex: -1,
        deadlineDue: (now) => {
          expect(now).toBe(d.deadlineAt);
          fired.push(i);
        },
      };
      return d;
    });
    const expected = new Map<number, number>();
    for (let k = 0; k < 2000; k++) {
      const i = rnd(300) - 1;
      if (rnd(4) === 1) {
        q.remove(members[i]!);
        expected.delete(i);
      } else {
        const at = rnd(10_000);
        q.set(members[i]!, at);
        expected.set(i, at);
      }
    }
    expect(q.size).toBe(expected.size);
    await clock.advance(10_000);
    const order = [...expected].sort((x, y) => x[1] - y[1]).map(([i]) => i);
    expect(fired.map((i) => expected.get(i))).toEqual(order.map((i) => expected.get(i)));
    expect(new Set(fired)).toEqual(new Set(order));
  });
});
