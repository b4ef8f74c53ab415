import { describe, expect, test } from 'vitest';
import { BOARDS } from './boards';
import type { FlashImage } from './firmware';
import { frame, loadAddressBody, stk500v2Session } from './stk500v2';
import { runScript, toHex, type ScriptStep } from './testing';

const v2 = (seq: number, body: number[]) => Array.from(frame(seq, body));
const data = Array.from({ length: 256 }, (_, i) => (i * 7) & 0xff);
const image: FlashImage = { address: 0, data: Uint8Array.from(data), dataBytes: 200 };
const plan = { board: BOARDS.mega2560, image, verify: true, backup: false };
const signOnAnswer = [0x01, 0x00, 0x08, ...Array.from('AVRISP_2', (c) => c.charCodeAt(0))];
const enterProgmode = [0x10, 200, 100, 25, 32, 0, 0x53, 3, 0xac, 0x53, 0, 0];

const happy = (): ScriptStep[] => [
  // An STK500v1 GET_SYNC rides ahead of the first SIGN_ON: Optiboot would answer it.
  { expect: [0x30, 0x20, ...v2(1, [0x01])], reply: v2(1, signOnAnswer) },
  { expect: v2(2, enterProgmode), reply: v2(2, [0x10, 0]) },
  { expect: v2(3, [0x1b, 4, 0x30, 0, 0, 0]), reply: v2(3, [0x1b, 0, 0x1e, 0]) },
  { expect: v2(4, [0x1b, 4, 0x30, 0, 1, 0]), reply: v2(4, [0x1b, 0, 0x98, 0]) },
  { expect: v2(5, [0x1b, 4, 0x30, 0, 2, 0]), reply: v2(5, [0x1b, 0, 0x01, 0]) },
  { expect: v2(6, [0x06, 0x80, 0, 0, 0]), reply: v2(6, [0x06, 0]) },
  {
    expect: v2(7, [0x13, 1, 0, 0xc1, 10, 0x40, 0x4c, 0x20, 0, 0, ...data]),
    reply: v2(7, [0x13, 0]),
  },
  { expect: v2(8, [0x06, 0x80, 0, 0, 0]), reply: v2(8, [0x06, 0]) },
  { expect: v2(9, [0x14, 1, 0, 0x20]), reply: v2(9, [0x14, 0, ...data, 0]) },
  { expect: v2(10, [0x11, 1, 1]), reply: v2(10, [0x11, 0]) },
];

describe('STK500v2 (stk500boot_v2, Mega 2560)', () => {
  test('frames carry the XOR of every byte: SIGN_ON is 1b 01 00 01 0e 01 14', () => {
    expect(toHex(frame(1, [0x01]))).toBe('1b 01 00 01 0e 01 14');
  });

  test('LOAD_ADDRESS takes a word address with bit 31 set beyond 64 K words', () => {
    expect(loadAddressBody(0x1fe00, true)).toEqual([0x06, 0x80, 0x00, 0xff, 0x00]);
    expect(loadAddressBody(0x200, false)).toEqual([0x06, 0, 0, 0x01, 0x00]);
  });

  test('sign-on, signature, one page written and verified, byte by byte', () => {
    const { done } = runScript(stk500v2Session(plan), happy());
    expect(done).toMatchObject({ ok: true });
    if (!done.ok) return;
    expect(toHex(done.result.signature)).toBe('1e 98 01');
    expect(done.result).toMatchObject({
      bootloader: 'stk500v2 bootloader (AVRISP_2)',
      bytesWritten: 256,
      verified: true,
    });
  });

  test('noise and an answer to an older sequence number are skipped', () => {
    const script = happy();
    script[1] = { ...script[1]!, reply: [0x00, 0x55, ...v2(1, signOnAnswer), ...v2(2, [0x10, 0])] };
    expect(runScript(stk500v2Session(plan), script).done.ok).toBe(true);
  });

  test('an answer with a bad checksum is not taken: the command then times out', () => {
    const bad = v2(2, [0x10, 0]);
    bad[bad.length - 1]! ^= 0xff;
    const { done } = runScript(stk500v2Session(plan), [
      happy()[0]!,
      { expect: v2(2, enterProgmode), reply: bad },
      { expect: '', reply: 'timeout' },
    ]);
    expect(done).toMatchObject({ ok: false, error: { code: 'BOARD_STOPPED', phase: 'checking' } });
  });

  test('Optiboot answers the GET_SYNC that rides ahead: "this board runs the Uno/Nano bootloader"', () => {
    const { done } = runScript(stk500v2Session(plan), [
      { expect: [0x30, 0x20, ...v2(1, [0x01])], reply: [0x14, 0x10] },
      { expect: '', reply: 'timeout' },
    ]);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error.code).toBe('WRONG_BOARD');
    expect(done.error.message).toMatch(
      /Uno\/Nano bootloader \(Optiboot, an ATmega328P\), not the Arduino Mega 2560/,
    );
  });

  test('Optiboot that starts late (misses the first attempt) is still named', () => {
    const { done } = runScript(stk500v2Session(plan), [
      { expect: [0x30, 0x20, ...v2(1, [0x01])], reply: 'timeout' },
      { expect: [0x30, 0x20, ...v2(2, [0x01])], reply: [0x14, 0x10] },
      { expect: '', reply: 'timeout' },
    ]);
    expect(done).toMatchObject({ ok: false, error: { code: 'WRONG_BOARD' } });
  });

  test('silence: five SIGN_ON attempts, then "did not answer the bootloader"', () => {
    const script: ScriptStep[] = [];
    for (let seq = 1; seq <= 5; seq++)
      script.push({ expect: [0x30, 0x20, ...v2(seq, [0x01])], reply: 'timeout' });
    const { done } = runScript(stk500v2Session(plan), script);
    expect(done).toMatchObject({ ok: false, error: { code: 'NO_BOOTLOADER', phase: 'syncing' } });
  });

  test('an Uno signature behind stk500v2: WRONG_BOARD', () => {
    const script = happy().slice(0, 5);
    script[4] = { ...script[4]!, reply: v2(5, [0x1b, 0, 0x0f, 0]) };
    script[3] = { ...script[3]!, reply: v2(4, [0x1b, 0, 0x95, 0]) };
    const { done } = runScript(stk500v2Session(plan), script);
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error.message).toMatch(
      /^this is an ATmega328P \(Uno or Nano\), not an Arduino Mega 2560/,
    );
  });

  test('verify mismatch names the address', () => {
    const script = happy().slice(0, 9);
    const bad = [...data];
    bad[0x1a]! ^= 1;
    script[8] = { ...script[8]!, reply: v2(9, [0x14, 0, ...bad, 0]) };
    const { done } = runScript(stk500v2Session(plan), script);
    expect(done).toMatchObject({ ok: false, error: { code: 'VERIFY_FAILED', address: 0x1a } });
    if (done.ok) return;
    expect(done.error.message).toMatch(/^verify failed at 0x1a/);
  });
});
