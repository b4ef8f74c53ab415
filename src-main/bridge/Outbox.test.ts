import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, OutMessage } from './Outbox';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iotmp-outbox-'));
  dirs.push(dir);
  return join(dir, 'outbox.sqlite');
}

const msg = (box: Outbox, n: number): OutMessage =>
  new OutMessage(box.nextSeq(), `t/${n}`, Buffer.from(String(n)), 1, false);

describe('Outbox', () => {
  it('keeps messages in order across a reopen, and sequence numbers only grow', () => {
    const f = file();
    let box = Outbox.open(f, 1000);
    box.append([msg(box, 1), msg(box, 2), msg(box, 3)], 0);
    const first = box.after(0, 10).map((m) => m.seq);
    box.close();
    expect(statSync(f).mode & 0o777).toBe(0o600);
    box = Outbox.open(f, 1000);
    expect(box.after(0, 10).map((m) => m.payload.toString())).toEqual(['1', '2', '3']);
    expect(box.nextSeq()).toBeGreaterThan(first[2]!);
    box.close();
  });

  it('past its bound drops the oldest messages not yet handed out, and counts them', () => {
    const box = Outbox.open(file(), 100);
    const all = Array.from({ length: 100 }, (_, i) => msg(box, i));
    box.append(all, 0);
    // The first 10 are with the client (handedUpTo): they are on their way, not dropped.
    const dropped = box.append(
      Array.from({ length: 5 }, (_, i) => msg(box, 100 + i)),
      all[9]!.seq,
    );
    expect(dropped).toBe(5);
    expect(box.size).toBe(100);
    expect(box.dropped).toBe(5);
    const left = box.after(0, 200).map((m) => Number(m.payload.toString()));
    expect(left.slice(0, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15]);
    expect(left.at(-1)).toBe(104);
    box.close();
  });

  it('removes acknowledged messages and remembers the dropped count', () => {
    const f = file();
    let box = Outbox.open(f, 100);
    const ms = Array.from({ length: 120 }, (_, i) => msg(box, i));
    box.append(ms, 0);
    box.remove(box.after(0, 10).map((m) => m.seq));
    expect(box.size).toBe(90);
    box.close();
    box = Outbox.open(f, 100);
    expect(box.dropped).toBe(20);
    expect(box.size).toBe(90);
    box.close();
  });

  it('keeps text and bytes payloads, correlation data, retain and order through batched writes', () => {
    const box = Outbox.open(file(), 1000);
    const ms: OutMessage[] = Array.from(
      { length: 150 },
      (_, i) =>
        new OutMessage(
          box.nextSeq(),
          `t/${i}`,
          i % 2 ? `{"n":${i}}` : Buffer.from([i, 0, 255]),
          1,
          i % 3 === 0,
          i === 70 ? Buffer.from('req-70') : undefined,
        ),
    );
    box.append(ms, 0); // 64 + 64 rows per statement, then 22 one by one
    const back = box.after(0, 1000);
    expect(back).toEqual(ms);
    box.close();
  });

  it('removes acknowledged messages that come out of order and with gaps', () => {
    const box = Outbox.open(file(), 1000);
    const ms = Array.from({ length: 100 }, (_, i) => msg(box, i));
    box.append(ms, 0);
    const seq = (i: number): number => ms[i]!.seq;
    const acked = [5, 3, 4, 0, 1, 2, 10, 12, 11, 50, 99, 99].map(seq);
    box.remove(acked);
    expect(box.size).toBe(100 - 11);
    const left = box.after(0, 1000).map((m) => Number(m.payload.toString()));
    expect(left.slice(0, 6)).toEqual([6, 7, 8, 9, 13, 14]);
    expect(left).not.toContain(50);
    expect(left.at(-1)).toBe(98);
    box.close();
  });
});
