/** The slow-hash pool (D5): bounded concurrency, arrival order, a bounded queue, gone peers dropped. */
import { describe, expect, it } from 'vitest';
import { HashPoolError, SlowHashPool } from './SlowHashPool';

/** A job that finishes when told to, recording when it started. */
function gate(log: string[], name: string): { job: () => Promise<string>; open: () => void } {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return {
    job: async () => {
      log.push(name);
      await done;
      return name;
    },
    open: () => open(),
  };
}

describe('SlowHashPool', () => {
  it('runs at most `concurrency` jobs at once and starts the others in arrival order', async () => {
    const pool = new SlowHashPool(2, 10);
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd', 'e'].map((n) => gate(started, n));
    const results = gates.map((g) => pool.run(g.job));
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(pool.waiting).toBe(3);
    gates[1]!.open();
    await results[1];
    await Promise.resolve();
    expect(started).toEqual(['a', 'b', 'c']);
    for (const g of gates) g.open();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pool.completed).toBe(5);
  });

  it('refuses at once with BUSY when its queue is full, and keeps working', async () => {
    const pool = new SlowHashPool(1, 1);
    const started: string[] = [];
    const a = gate(started, 'a');
    const b = gate(started, 'b');
    const ra = pool.run(a.job);
    const rb = pool.run(b.job);
    await expect(pool.run(async () => 'c')).rejects.toMatchObject({ code: 'BUSY' });
    a.open();
    b.open();
    expect(await Promise.all([ra, rb])).toEqual(['a', 'b']);
    await expect(pool.run(async () => 'd')).resolves.toBe('d');
  });

  it('drops a waiting job whose connection went away (it never runs) and one that failed frees its slot', async () => {
    const pool = new SlowHashPool(1, 10);
    const started: string[] = [];
    const a = gate(started, 'a');
    const ra = pool.run(a.job);
    const gone = new AbortController();
    const rb = pool.run(gate(started, 'b').job, gone.signal);
    const rc = pool.run(() => Promise.reject(new Error('bad hash format')));
    const rd = pool.run(async () => 'd');
    gone.abort();
    a.open();
    await expect(rb).rejects.toBeInstanceOf(HashPoolError);
    await expect(rb).rejects.toMatchObject({ code: 'ABANDONED' });
    await expect(rc).rejects.toThrow('bad hash format');
    expect(await Promise.all([ra, rd])).toEqual(['a', 'd']);
    expect(started).toEqual(['a']);
    await expect(pool.run(async () => 'x', gone.signal)).rejects.toMatchObject({
      code: 'ABANDONED',
    });
  });
});
