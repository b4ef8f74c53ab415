/**
 * Improv Serial (ESPHome's open standard, improv-wifi.com/serial, version 1), host side: packets
 * `IMPROV`, version, type, length, data, checksum (the low byte of the sum of every byte before
 * it), then a newline. Types: 0x01 current state, 0x02 error state, 0x03 RPC command, 0x04 RPC
 * result. RPC data: command, length, then length-prefixed strings. Pure: the codec, a framer that
 * tells packets from the firmware's console lines, and the programs a FrameMachine runs.
 */
import { at } from '../../contract/present';
import { awaitFrame, logEvent, type FrameProgram, type Framer } from './FrameMachine';
import { ProvisionError, ProvisionErrorCode } from './ProvisionError';

const HEADER = [0x49, 0x4d, 0x50, 0x52, 0x4f, 0x56]; // "IMPROV"
const IMPROV_VERSION = 1;

const ImprovType = { CURRENT_STATE: 0x01, ERROR_STATE: 0x02, RPC: 0x03, RPC_RESULT: 0x04 };
const ImprovCommand = {
  WIFI_SETTINGS: 0x01,
  CURRENT_STATE: 0x02,
  DEVICE_INFO: 0x03,
  SCAN: 0x04,
} as const;

type ImprovState = 'authorization-required' | 'ready' | 'provisioning' | 'provisioned';
const STATES: Record<number, ImprovState> = {
  0x01: 'authorization-required',
  0x02: 'ready',
  0x03: 'provisioning',
  0x04: 'provisioned',
};
/** The spec's error codes, as a technician reads them. */
const IMPROV_ERRORS: Record<number, string> = {
  0x00: 'no error',
  0x01: 'invalid RPC packet',
  0x02: 'unknown RPC command',
  0x03: 'unable to connect',
  0x04: 'not authorized',
  0xff: 'unknown error',
};

/** Improv strings and packets carry their length in one byte. */
const IMPROV_MAX_FIELD_BYTES = 255;
/**
 * How often a request is sent until the firmware answers: an ESP resets when its port opens and
 * its app starts ~1–2 s later; 12 sends a second apart cover a slow boot.
 */
const IMPROV_RETRY_MS = 1000;
const IMPROV_SENDS = 12;
/** How long a board may take to join the network after accepting the settings. */
const IMPROV_CONNECT_TIMEOUT_MS = 30_000;
/** Console lines while waiting for one answer before the request is sent again. */
const NOISE_PER_SEND = 40;
/** A console line longer than this is cut (an ESP can print long hex dumps). */
const MAX_LINE = 512;

const utf8 = new TextEncoder();

export function encodePacket(type: number, data: Uint8Array): Uint8Array {
  if (data.length > IMPROV_MAX_FIELD_BYTES)
    throw new RangeError('Improv packet data over 255 bytes');
  const out = new Uint8Array(HEADER.length + 3 + data.length + 2);
  out.set(HEADER, 0);
  out.set([IMPROV_VERSION, type, data.length], HEADER.length);
  out.set(data, HEADER.length + 3);
  let sum = 0;
  for (const x of out.subarray(0, -2)) sum += x;
  out[out.length - 2] = sum & 0xff;
  out[out.length - 1] = 0x0a;
  return out;
}

/** Length-prefixed UTF-8 strings, as RPC commands and results carry them. */
export function encodeStrings(strings: readonly string[]): Uint8Array {
  const parts = strings.map((s) => utf8.encode(s));
  const out = new Uint8Array(parts.reduce((n, p) => n + 1 + p.length, 0));
  let o = 0;
  for (const p of parts) {
    if (p.length > IMPROV_MAX_FIELD_BYTES) throw new RangeError('Improv string over 255 bytes');
    out[o++] = p.length;
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function decodeStrings(data: Uint8Array): string[] | null {
  const out: string[] = [];
  const dec = new TextDecoder('utf-8', { fatal: false });
  for (let o = 0; o < data.length;) {
    const n = at(data, o, 'string length');
    if (o + 1 + n > data.length) return null;
    out.push(dec.decode(data.subarray(o + 1, o + 1 + n)));
    o += 1 + n;
  }
  return out;
}

export function rpcPacket(command: number, strings: readonly string[] = []): Uint8Array {
  const body = encodeStrings(strings);
  const data = new Uint8Array(2 + body.length);
  data[0] = command;
  data[1] = body.length;
  data.set(body, 2);
  return encodePacket(ImprovType.RPC, data);
}

export type ImprovFrame =
  | { kind: 'packet'; type: number; data: Uint8Array }
  | { kind: 'line'; text: string }
  | { kind: 'bad'; why: string };

/**
 * Tells Improv packets from console text in one byte stream: text up to a packet's header is
 * console output (lines), a packet is read to its checksum. Bounded: a line is cut at MAX_LINE.
 */
export class ImprovFramer implements Framer<ImprovFrame> {
  private buf: number[] = [];
  private readonly dec = new TextDecoder('utf-8', { fatal: false });

  push(bytes: Uint8Array): ImprovFrame[] {
    const out: ImprovFrame[] = [];
    for (const b of bytes) this.buf.push(b);
    for (;;) {
      const start = this.findHeader();
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0 && (start < 0 || nl < start)) {
        this.line(out, this.buf.splice(0, nl + 1));
        continue;
      }
      if (start < 0) {
        // Keep a possible header's beginning; cut an over-long line.
        if (this.buf.length > MAX_LINE) this.line(out, this.buf.splice(0, this.buf.length - 5));
        return out;
      }
      if (start > 0) {
        this.line(out, this.buf.splice(0, start));
        continue;
      }
      if (this.buf.length < 9) return out;
      const length = at(this.buf, 8, 'length byte');
      const total = 9 + length + 1;
      if (this.buf.length < total) return out;
      const packet = this.buf.splice(0, total);
      if (this.buf[0] === 0x0a) this.buf.shift();
      const sum = packet.slice(0, -1).reduce((a, x) => a + x, 0);
      if ((sum & 0xff) !== packet[total - 1]) out.push({ kind: 'bad', why: 'bad checksum' });
      else if (packet[6] !== IMPROV_VERSION) out.push({ kind: 'bad', why: `version ${packet[6]}` });
      else
        out.push({
          kind: 'packet',
          type: at(packet, 7, 'type byte'),
          data: Uint8Array.from(packet.slice(9, 9 + length)),
        });
    }
  }

  private findHeader(): number {
    outer: for (let i = 0; i + HEADER.length <= this.buf.length; i++) {
      for (let k = 0; k < HEADER.length; k++) if (this.buf[i + k] !== HEADER[k]) continue outer;
      return i;
    }
    return -1;
  }

  private line(out: ImprovFrame[], bytes: number[]): void {
    const text = this.dec
      .decode(Uint8Array.from(bytes))
      .replace(/\r?\n$/, '')
      .replace(/\r$/, '');
    if (text.trim()) out.push({ kind: 'line', text });
  }
}

export interface ImprovDeviceInfo {
  readonly firmware: string;
  readonly version: string;
  /** "ESP32", "ESP32-S3", "ESP8266", … */
  readonly chip: string;
  readonly deviceName: string;
}

export interface ImprovStatus {
  readonly state: ImprovState;
  /** Where the device says it can be reached once provisioned (may be empty). */
  readonly urls: string[];
}

function noImprov(detail: string): ProvisionError {
  return new ProvisionError(
    ProvisionErrorCode.NO_ANSWER,
    'the board did not answer Improv Serial: its firmware may not speak it, or it is still booting; check the port and the firmware',
    { detail },
  );
}

function improvError(code: number, context: string): ProvisionError {
  const name = IMPROV_ERRORS[code] ?? `error 0x${code.toString(16)}`;
  if (code === 0x03) {
    return new ProvisionError(
      ProvisionErrorCode.REJECTED,
      `${context}: the board could not connect; check the network name and password, and that the network is in range`,
      { detail: name },
    );
  }
  if (code === 0x02) {
    return new ProvisionError(
      ProvisionErrorCode.REJECTED,
      `${context}: the firmware does not support this Improv command`,
      { detail: name },
    );
  }
  return new ProvisionError(
    ProvisionErrorCode.PROTOCOL_ERROR,
    `${context}: the board answered "${name}"`,
    {
      detail: name,
    },
  );
}

/**
 * Sends `packet` until a frame `take` accepts arrives (resending after silence or a burst of
 * console lines, IMPROV_SENDS at most); console lines are logged; an error state throws.
 */
export interface ImprovOptions {
  /** Sends of a request before "did not answer" (default IMPROV_SENDS). */
  readonly sends?: number;
}

function* ask<T>(
  packet: Uint8Array,
  context: string,
  take: (f: Extract<ImprovFrame, { kind: 'packet' }>) => T | undefined,
  sends = IMPROV_SENDS,
): FrameProgram<ImprovFrame, T> {
  for (let send = 0; send < sends; send++) {
    let write: Uint8Array | undefined = packet;
    for (let noise = 0; noise < NOISE_PER_SEND; noise++) {
      const f = yield* awaitFrame<ImprovFrame>(write, IMPROV_RETRY_MS);
      write = undefined;
      if (f === null) break;
      if (f.kind === 'line') {
        yield logEvent(`board: ${f.text}`);
        continue;
      }
      if (f.kind === 'bad') {
        yield logEvent(`improv: a damaged packet (${f.why})`);
        continue;
      }
      if (f.type === ImprovType.ERROR_STATE && f.data[0] !== undefined && f.data[0] !== 0) {
        throw improvError(f.data[0], context);
      }
      const r = take(f);
      if (r !== undefined) return r;
    }
  }
  throw noImprov(`${sends} requests, ${IMPROV_RETRY_MS} ms apart`);
}

const resultOf = (f: { type: number; data: Uint8Array }, command: number): string[] | undefined =>
  f.type === ImprovType.RPC_RESULT && f.data[0] === command
    ? (decodeStrings(f.data.subarray(2, 2 + (f.data[1] ?? 0))) ?? undefined)
    : undefined;

export function* improvDeviceInfoProgram(
  options: ImprovOptions = {},
): FrameProgram<ImprovFrame, ImprovDeviceInfo> {
  const s = yield* ask(
    rpcPacket(ImprovCommand.DEVICE_INFO),
    'device info',
    (f) => resultOf(f, ImprovCommand.DEVICE_INFO),
    options.sends,
  );
  const info = {
    firmware: s[0] ?? '',
    version: s[1] ?? '',
    chip: s[2] ?? '',
    deviceName: s[3] ?? '',
  };
  yield logEvent(`improv: ${info.firmware} ${info.version} on ${info.chip} (${info.deviceName})`);
  return info;
}

export function* improvStateProgram(
  options: ImprovOptions = {},
): FrameProgram<ImprovFrame, ImprovStatus> {
  const state = yield* ask(
    rpcPacket(ImprovCommand.CURRENT_STATE),
    'current state',
    (f) => (f.type === ImprovType.CURRENT_STATE ? STATES[f.data[0] ?? 0] : undefined),
    options.sends,
  );
  let urls: string[] = [];
  if (state === 'provisioned') {
    // The URL result follows the state; a firmware without one sends an empty result or none.
    const f = yield* awaitFrame<ImprovFrame>(undefined, IMPROV_RETRY_MS);
    if (f?.kind === 'packet') urls = resultOf(f, ImprovCommand.CURRENT_STATE) ?? [];
  }
  yield logEvent(`improv: state ${state}`);
  return { state, urls };
}

export interface ImprovWifiResult extends ImprovStatus {
  readonly device: ImprovDeviceInfo;
}

/**
 * Reads the device info, then sends the Wi-Fi settings and follows the states the board reports
 * (provisioning, then provisioned with its URLs, or "unable to connect"), in one session (opening
 * an ESP's port resets it). The passphrase is in no log line.
 */
export function* improvSetWifiProgram(
  ssid: string,
  psk: string,
  options: ImprovOptions = {},
): FrameProgram<ImprovFrame, ImprovWifiResult> {
  const ssidBytes = utf8.encode(ssid).length;
  if (ssidBytes < 1 || ssidBytes > 32) {
    throw new ProvisionError(ProvisionErrorCode.IDENTITY_INVALID, 'ssid must be 1–32 bytes', {
      field: 'ssid',
    });
  }
  if (utf8.encode(psk).length > 64) {
    throw new ProvisionError(
      ProvisionErrorCode.IDENTITY_INVALID,
      'psk must be at most 64 characters',
      {
        field: 'psk',
      },
    );
  }
  const context = `Wi-Fi "${ssid}"`;
  const device = yield* improvDeviceInfoProgram(options);
  yield logEvent(`improv: sending Wi-Fi settings for "${ssid}" (password ********)`);
  let state = yield* ask(rpcPacket(ImprovCommand.WIFI_SETTINGS, [ssid, psk]), context, (f) =>
    f.type === ImprovType.CURRENT_STATE && (f.data[0] === 0x03 || f.data[0] === 0x04)
      ? STATES[f.data[0]]
      : resultOf(f, ImprovCommand.WIFI_SETTINGS)
        ? 'provisioned'
        : undefined,
  );
  yield logEvent(`improv: state ${state}`);
  let urls: string[] | undefined;
  for (let frames = 0; frames < 200 && (state !== 'provisioned' || urls === undefined); frames++) {
    const f = yield* awaitFrame<ImprovFrame>(
      undefined,
      state === 'provisioned' ? IMPROV_RETRY_MS : IMPROV_CONNECT_TIMEOUT_MS,
    );
    if (f === null) {
      if (state === 'provisioned') break; // no URL result: fine
      throw new ProvisionError(
        ProvisionErrorCode.NO_ANSWER,
        `${context}: the board did not say whether it joined within ${IMPROV_CONNECT_TIMEOUT_MS / 1000} s`,
      );
    }
    if (f.kind === 'line') {
      yield logEvent(`board: ${f.text}`);
      continue;
    }
    if (f.kind === 'bad') continue;
    if (f.type === ImprovType.ERROR_STATE && f.data[0]) throw improvError(f.data[0], context);
    if (f.type === ImprovType.CURRENT_STATE && f.data[0] === 0x04) {
      state = 'provisioned';
      yield logEvent('improv: state provisioned');
    }
    const r = resultOf(f, ImprovCommand.WIFI_SETTINGS);
    if (r) {
      urls = r;
      state = 'provisioned';
    }
  }
  if (state !== 'provisioned') {
    throw new ProvisionError(
      ProvisionErrorCode.PROTOCOL_ERROR,
      `${context}: the board never reported provisioned`,
    );
  }
  return { device, state, urls: urls ?? [] };
}
