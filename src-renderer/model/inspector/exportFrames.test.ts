import { describe, expect, it } from 'vitest';
import { run } from '@protocol/message';
import { fileStamp } from '../../format/download';
import { decodeCommand, framesToJsonLines } from './exportFrames';
import { toRow } from './frameRow';
import { inspected } from './testFrames';

describe('inspector export', () => {
  it('writes one JSON document per frame with its device, decoded fields and hex', () => {
    const f = inspected(4, 'out', run(2, 'led', { payload: true }));
    const text = framesToJsonLines([toRow('site/a', f, 1, 1), toRow('site/b', f, 2, 1)]);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      device: 'site/a',
      seq: 4,
      direction: 'out',
      type: 'RUN',
      resource: 'led',
      hex: f.hex,
      fields: { stream_id: 2, payload: true, resource: 'led' },
    });
    expect(lines[0]!.iso).toBe(new Date(f.time).toISOString());
    expect(framesToJsonLines([])).toBe('');
  });

  it('copies a frame as the CLI decode command, and stamps file names', () => {
    expect(decodeCommand('0602', 1)).toBe('iotmp decode --pv 1 0602');
    expect(fileStamp(new Date(2026, 0, 2, 3, 4, 5))).toBe('20260102-030405');
  });
});
