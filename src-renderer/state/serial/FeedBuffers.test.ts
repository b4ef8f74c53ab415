import { describe, expect, it } from 'vitest';
import type { SerialOutput } from '@contract/serialSchemas';
import { FeedBuffers } from './FeedBuffers';

const PORT = '/dev/ttyUSB0';
const line = (seq: number, text: string, t = seq): SerialOutput => ({
  kind: 'line',
  port: PORT,
  seq,
  t,
  text,
});
const status = (s: 'connected' | 'closed'): SerialOutput => ({
  kind: 'status',
  port: PORT,
  status: s,
  message: s,
  baudRate: s === 'closed' ? null : 115200,
  error: null,
});
const texts = (b: FeedBuffers): string[] => b.lines.all().map((r) => r.text);

describe('FeedBuffers (one port feed without store or subscription)', () => {
  it('keeps lines in order without the ones a re-read repeats', () => {
    const b = new FeedBuffers();
    b.appendLines([
      { seq: 1, t: 1, text: 'a' },
      { seq: 2, t: 2, text: 'b' },
    ]);
    expect(b.apply([line(2, 'b'), line(3, 'c')])).toEqual({ partial: null });
    expect(texts(b)).toEqual(['a', 'b', 'c']);
    expect(b.lastTime()).toBe(3);
  });

  it('numbers go to the plotter, other lines are counted as text', () => {
    const b = new FeedBuffers();
    b.apply([line(1, 'temp:21.5 hum:40'), line(2, 'booting…'), line(3, '1,2')]);
    expect(b.plot.samples).toBe(2);
    expect(b.textLines).toBe(1);
  });

  it('a closed session breaks the plot and the next one may number from 1 again', () => {
    const b = new FeedBuffers();
    b.apply([line(1, '1'), line(2, '2')]);
    const patch = b.apply([status('closed'), line(1, '3')]);
    expect(patch).toMatchObject({ status: 'closed', baudRate: null, partial: null });
    expect(texts(b)).toEqual(['1', '2', '3']);
    expect(b.plot.size).toBe(4); // three samples and the break between the sessions
  });

  it('connected clears the open error; cleared empties every buffer', () => {
    const b = new FeedBuffers();
    expect(b.apply([status('connected')])).toMatchObject({ openError: null, status: 'connected' });
    b.apply([line(1, '5'), line(2, 'text')]);
    b.appendChunk(1, 1, '0a0b');
    const patch = b.apply([
      { kind: 'partial', port: PORT, t: 3, text: '> ' },
      { kind: 'cleared', port: PORT },
    ]);
    expect(patch).toEqual({ partial: null, droppedBefore: 0 });
    expect([b.lines.length, b.hex.length, b.plot.size, b.textLines]).toEqual([0, 0, 0, 0]);
  });

  it('a repeated chunk is ignored; chunks fill hex rows', () => {
    const b = new FeedBuffers();
    b.appendChunk(1, 0, '00'.repeat(10));
    b.appendChunk(1, 0, '00'.repeat(10));
    b.appendChunk(2, 10, '11'.repeat(10));
    expect(b.hex.all().map((r) => r.text.length / 2)).toEqual([16, 4]);
  });
});
