import { describe, expect, test } from 'vitest';
import { DRAIN_MAX_BYTES, MAX_PENDING_INPUT_BYTES } from './limits';
import { log, phase, ProtocolMachine, tryExchange, type Program } from './ProtocolMachine';

function* echoTwice(): Program<string> {
  yield phase('syncing');
  const a = yield* tryExchange(Uint8Array.of(1), 2, 100);
  yield log(`got ${a?.join(',')}`);
  yield { op: 'drain', quietMs: 20 };
  const b = yield* tryExchange(Uint8Array.of(2), 1, 100);
  return `${a?.join(',')}|${b?.join(',') ?? 'timeout'}`;
}

describe('ProtocolMachine', () => {
  test('writes, timers and events come out as data; replies may arrive early or split', () => {
    const m = new ProtocolMachine(echoTwice());
    const s1 = m.start();
    expect(Array.from(s1.write!)).toEqual([1]);
    expect(s1.timer).toBe(100);
    expect(s1.events).toEqual([{ type: 'phase', phase: 'syncing' }]);
    expect(m.receive(Uint8Array.of(7)).write).toBeNull();
    const s2 = m.receive(Uint8Array.of(8, 99)); // 99 is stale: the drain drops it
    expect(s2.events).toEqual([{ type: 'log', line: 'got 7,8' }]);
    expect(s2.timer).toBe(20);
    expect(m.receive(Uint8Array.of(5)).timer).toBe(20); // each byte restarts the quiet time
    const s3 = m.timeout();
    expect(Array.from(s3.write!)).toEqual([2]);
    const s4 = m.timeout();
    expect(s4.done).toEqual({ ok: true, result: '7,8|timeout' });
    expect(s4.timer).toBeNull();
  });

  test('input nobody asked for is bounded', () => {
    const m = new ProtocolMachine(echoTwice());
    m.start();
    const s = m.receive(new Uint8Array(MAX_PENDING_INPUT_BYTES + 1));
    expect(s.done).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR', phase: 'syncing' },
    });
  });

  test('a drain ends after DRAIN_MAX_BYTES even if the line never falls quiet', () => {
    const m = new ProtocolMachine(echoTwice());
    m.start();
    m.receive(Uint8Array.of(1, 2));
    const s = m.receive(new Uint8Array(DRAIN_MAX_BYTES));
    expect(Array.from(s.write!)).toEqual([2]);
  });

  test('an unexpected exception in a protocol becomes a PROTOCOL_ERROR result, not a throw', () => {
    const m = new ProtocolMachine(
      (function* (): Program<void> {
        yield phase('writing');
        throw new TypeError('boom');
      })(),
    );
    expect(m.start().done).toMatchObject({
      ok: false,
      error: { code: 'PROTOCOL_ERROR', phase: 'writing' },
    });
  });
});
