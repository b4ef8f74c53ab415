import { describe, expect, it } from 'vitest';
import { keepAlive, ok, error, run, streamData } from '@protocol/message';
import { toRow, type FrameRow } from './frameRow';
import { pairOf } from './pairing';
import { inspected, T0 } from './testFrames';

let n = 0;
const row = (device: string, f: ReturnType<typeof inspected>): FrameRow => toRow(device, f, ++n, 1);

describe('request and answer pairing', () => {
  const rows = [
    row('a/x', inspected(1, 'out', run(7, 'temp'), T0)),
    row('b/y', inspected(1, 'in', ok(7), T0 + 5)), // another device, same id: not the answer
    row('a/x', inspected(2, 'in', keepAlive(), T0 + 10)),
    row('a/x', inspected(3, 'out', ok(7), T0 + 20)), // same direction: not the answer
    row('a/x', inspected(4, 'in', ok(7, { payload: 21 }), T0 + 38)),
    row('a/x', inspected(5, 'out', run(8, 'led'), T0 + 50)),
    row('a/x', inspected(6, 'in', error(8, { parameters: 404 }), T0 + 62)),
    row('a/x', inspected(7, 'in', streamData(8, 1), T0 + 70)),
  ];

  it('finds the first OK or ERROR with the same stream id going the other way, with the latency', () => {
    expect(pairOf(rows, 0)).toMatchObject({
      role: 'answer',
      latencyMs: 38,
      row: { id: rows[4]!.id },
    });
    expect(pairOf(rows, 5)).toMatchObject({
      role: 'answer',
      latencyMs: 12,
      row: { id: rows[6]!.id },
    });
  });

  it('goes back from an answer to its request', () => {
    expect(pairOf(rows, 4)).toMatchObject({
      role: 'request',
      latencyMs: 38,
      row: { id: rows[0]!.id },
    });
  });

  it('pairs nothing for frames that are neither, or whose request is not kept', () => {
    expect(pairOf(rows, 2)).toBeNull();
    expect(pairOf(rows, 7)).toBeNull();
    expect(pairOf(rows, 1)).toBeNull();
  });

  it('treats a request asked again with the same id before any answer as unanswered', () => {
    const again = [
      row('a/x', inspected(1, 'out', run(3, 'a'), T0)),
      row('a/x', inspected(2, 'out', run(3, 'a'), T0 + 1)),
      row('a/x', inspected(3, 'in', ok(3), T0 + 2)),
    ];
    expect(pairOf(again, 0)).toBeNull();
    expect(pairOf(again, 1)?.latencyMs).toBe(1);
  });
});
