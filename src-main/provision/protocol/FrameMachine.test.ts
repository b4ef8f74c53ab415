import { describe, expect, test } from 'vitest';
import {
  awaitFrame,
  FrameMachine,
  LineFramer,
  logEvent,
  MAX_QUEUED_FRAMES,
  type FrameProgram,
} from './FrameMachine';
import { ProvisionError } from './ProvisionError';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('FrameMachine', () => {
  test('lines split across reads reach the program; timeouts resume it with null', () => {
    function* program(): FrameProgram<string, string[]> {
      const got: string[] = [];
      yield logEvent('start');
      for (let i = 0; i < 3; i++)
        got.push((yield* awaitFrame<string>(bytes('?\n'), 100)) ?? 'timeout');
      return got;
    }
    const m = new FrameMachine(new LineFramer(64), program());
    const s0 = m.start();
    expect(s0).toMatchObject({ timer: 100, events: [{ type: 'log', line: 'start' }] });
    expect(new TextDecoder().decode(s0.write!)).toBe('?\n');
    expect(m.receive(bytes('he')).write).toBeNull();
    expect(m.receive(bytes('llo\r\nwor')).write).not.toBeNull();
    m.receive(bytes('ld\n'));
    expect(m.timeout().done).toEqual({ ok: true, result: ['hello', 'world', 'timeout'] });
  });

  test('frames that arrive while nobody waits are queued, at most MAX_QUEUED_FRAMES (oldest dropped)', () => {
    function* program(): FrameProgram<string, string | null> {
      yield* awaitFrame<string>(undefined, 10); // first line
      return yield* awaitFrame<string>(undefined, 10);
    }
    const m = new FrameMachine(new LineFramer(64), program());
    m.start();
    const flood = Array.from({ length: MAX_QUEUED_FRAMES + 10 }, (_, i) => `l${i}\n`).join('');
    const step = m.receive(bytes(flood));
    expect(step.done).toEqual({ ok: true, result: 'l11' });
  });

  test('an over-long line is dropped whole, the next one is kept', () => {
    const f = new LineFramer(8);
    expect(f.push(bytes('0123456789abcdef\nok\n'))).toEqual(['ok']);
  });

  test('a ProvisionError thrown by the program is the result; cancel gives CANCELLED', () => {
    function* failing(): FrameProgram<string, void> {
      yield* awaitFrame<string>(undefined, 10);
      throw new ProvisionError('REJECTED', 'no');
    }
    const m = new FrameMachine(new LineFramer(64), failing());
    m.start();
    expect(m.timeout().done).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    const c = new FrameMachine(new LineFramer(64), failing());
    c.start();
    expect(c.cancel().done).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(c.receive(bytes('late\n'))).toEqual({ write: null, events: [] });
  });
});
