/**
 * The serial provisioning protocol's host side against scripted boards, frame by frame: codec
 * vectors, retries on a bad checksum, a refused value, a read-back that differs, console noise,
 * and silence. The real firmware is exercised in adapters/serialProvisioning.vboard.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FrameMachine, type FrameStep } from './FrameMachine';
import type { DeviceIdentity } from './identity';
import { isProvisionError } from './ProvisionError';
import {
  crc16,
  decodeValue,
  encodeValue,
  lineFramer,
  parseResponse,
  provisionProgram,
  requestLine,
  type SerialProvisionResult,
} from './serialProvisioning';

const identity: DeviceIdentity = {
  host: 'broker.local',
  port: 25204,
  user: 'plant',
  device: 'pump-7',
  credential: 'Kq8#vT2!pZ9',
};

const text = new TextDecoder();
const bytes = (s: string) => new TextEncoder().encode(s);
/** A response line as a board sends it (CRLF). */
const reply = (body: string): string =>
  `${body}*${crc16(bytes(body)).toString(16).toUpperCase().padStart(4, '0')}\r\n`;

type Board = (request: string) => string[] | 'silence';

/** Runs the program against `board`; each request line gets the board's answer lines. */
function run(board: Board, id = identity) {
  const machine = new FrameMachine(lineFramer(), provisionProgram(id));
  const log: string[] = [];
  const sent: string[] = [];
  let step: FrameStep<SerialProvisionResult> = machine.start();
  for (let guard = 0; guard < 500 && !step.done; guard++) {
    log.push(...step.events.map((e) => e.line));
    const request = step.write ? text.decode(step.write) : null;
    if (request) sent.push(request);
    const answer = request ? board(request.trimEnd()) : 'silence';
    if (answer === 'silence') step = machine.timeout();
    else {
      let next: FrameStep<SerialProvisionResult> | null = null;
      // One byte at a time: lines split across reads.
      for (const b of bytes(answer.join(''))) {
        const s = machine.receive(Uint8Array.of(b));
        if (s.write || s.done) next = s;
        else log.push(...s.events.map((e) => e.line));
        if (s.done) break;
      }
      step = next ?? machine.timeout();
    }
  }
  log.push(...step.events.map((e) => e.line));
  return { done: step.done!, log, sent };
}

/** A well-behaved board, as the reference firmware answers. */
function goodBoard(): Board & { store: Map<string, string> } {
  const store = new Map<string, string>();
  const staged = new Map<string, string>();
  const board = (line: string): string[] | 'silence' => {
    const body = line.slice(0, line.lastIndexOf('*'));
    const [cmd, key, value] = body.slice(1).split(' ');
    switch (cmd) {
      case 'HELLO':
        return [reply('#OK HELLO proto=1 fw=t version=1 mcu=atmega328p state=blank space=480')];
      case 'SET':
        staged.set(key!, decodeValue(value!)!);
        return [reply(`#OK SET ${key}`)];
      case 'COMMIT':
        for (const [k, v] of staged) store.set(k, v);
        return [reply('#OK COMMIT')];
      case 'GET':
        return [reply(`#OK GET ${key} ${encodeValue(store.get(key!)!)}`)];
      case 'CHECK':
        return [
          reply(
            `#OK CHECK ${key} ${store.get(key!) === decodeValue(value!) ? 'match' : 'mismatch'}`,
          ),
        ];
      default:
        return [reply(`#ERR ${cmd} CMD unknown%20command`)];
    }
  };
  return Object.assign(board, { store });
}

describe('serial provisioning codec', () => {
  test('CRC-16/CCITT-FALSE of "123456789" is 0x29B1 (the catalogue check value)', () => {
    expect(crc16(bytes('123456789'))).toBe(0x29b1);
  });

  test('requests carry their checksum; values are percent-encoded both ways', () => {
    expect(requestLine('HELLO')).toBe(
      `@HELLO*${crc16(bytes('@HELLO')).toString(16).toUpperCase()}\n`,
    );
    expect(encodeValue('Roof Lab #1 *50% @é')).toBe('Roof%20Lab%20%231%20%2A50%25%20%40%C3%A9');
    expect(decodeValue(encodeValue('Roof Lab #1 *50% @é'))).toBe('Roof Lab #1 *50% @é');
    expect(decodeValue('bad%2')).toBeNull();
    expect(decodeValue('%FF')).toBeNull(); // not UTF-8
  });

  test('responses: OK, ERR with its decoded text, a bad checksum, and console lines', () => {
    expect(parseResponse(reply('#OK SET host').trimEnd())).toEqual({
      kind: 'ok',
      cmd: 'SET',
      args: ['host'],
    });
    expect(parseResponse(reply('#ERR SET VALUE too%20long').trimEnd())).toEqual({
      kind: 'err',
      cmd: 'SET',
      code: 'VALUE',
      text: 'too long',
    });
    expect(parseResponse('#OK SET host*0000')).toMatchObject({ kind: 'invalid' });
    expect(parseResponse('#OK SET host')).toEqual({ kind: 'invalid', why: 'no checksum' });
    expect(parseResponse('BANNER fw=hello')).toBeNull();
  });
});

test("the spec's example lines carry correct checksums (docs/serial-provisioning.md)", () => {
  const doc = readFileSync(
    new URL('../../../docs/serial-provisioning.md', import.meta.url),
    'utf8',
  );
  const lines = [...doc.matchAll(/^(?:host → |board← )([@#].*\*[0-9A-F]{4})$/gm)].map((m) => m[1]!);
  expect(lines.length).toBeGreaterThan(10);
  for (const line of lines) {
    const body = line.slice(0, line.lastIndexOf('*'));
    expect(crc16(bytes(body)), line).toBe(parseInt(line.slice(-4), 16));
    if (line.startsWith('#')) expect(parseResponse(line)?.kind, line).not.toBe('invalid');
  }
});

describe('provisionProgram', () => {
  test('SET every field, COMMIT, GET the plain ones, CHECK the credential', () => {
    const board = goodBoard();
    const { done, sent, log } = run(board);
    expect(done).toEqual({
      ok: true,
      result: {
        firmware: { proto: 1, name: 't', version: '1', mcu: 'atmega328p', state: 'blank' },
        stored: { host: 'broker.local', port: '25204', user: 'plant', device: 'pump-7' },
        secretsVerified: ['credential'],
      },
    });
    expect(sent.map((l) => l.split('*')[0])).toEqual([
      '@HELLO',
      '@SET host broker.local',
      '@SET port 25204',
      '@SET user plant',
      '@SET device pump-7',
      '@SET credential Kq8%23vT2!pZ9',
      '@COMMIT',
      '@GET host',
      '@GET port',
      '@GET user',
      '@GET device',
      '@CHECK credential Kq8%23vT2!pZ9',
    ]);
    expect(log.join('\n')).not.toContain('Kq8');
  });

  test('console lines of the firmware are logged and skipped', () => {
    const board = goodBoard();
    const { done, log } = run((l) => {
      const r = board(l);
      return r === 'silence' ? r : ['sensor: 21.5 C\r\n', ...r];
    });
    expect(done.ok).toBe(true);
    expect(log).toContain('board: sensor: 21.5 C');
  });

  test('a reply with a bad checksum is asked again', () => {
    const board = goodBoard();
    let spoiled = 0;
    const { done, sent } = run((l) => {
      const r = board(l);
      if (l.startsWith('@SET user') && spoiled++ === 0) return ['#OK SET user*0000\r\n'];
      return r;
    });
    expect(done.ok).toBe(true);
    expect(sent.filter((l) => l.startsWith('@SET user'))).toHaveLength(2);
  });

  test('a request the board saw damaged (ERR CRC) is sent again', () => {
    const board = goodBoard();
    let once = true;
    const { done, sent } = run((l) => {
      if (l.startsWith('@SET host') && once) {
        once = false;
        return [reply('#ERR ? CRC bad%20checksum')];
      }
      return board(l);
    });
    expect(done.ok).toBe(true);
    expect(sent.filter((l) => l.startsWith('@SET host'))).toHaveLength(2);
  });

  test("a refused value is REJECTED with the board's reason", () => {
    const board = goodBoard();
    const { done } = run((l) =>
      l.startsWith('@SET device')
        ? [reply('#ERR SET FULL no%20room%20for%20this%20value')]
        : board(l),
    );
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error).toMatchObject({ code: 'REJECTED' });
    expect(done.error.message).toBe('the board refused SET device pump-7: no room for this value');
  });

  test('a credential the board does not hold is READBACK_MISMATCH, naming the field only', () => {
    const board = goodBoard();
    const { done } = run((l) =>
      l.startsWith('@CHECK') ? [reply('#OK CHECK credential mismatch')] : board(l),
    );
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error).toMatchObject({ code: 'READBACK_MISMATCH', field: 'credential' });
    expect(done.error.message).not.toContain('Kq8');
  });

  test('a plain field read back differently is READBACK_MISMATCH', () => {
    const board = goodBoard();
    const { done } = run((l) =>
      l.startsWith('@GET host') ? [reply('#OK GET host broker.lan')] : board(l),
    );
    expect(done.ok || done.error.message).toBe(
      'the board read back host = "broker.lan" instead of "broker.local": provision it again',
    );
  });

  test('silence: NO_ANSWER after the bounded HELLOs', () => {
    const { done, sent } = run(() => 'silence');
    expect(done.ok).toBe(false);
    if (done.ok) return;
    expect(done.error.code).toBe('NO_ANSWER');
    expect(sent.length).toBe(14); // (8 s − 2.5 s listening) / 400 ms
  });

  test('an identity the protocol cannot carry is refused before anything is sent', () => {
    for (const bad of [{ host: 'h'.repeat(200) }, { credential: 'x'.repeat(129) }]) {
      const { done, sent } = run(goodBoard(), { ...identity, ...bad });
      expect(sent).toEqual([]);
      expect(done.ok).toBe(false);
      if (!done.ok)
        expect(isProvisionError(done.error) && done.error.code).toBe('IDENTITY_INVALID');
    }
  });
});
