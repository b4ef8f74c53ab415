/**
 * Improv Serial's codec and programs against scripted devices, byte by byte. The virtual ESP32's
 * Improv (checked by its authors against the improv-wifi-serial-sdk client) is the peer in
 * adapters/improv.vesp.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { FrameMachine, type FrameProgram, type FrameStep } from './FrameMachine';
import {
  decodeStrings,
  encodePacket,
  encodeStrings,
  ImprovFramer,
  improvSetWifiProgram,
  improvStateProgram,
  rpcPacket,
  type ImprovFrame,
} from './improv';

const text = (s: string) => new TextEncoder().encode(s);
const state = (s: number) => encodePacket(0x01, Uint8Array.of(s));
const error = (e: number) => encodePacket(0x02, Uint8Array.of(e));
const result = (cmd: number, strings: string[]) => {
  const body = encodeStrings(strings);
  return encodePacket(0x04, Uint8Array.from([cmd, body.length, ...body]));
};
const info = result(0x03, ['fw', '1.0', 'ESP32', 'dev']);

type Device = (request: Uint8Array) => Uint8Array[] | 'silence';

function run<R>(program: FrameProgram<ImprovFrame, R>, device: Device) {
  const machine = new FrameMachine(new ImprovFramer(), program);
  const sent: Uint8Array[] = [];
  const log: string[] = [];
  let step: FrameStep<R> = machine.start();
  for (let guard = 0; guard < 200 && !step.done; guard++) {
    log.push(...step.events.map((e) => e.line));
    if (step.write) sent.push(step.write);
    const answer = step.write ? device(step.write) : 'silence';
    if (answer === 'silence') {
      step = machine.timeout();
      continue;
    }
    let next: FrameStep<R> | null = null;
    for (const b of answer.flatMap((a) => Array.from(a))) {
      const s = machine.receive(Uint8Array.of(b));
      if (s.write || s.done) next = s;
      else log.push(...s.events.map((e) => e.line));
      if (s.done) break;
    }
    step = next ?? machine.timeout();
  }
  log.push(...step.events.map((e) => e.line));
  return { done: step.done!, sent, log };
}

describe('Improv codec', () => {
  test('a packet: IMPROV, version 1, type, length, data, the low byte of the sum, newline', () => {
    const p = encodePacket(0x03, Uint8Array.of(0x02, 0x00));
    expect(Array.from(p.subarray(0, 11))).toEqual([
      0x49, 0x4d, 0x50, 0x52, 0x4f, 0x56, 0x01, 0x03, 0x02, 0x02, 0x00,
    ]);
    expect(p[11]).toBe((0x49 + 0x4d + 0x50 + 0x52 + 0x4f + 0x56 + 1 + 3 + 2 + 2) & 0xff);
    expect(p[12]).toBe(0x0a);
    expect(Array.from(rpcPacket(0x01, ['ab', 'c']).subarray(9, 16))).toEqual([
      0x01, 0x05, 0x02, 0x61, 0x62, 0x01, 0x63,
    ]);
  });

  test('strings decode, and a length past the end is refused', () => {
    expect(decodeStrings(encodeStrings(['Roof Lab', '', 'é']))).toEqual(['Roof Lab', '', 'é']);
    expect(decodeStrings(Uint8Array.of(5, 0x61))).toBeNull();
  });

  test('the framer tells console lines from packets, one byte at a time, and flags a bad checksum', () => {
    const framer = new ImprovFramer();
    const bad = state(2);
    bad[bad.length - 2]! ^= 0xff;
    const stream = [...text('boot: hello\r\n'), ...state(2), ...text('wifi: up\n'), ...bad];
    const frames = stream.flatMap((b) => framer.push(Uint8Array.of(b)));
    expect(frames).toEqual([
      { kind: 'line', text: 'boot: hello' },
      { kind: 'packet', type: 1, data: Uint8Array.of(2) },
      { kind: 'line', text: 'wifi: up' },
      { kind: 'bad', why: 'bad checksum' },
    ]);
  });
});

describe('Improv programs', () => {
  const isRpc = (p: Uint8Array, cmd: number) => p[7] === 0x03 && p[9] === cmd;

  test('Wi-Fi: info, then provisioning, provisioned and the URL; the password is never logged', () => {
    const { done, log } = run(improvSetWifiProgram('lab', 'pa55word!'), (p) =>
      isRpc(p, 0x03)
        ? [error(0), info]
        : isRpc(p, 0x01)
          ? [
              error(0),
              state(3),
              text('wifi: joining\n'),
              state(4),
              result(0x01, ['http://d.local/']),
            ]
          : 'silence',
    );
    expect(done).toEqual({
      ok: true,
      result: {
        device: { firmware: 'fw', version: '1.0', chip: 'ESP32', deviceName: 'dev' },
        state: 'provisioned',
        urls: ['http://d.local/'],
      },
    });
    expect(log).toContain('board: wifi: joining');
    expect(log.join('\n')).not.toContain('pa55word');
  });

  test('"unable to connect" is REJECTED naming the network', () => {
    const { done } = run(improvSetWifiProgram('lab', 'wrong-one'), (p) =>
      isRpc(p, 0x03) ? [info] : isRpc(p, 0x01) ? [state(3), state(2), error(3)] : 'silence',
    );
    expect(done.ok).toBe(false);
    if (!done.ok) {
      expect(done.error.code).toBe('REJECTED');
      expect(done.error.message).toMatch(/^Wi-Fi "lab": the board could not connect/);
    }
  });

  test('a board that accepts, then says nothing: NO_ANSWER after the connect bound', () => {
    const { done } = run(improvSetWifiProgram('lab', 'pa55word!'), (p) =>
      isRpc(p, 0x03) ? [info] : isRpc(p, 0x01) ? [state(3)] : 'silence',
    );
    expect(done.ok || done.error.message).toBe(
      'Wi-Fi "lab": the board did not say whether it joined within 30 s',
    );
  });

  test('a firmware without Improv: the request is sent a bounded number of times', () => {
    const { done, sent } = run(improvStateProgram({ sends: 4 }), () => 'silence');
    expect(sent).toHaveLength(4);
    expect(done.ok).toBe(false);
    if (!done.ok) expect(done.error.code).toBe('NO_ANSWER');
  });

  test('an SSID over 32 bytes is refused before anything is sent', () => {
    const { done, sent } = run(improvSetWifiProgram('x'.repeat(33), 'pa55word!'), () => []);
    expect(sent).toEqual([]);
    expect(done.ok || done.error.code).toBe('IDENTITY_INVALID');
  });

  test('current state of a provisioned board comes with its URL', () => {
    const { done } = run(improvStateProgram(), (p) =>
      isRpc(p, 0x02) ? [error(0), state(4), result(0x02, ['http://d.local/'])] : 'silence',
    );
    expect(done).toEqual({ ok: true, result: { state: 'provisioned', urls: ['http://d.local/'] } });
  });
});
