/**
 * Attacker side of `npm run bench:hostile`: the hostile classes of issue 13, each run for a given
 * time against the broker on 127.0.0.1 from loopback source addresses of their own (127.0.1.x…),
 * and the restart storm. Every class stops by itself: sockets are destroyed at the end.
 * argv: <port>. Commands arrive over IPC: {cmd: 'attack', name, ms} | {cmd: 'storm', …}.
 */
import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import {
  FrameParser,
  MessageType,
  connect as connectMessage,
  encodeFrame,
  hexToBytes,
  message,
  streamData,
} from '../../src-main/protocol';
import { reconnectStorm } from '../../src-main/transports/testing/reconnectStorm';
import { serveBenchCommands } from '../broker/child';
import { ATTACKER_CREDENTIAL, attackerAddress, stormCredential } from './identities';

const port = Number(process.argv[2]);
const open = new Set<Socket>();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function socket(address: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const s = netConnect({ host: '127.0.0.1', port, localAddress: address }, () => resolve(s));
    open.add(s);
    s.on('error', () => resolve(null));
    s.on('close', () => open.delete(s));
    s.on('data', () => {});
  });
}

/** An authenticated attacker device; resolves null when refused. */
async function device(i: number, address = attackerAddress(i)): Promise<Socket | null> {
  const s = await socket(address);
  if (!s) return null;
  return new Promise((resolve) => {
    const parser = new FrameParser({
      onFrame: (f) => resolve(f.type === MessageType.OK ? s : null),
    });
    s.on('data', (d: Buffer) => {
      try {
        parser.push(d);
      } catch {
        resolve(null);
      }
    });
    s.on('close', () => resolve(null));
    s.write(encodeFrame(connectMessage(1, 1, ['bench', `attacker${i}`, ATTACKER_CREDENTIAL]), 1));
  });
}

/** Runs `step` until `ms` have passed, then closes every socket it opened. */
async function during(ms: number, step: (round: number) => Promise<void>): Promise<number> {
  const end = performance.now() + ms;
  let round = 0;
  while (performance.now() < end) await step(round++);
  for (const s of open) s.destroy();
  open.clear();
  return round;
}

/** A STREAM_DATA whose payload map declares 2^31 entries (IOTMP.md §4: tag 0xdf + varint). */
const HUGE_MAP = ((): Buffer => {
  const f = Buffer.from(encodeFrame(streamData(7, 'ABCDE'), 1));
  hexToBytes('df8080808008').forEach((b, k) => (f[f.indexOf(0x85) + k] = b));
  return f;
})();

const CLASSES: Record<string, (ms: number) => Promise<number>> = {
  /** Random bytes on fresh connections, 200 a second from 20 addresses. */
  garbage: (ms) =>
    during(ms, async () => {
      for (let i = 0; i < 20; i++)
        void socket(attackerAddress(i)).then((s) => s?.write(randomBytes(64)));
      await sleep(100);
    }),
  /** D3: 5,000 anonymous sockets from 100 addresses, each declaring a 256 KiB CONNECT body. */
  'header-bomb': (ms) =>
    during(ms, async (r) => {
      if (r < 50)
        for (let i = 0; i < 100; i++)
          void socket(attackerAddress(i)).then((s) => s?.write(hexToBytes('03808010')));
      await sleep(100);
    }),
  /** 5,000 sockets that connect and say nothing (held until the connect timeout). */
  silent: (ms) =>
    during(ms, async (r) => {
      if (r < 50) for (let i = 0; i < 100; i++) void socket(attackerAddress(i));
      await sleep(100);
    }),
  /** Authenticated devices declaring a 4 GiB frame and a 2^31-entry map, over and over. */
  oversize: (ms) =>
    during(ms, async (r) => {
      const d = await device(r % 8);
      d?.write(r % 2 ? hexToBytes('0affffffff0f') : HUGE_MAP);
      await sleep(50);
    }),
  /** D1: devices reading a 60 KB property ~190 times a second and never reading the answers. */
  'slow-reader': async (ms) => {
    const devices = (await Promise.all([0, 1, 2, 3].map((i) => device(i)))).filter(
      (d): d is Socket => d !== null,
    );
    for (const d of devices) d.pause();
    let id = 100;
    return during(ms, async () => {
      for (const d of devices)
        for (let k = 0; k < 19; k++)
          d.write(
            encodeFrame(
              message(6, [
                [1, id++],
                [2, 'big'],
                [4, 1],
              ]),
              1,
            ),
          );
      await sleep(100);
    });
  },
  /** Wrong credentials: 500 in parallel from one address, and 25 each from 20 more. */
  guessers: (ms) =>
    during(ms, async (r) => {
      if (r === 0 || r % 20 === 0) {
        for (let i = 0; i < 500 + 20 * 25; i++) {
          const address = attackerAddress(i < 500 ? 200 : 201 + (i % 20));
          void socket(address).then((s) =>
            s?.write(
              encodeFrame(
                connectMessage(1, 1, ['bench', i % 2 ? 'legit' : `attacker${i % 8}`, `guess${i}`]),
                1,
              ),
            ),
          );
        }
      }
      await sleep(100);
    }),
  /** One address opening 1,000 connections a second (a reconnect loop gone wrong). */
  'connect-flood': (ms) =>
    during(ms, async () => {
      for (let i = 0; i < 100; i++) void socket(attackerAddress(210)).then((s) => s?.destroy());
      await sleep(100);
    }),
  /** An authenticated device sending 10,000 stream frames a second (the rate limit's job). */
  'frame-flood': async (ms) => {
    const d = await device(5);
    const burst = Buffer.concat(
      Array.from({ length: 100 }, () => encodeFrame(streamData(7, { v: 1 }), 1)),
    );
    return during(ms, async () => {
      if (d && d.writableLength < 1 << 20) d.write(burst);
      await sleep(10);
    });
  },
  /** Two boards sharing one identity, each reconnecting when knocked off. */
  duplicate: (ms) =>
    during(ms, async () => {
      await Promise.all([device(6, attackerAddress(220)), device(6, attackerAddress(221))]);
      await sleep(500);
    }),
};

type Command =
  | { cmd: 'attack'; name: string; ms: number }
  | { cmd: 'storm'; devices: number; addresses: number; deadlineMs: number };

let lastStorm: { close: () => void } | null = null;

async function handle(c: Command): Promise<unknown> {
  if (c.cmd === 'attack') {
    const run = CLASSES[c.name];
    if (!run) throw new Error(`unknown class ${c.name}`);
    return run(c.ms);
  }
  lastStorm?.close();
  const storm = await reconnectStorm({
    port,
    devices: Array.from({ length: c.devices }, (_, i) => ({
      user: 'fleet',
      device: `d${i}`,
      credential: stormCredential(i),
    })),
    addresses: c.addresses,
    deadlineMs: c.deadlineMs,
    retryMs: 1000,
  });
  lastStorm = storm;
  return { online: storm.online, seconds: storm.seconds, attempts: storm.attempts };
}

serveBenchCommands(handle, {});
