import { describe, expect, test } from 'vitest';
import { BOARDS } from './boards';
import type { FlashImage } from './firmware';
import {
  COMMAND_TIMEOUT_MS,
  DRAIN_QUIET_MS,
  STK500V1_FIRST_SYNC_MS,
  STK500V1_SYNC_MS,
} from './limits';
import { ProtocolMachine } from './ProtocolMachine';
import { stk500v1Session } from './stk500v1';
import { hex, runScript, toHex, type ScriptStep } from './testing';

const page = Array.from({ length: 128 }, (_, i) => i);
const image: FlashImage = { address: 0, data: Uint8Array.from(page), dataBytes: 128 };
const plan = { board: BOARDS.uno, image, verify: true, backup: false };
const pageHex = toHex(page);

const SYNC: ScriptStep = { expect: '30 20', reply: hex('14 10') };
const CHECK: ScriptStep[] = [
  { expect: '41 81 20', reply: hex('14 04 10') },
  { expect: '41 82 20', reply: hex('14 04 10') },
  { expect: '75 20', reply: hex('14 1e 95 0f 10') },
  { expect: '50 20', reply: hex('14 10') },
];
const WRITE: ScriptStep = {
  // LOAD_ADDRESS (word address, little endian) and PROG_PAGE go out in one write.
  expect: `55 00 00 20 64 00 80 46 ${pageHex} 20`,
  reply: hex('14 10 14 10'),
};
const VERIFY: ScriptStep[] = [
  { expect: '55 00 00 20', reply: hex('14 10') },
  { expect: '74 00 80 46 20', reply: [0x14, ...page, 0x10] },
];
const LEAVE: ScriptStep = { expect: '51 20', reply: hex('14 10') };

describe('STK500v1 (Optiboot)', () => {
  test('sync, version, signature, one page written and verified, byte by byte', () => {
    const { done, events, timers } = runScript(stk500v1Session(plan), [
      SYNC,
      ...CHECK,
      WRITE,
      ...VERIFY,
      LEAVE,
    ]);
    expect(done).toMatchObject({ ok: true });
    if (!done.ok) return;
    expect(done.result).toMatchObject({ bytesWritten: 128, verified: true, backup: null });
    expect(toHex(done.result.signature)).toBe('1e 95 0f');
    expect(done.result.bootloader).toBe('STK500v1 bootloader 4.4');
    expect(
      events.filter((e) => e.type === 'phase').map((e) => e.type === 'phase' && e.phase),
    ).toEqual(['syncing', 'checking', 'writing', 'verifying', 'done']);
    expect(timers[0]).toBe(STK500V1_FIRST_SYNC_MS);
    expect(timers).toContain(COMMAND_TIMEOUT_MS);
  });

  test('a late first answer: the retry is drained before the next command', () => {
    const { done, timers } = runScript(stk500v1Session(plan), [
      { expect: '30 20', reply: 'timeout' },
      { expect: '30 20', reply: hex('14 10 14 10') }, // both answers arrive
      { expect: '', reply: 'timeout' }, // the drain's quiet time ends
      ...CHECK,
      WRITE,
      ...VERIFY,
      LEAVE,
    ]);
    expect(done.ok).toBe(true);
    expect(timers.slice(0, 3)).toEqual([STK500V1_FIRST_SYNC_MS, STK500V1_SYNC_MS, DRAIN_QUIET_MS]);
  });

  test('an application echoing GET_SYNC: "did not answer the bootloader", naming the echo', () => {
    const echo: ScriptStep = { expect: '30 20', reply: hex('30 20') };
    const drained: ScriptStep = { expect: '', reply: 'timeout' };
    const script = Array.from({ length: 6 }, () => [echo, drained]).flat();
    // Then the stk500v2 probe (a SIGN_ON, seq 1), which the echo app also echoes: not a sign-on.
    script.push({ expect: '1b 01 00 01 0e 01 14', reply: hex('1b 01 00 01 0e 01 14') });
    const { done } = runScript(stk500v1Session(plan), script);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error.code).toBe('NO_BOOTLOADER');
    expect(done.error.message).toBe(
      'board did not answer the bootloader: check the board type and the port',
    );
    expect(done.error.detail).toMatch(/echoed GET_SYNC: an application answered/);
  });

  test('a Mega on the Uno setting: the stk500v2 probe answers and the chip is named', () => {
    const silent: ScriptStep = { expect: '30 20', reply: 'timeout' };
    const signOnAnswer = [0x01, 0x00, 0x08, ...Array.from('AVRISP_2', (c) => c.charCodeAt(0))];
    const v2 = (seq: number, body: number[]) => {
      const out = [0x1b, seq, body.length >> 8, body.length & 0xff, 0x0e, ...body];
      return [...out, out.reduce((a, b) => a ^ b, 0)];
    };
    const { done } = runScript(stk500v1Session(plan), [
      ...Array.from({ length: 6 }, () => silent),
      { expect: v2(1, [0x01]), reply: v2(1, signOnAnswer) },
      { expect: v2(2, [0x1b, 4, 0x30, 0, 0, 0]), reply: v2(2, [0x1b, 0, 0x1e, 0]) },
      { expect: v2(3, [0x1b, 4, 0x30, 0, 1, 0]), reply: v2(3, [0x1b, 0, 0x98, 0]) },
      { expect: v2(4, [0x1b, 4, 0x30, 0, 2, 0]), reply: v2(4, [0x1b, 0, 0x01, 0]) },
    ]);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error.code).toBe('WRONG_BOARD');
    expect(done.error.message).toBe(
      'this is an ATmega2560 (Mega 2560), not an Arduino Uno: choose the right board and retry',
    );
  });

  test('another chip answers Optiboot: WRONG_BOARD before anything is written', () => {
    const { done } = runScript(stk500v1Session(plan), [
      SYNC,
      CHECK[0]!,
      CHECK[1]!,
      { expect: '75 20', reply: hex('14 1e 94 0b 10') },
    ]);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error).toMatchObject({ code: 'WRONG_BOARD', phase: 'checking' });
    expect(done.error.message).toMatch(
      /^this is an ATmega168P \(old Nano or Diecimila\), not an Arduino Uno/,
    );
  });

  test('read-back differs: "verify failed at 0x5"', () => {
    const bad = [...page];
    bad[5] = 0xff;
    const { done } = runScript(stk500v1Session(plan), [
      SYNC,
      ...CHECK,
      WRITE,
      VERIFY[0]!,
      { expect: '74 00 80 46 20', reply: [0x14, ...bad, 0x10] },
    ]);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error).toMatchObject({ code: 'VERIFY_FAILED', address: 5, phase: 'verifying' });
    expect(done.error.message).toBe(
      'verify failed at 0x5: flash again; if it repeats the board may be faulty',
    );
  });

  test('no answer to a page write: BOARD_STOPPED in the writing phase', () => {
    const { done } = runScript(stk500v1Session(plan), [
      SYNC,
      ...CHECK,
      { ...WRITE, reply: 'timeout' },
    ]);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error).toMatchObject({ code: 'BOARD_STOPPED', phase: 'writing' });
  });

  test('NOSYNC instead of INSYNC: PROTOCOL_ERROR with the bytes in the detail', () => {
    const { done } = runScript(stk500v1Session(plan), [
      SYNC,
      { expect: '41 81 20', reply: hex('15 10 00') },
    ]);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error.code).toBe('PROTOCOL_ERROR');
    expect(done.error.detail).toContain('15 10 00');
  });

  test('backup reads the whole application flash in 256-byte requests before writing', () => {
    const machine = new ProtocolMachine(stk500v1Session({ ...plan, backup: true }));
    const feed = (bytes: number[]) => machine.receive(Uint8Array.from(bytes));
    machine.start();
    feed(hex('14 10'));
    feed(hex('14 04 10'));
    feed(hex('14 04 10'));
    feed(hex('14 1e 95 0f 10'));
    let step = feed(hex('14 10'));
    let reads = 0;
    let backup: Uint8Array | undefined;
    while (step.write && step.write[0] === 0x55 && step.write.length === 4) {
      reads++;
      feed(hex('14 10'));
      step = feed([0x14, ...new Array(256).fill(reads & 0xff), 0x10]);
      for (const e of step.events) if (e.type === 'backup') backup = e.flash;
    }
    expect(reads).toBe(32256 / 256);
    expect(backup?.length).toBe(32256);
    expect(backup?.[0]).toBe(1);
    expect(backup?.[32255]).toBe(126);
    expect(step.write?.[4]).toBe(0x64); // then PROG_PAGE
  });

  test('cancel: CANCELLED naming the phase, nothing more is written', () => {
    const machine = new ProtocolMachine(stk500v1Session(plan));
    machine.start();
    machine.receive(Uint8Array.from(hex('14 10')));
    const step = machine.cancel();
    expect(step.write).toBeNull();
    expect(step.done).toMatchObject({ ok: false, error: { code: 'CANCELLED', phase: 'checking' } });
    expect(machine.receive(Uint8Array.of(0x14)).write).toBeNull();
  });
});
