/**
 * The IoTMP serial provisioning protocol, host side (docs/serial-provisioning.md): request lines
 * `@CMD args*CRC`, response lines `#OK CMD …*CRC` / `#ERR CMD CODE text*CRC`, CRC-16/CCITT-FALSE
 * in four hex digits, values percent-encoded. The identity is staged with SET, stored with COMMIT,
 * then read back: GET for the plain fields, CHECK for secrets (the board compares and answers
 * match/mismatch, so a credential never travels from the board).
 */
import {
  checkIdentity,
  identityFields,
  IDENTITY_KEYS,
  SECRET_KEYS,
  type DeviceIdentity,
  type IdentityKey,
} from './identity';
import { awaitFrame, logEvent, LineFramer, type FrameProgram } from './FrameMachine';
import { ProvisionError, ProvisionErrorCode } from './ProvisionError';

/** Longest line either side sends (the spec's bound; the reference firmware's line buffer). */
const LINE_MAX_CHARS = 420;
/** A value's bytes, as the spec bounds them. */
const VALUE_MAX_BYTES = 128;
/** HELLO is repeated this often until the firmware answers (it may still be booting). */
const HELLO_INTERVAL_MS = 400;
/**
 * After the open (which resets an Arduino) nothing is sent until the firmware prints its first
 * line or this long passed: a bootloader takes any byte as a reason to keep waiting (the Mega's
 * stk500v2 restarts its timeout on every byte, so HELLOs every 400 ms would keep it from ever
 * starting the sketch), and Optiboot leaves for the sketch after ~1 s on its own.
 */
const BOOT_LISTEN_MS = 2500;
/**
 * How long a board has to answer HELLO after the port opened: an Uno's Optiboot waits ~1 s before
 * the sketch runs, and a sketch may take a moment to start its serial port; 8 s covers a slow
 * sketch on a loaded host without leaving a technician waiting long on a board that never will.
 */
const WAKE_TIMEOUT_MS = 8000;
/** A reply to SET/GET/CHECK: the board answers at once. */
const REPLY_TIMEOUT_MS = 1500;
/** COMMIT writes up to ~500 bytes of EEPROM at 3.4 ms each on an AVR, then reads them back. */
const COMMIT_TIMEOUT_MS = 5000;
/** Sends of one request after a checksum error or silence. */
const REQUEST_ATTEMPTS = 3;
/** Console lines a board may print while one request waits (its own logging), then it is noise. */
const MAX_NOISE_LINES = 50;

const utf8 = new TextEncoder();

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection): avr-libc's _crc_xmodem_update. */
export function crc16(bytes: Iterable<number>): number {
  let crc = 0xffff;
  for (const x of bytes) {
    crc ^= x << 8;
    for (let k = 0; k < 8; k++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** Bytes outside 0x21..0x7E and the protocol's own `% * @ #` become %XX. */
export function encodeValue(value: string): string {
  let out = '';
  for (const b of utf8.encode(value)) {
    const safe = b > 0x20 && b < 0x7f && b !== 0x25 && b !== 0x2a && b !== 0x40 && b !== 0x23;
    out += safe ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeValue(text: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const h = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (c > 0x20 && c < 0x7f) {
      bytes.push(c);
    } else {
      return null;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}

/** `@CMD a b*CRC\n`; args must already be encoded (keys are plain words). */
export function requestLine(cmd: string, ...args: string[]): string {
  const body = ['@' + cmd, ...args].join(' ');
  return `${body}*${hex4(crc16(utf8.encode(body)))}\n`;
}

export type Response =
  | { kind: 'ok'; cmd: string; args: string[] }
  | { kind: 'err'; cmd: string; code: string; text: string }
  /** A `#` line whose checksum or shape is wrong. */
  | { kind: 'invalid'; why: string };

/** A response line, or null for a line that is not one (the firmware's own console output). */
export function parseResponse(line: string): Response | null {
  if (!line.startsWith('#')) return null;
  const star = line.lastIndexOf('*');
  if (star < 0 || !/^[0-9A-Fa-f]{4}$/.test(line.slice(star + 1))) {
    return { kind: 'invalid', why: 'no checksum' };
  }
  const body = line.slice(0, star);
  if (crc16(utf8.encode(body)) !== parseInt(line.slice(star + 1), 16)) {
    return { kind: 'invalid', why: `bad checksum ${line.slice(star + 1)}` };
  }
  const [status, cmd, ...args] = body.slice(1).split(' ');
  if (!cmd) return { kind: 'invalid', why: 'no command' };
  if (status === 'OK') return { kind: 'ok', cmd, args };
  if (status === 'ERR') {
    return {
      kind: 'err',
      cmd,
      code: args[0] ?? '?',
      text: decodeValue(args.slice(1).join(' ')) ?? args.slice(1).join(' '),
    };
  }
  return { kind: 'invalid', why: `unknown status ${status}` };
}

export const lineFramer = (): LineFramer => new LineFramer(LINE_MAX_CHARS);

interface ProvisioningFirmware {
  /** Protocol version the firmware speaks. */
  readonly proto: number;
  readonly name: string;
  readonly version: string;
  readonly mcu: string;
  /** What the board held when it answered: `provisioned` or `blank`. */
  readonly state: string;
}

export interface SerialReadBack {
  readonly firmware: ProvisioningFirmware;
  /** The plain fields as the board read them back from its storage. */
  readonly stored: Partial<Record<IdentityKey, string>>;
}

export interface SerialProvisionResult extends SerialReadBack {
  /** Secrets the board compared with what was sent and found equal (never read back). */
  readonly secretsVerified: IdentityKey[];
}

function noAnswer(what: string, detail: string): ProvisionError {
  return new ProvisionError(
    ProvisionErrorCode.NO_ANSWER,
    `${what}: check that the board runs firmware that speaks IoTMP serial provisioning, and the port`,
    { detail },
  );
}

const pairs = (args: string[]): Record<string, string> =>
  Object.fromEntries(args.map((a) => a.split(/=(.*)/s).slice(0, 2) as [string, string]));

/**
 * Listens until the firmware prints its first line (or BOOT_LISTEN_MS), then HELLO until it
 * answers; within WAKE_TIMEOUT_MS in all.
 */
function* wake(): FrameProgram<string, ProvisioningFirmware> {
  const first = yield* awaitFrame<string>(undefined, BOOT_LISTEN_MS);
  if (first?.trim()) yield logEvent(`board: ${first}`);
  const sends = Math.ceil((WAKE_TIMEOUT_MS - BOOT_LISTEN_MS) / HELLO_INTERVAL_MS);
  for (let i = 0; i < sends; i++) {
    const hello = utf8.encode(requestLine('HELLO'));
    let write: Uint8Array | undefined = hello;
    for (let noise = 0; noise <= MAX_NOISE_LINES; noise++) {
      const line = yield* awaitFrame<string>(write, HELLO_INTERVAL_MS);
      write = undefined;
      if (line === null) break;
      const r = parseResponse(line);
      if (r === null) {
        if (line.trim()) yield logEvent(`board: ${line}`);
        continue;
      }
      if (r.kind === 'ok' && r.cmd === 'HELLO') {
        const p = pairs(r.args);
        const firmware = {
          proto: Number(p.proto),
          name: p.fw ?? '?',
          version: p.version ?? '?',
          mcu: p.mcu ?? '?',
          state: p.state ?? '?',
        };
        if (firmware.proto !== 1) {
          throw new ProvisionError(
            ProvisionErrorCode.PROTOCOL_ERROR,
            `the board speaks provisioning protocol version ${p.proto}, this app version 1: update the app or the firmware`,
            { detail: line },
          );
        }
        yield logEvent(
          `firmware ${firmware.name} ${firmware.version} on ${firmware.mcu}: ${firmware.state}`,
        );
        return firmware;
      }
      // A reply to an earlier HELLO with a bad checksum: send again at the next interval.
    }
  }
  throw noAnswer(
    `the board did not answer within ${WAKE_TIMEOUT_MS / 1000} s`,
    `${sends} HELLO requests`,
  );
}

/**
 * One request with its bounded retries: resends after silence or a checksum error (either way),
 * skips console lines, and returns the OK reply's arguments; an ERR reply is thrown as REJECTED.
 */
function* request(
  cmd: string,
  args: string[],
  shown: string,
  timeoutMs = REPLY_TIMEOUT_MS,
): FrameProgram<string, string[]> {
  const bytes = utf8.encode(requestLine(cmd, ...args));
  let last = 'no reply';
  for (let attempt = 1; attempt <= REQUEST_ATTEMPTS; attempt++) {
    yield logEvent(`→ ${shown}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    let write: Uint8Array | undefined = bytes;
    for (let noise = 0; noise <= MAX_NOISE_LINES; noise++) {
      const line = yield* awaitFrame<string>(write, timeoutMs);
      write = undefined;
      if (line === null) break;
      const r = parseResponse(line);
      if (r === null) {
        if (line.trim()) yield logEvent(`board: ${line}`);
        continue;
      }
      if (r.kind === 'invalid') {
        last = r.why;
        break;
      }
      if (r.kind === 'err' && r.code === 'CRC') {
        last = `the board saw a bad checksum (${r.text})`;
        break;
      }
      if (r.cmd !== cmd) continue; // a late reply to an earlier request
      if (r.kind === 'err') {
        throw new ProvisionError(
          ProvisionErrorCode.REJECTED,
          `the board refused ${shown}: ${r.text}`,
          { detail: `${r.code} ${r.text}` },
        );
      }
      return r.args;
    }
  }
  throw noAnswer(
    `the board did not answer ${shown}`,
    `${REQUEST_ATTEMPTS} attempts; last: ${last}`,
  );
}

function* readPlain(keys: readonly IdentityKey[]): FrameProgram<string, SerialReadBack['stored']> {
  const stored: Partial<Record<IdentityKey, string>> = {};
  for (const key of keys) {
    if (SECRET_KEYS.has(key)) continue;
    let args: string[];
    try {
      args = yield* request('GET', [key], `GET ${key}`);
    } catch (e) {
      if (e instanceof ProvisionError && e.code === 'REJECTED' && /^UNSET/.test(e.detail ?? '')) {
        continue;
      }
      throw e;
    }
    const value = args[0] === key ? decodeValue(args[1] ?? '') : null;
    if (value === null) {
      throw new ProvisionError(
        ProvisionErrorCode.PROTOCOL_ERROR,
        `the board answered GET ${key} with something else`,
        { detail: args.join(' ') },
      );
    }
    stored[key] = value;
  }
  return stored;
}

/**
 * Stores `identity` on the board and proves it: SET each field, COMMIT, then GET each plain field
 * and CHECK each secret. Throws READBACK_MISMATCH naming the field when the board holds something
 * else; the credential appears in no log line, error or result.
 */
export function* provisionProgram(
  identity: DeviceIdentity,
): FrameProgram<string, SerialProvisionResult> {
  checkIdentity(identity);
  const fields = identityFields(identity);
  for (const [key, value] of fields) {
    if (utf8.encode(value).length > VALUE_MAX_BYTES) {
      throw new ProvisionError(
        ProvisionErrorCode.IDENTITY_INVALID,
        `${key} is longer than the ${VALUE_MAX_BYTES} bytes serial provisioning stores`,
        { field: key },
      );
    }
  }
  const firmware = yield* wake();
  for (const [key, value] of fields) {
    const shown = SECRET_KEYS.has(key) ? `SET ${key} ********` : `SET ${key} ${value}`;
    yield* request('SET', [key, encodeValue(value)], shown);
  }
  yield* request('COMMIT', [], 'COMMIT', COMMIT_TIMEOUT_MS);

  const stored = yield* readPlain(fields.map(([k]) => k));
  const secretsVerified: IdentityKey[] = [];
  for (const [key, value] of fields) {
    if (SECRET_KEYS.has(key)) {
      const args = yield* request('CHECK', [key, encodeValue(value)], `CHECK ${key} ********`);
      if (args[0] !== key || args[1] !== 'match') {
        throw new ProvisionError(
          ProvisionErrorCode.READBACK_MISMATCH,
          `the board does not hold the ${key} that was sent: provision it again`,
          { field: key, detail: args.join(' ') },
        );
      }
      secretsVerified.push(key);
    } else if (stored[key] !== value) {
      throw new ProvisionError(
        ProvisionErrorCode.READBACK_MISMATCH,
        `the board read back ${key} = "${stored[key] ?? '(nothing)'}" instead of "${value}": provision it again`,
        { field: key },
      );
    }
  }
  yield logEvent(`stored and read back: ${fields.map(([k]) => k).join(', ')}`);
  return { firmware, stored, secretsVerified };
}

/** What the board holds now (plain fields only), without changing it. */
export function* readBackProgram(): FrameProgram<string, SerialReadBack> {
  const firmware = yield* wake();
  const stored = firmware.state === 'provisioned' ? yield* readPlain(IDENTITY_KEYS) : {};
  return { firmware, stored };
}
