/**
 * Differential check: the same server probes against Thinger's reference Linux client and the
 * simulator must get the same bytes back. Opt-in: runs when IOTMP_LINUX_BIN names the unchanged
 * `thinger_iotmp` binary (built outside this repository, never committed). Uses the client's WSS
 * transport, whose host string can carry a port ("127.0.0.1:P/iotmp?"), so no fixed port is
 * needed; the device→server bytes are the same over every transport (IOTMP.md §9.5).
 */
import { rmSync } from 'node:fs';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { encodeFrame, message, ok, type PsonValue } from '../protocol';
import { ScriptedServer, type ServerConnection } from './ScriptedServer';
import { SimulatedDevice } from './SimulatedDevice';
import { spawnIotmpLinux } from '../transports/testing/iotmpLinuxClient';

const BIN = process.env.IOTMP_LINUX_BIN;

const f = (type: number, fields: [number, PsonValue][]): Uint8Array =>
  new Uint8Array(encodeFrame(message(type, fields), 1));

/**
 * Server frames whose answers do not depend on the device's resource set (besides `version`).
 * No periodic streams: their first periodic sample falls anywhere in the client's 1 s loop.
 */
const PROBES: [string, Uint8Array][] = [
  ['RUN without id on an unknown resource', f(6, [[4, 'no/such']])],
  ['RUN without resource', f(6, [[1, 9]])],
  [
    'DESCRIBE with a non-string resource',
    f(7, [
      [1, 10],
      [4, 5],
    ]),
  ],
  [
    'DESCRIBE of an unknown resource',
    f(7, [
      [1, 11],
      [4, 'no/such'],
    ]),
  ],
  [
    'DESCRIBE of version',
    f(7, [
      [1, 12],
      [4, 'version'],
    ]),
  ],
  [
    'RUN of version',
    f(6, [
      [1, 13],
      [4, 'version'],
    ]),
  ],
  ['RUN of version without id', f(6, [[4, 'version']])],
  [
    'RUN of version with parameters',
    f(6, [
      [1, 14],
      [2, { a: 1 }],
      [4, 'version'],
    ]),
  ],
  ['STOP_STREAM of an unknown id', f(9, [[1, 77]])],
  [
    'STREAM_DATA on an unknown id',
    f(10, [
      [1, 78],
      [3, true],
    ]),
  ],
  ['unexpected OK', f(1, [[1, 129]])],
  ['unexpected ERROR', f(2, [[1, 130]])],
  ['undefined type 11', f(11, [[1, 12]])],
  ['DISCONNECT', f(4, [])],
  ['KEEP_ALIVE', f(5, [])],
  [
    'START_STREAM with a bare-number interval',
    f(8, [
      [1, 20],
      [2, 60_000],
      [4, 'version'],
    ]),
  ],
  [
    'START_STREAM reusing the id',
    f(8, [
      [1, 20],
      [4, 'version'],
    ]),
  ],
  ['STOP_STREAM', f(9, [[1, 20]])],
  ['STOP_STREAM again', f(9, [[1, 20]])],
  [
    'START_STREAM with id 0',
    f(8, [
      [1, 0],
      [4, 'version'],
    ]),
  ],
  ['STOP_STREAM of id 0', f(9, [[1, 0]])],
  [
    'START_STREAM of an unknown resource',
    f(8, [
      [1, 21],
      [4, 'no/such'],
    ]),
  ],
  [
    'START_STREAM event stream',
    f(8, [
      [1, 30],
      [4, 'version'],
    ]),
  ],
  ['STOP_STREAM of the event stream', f(9, [[1, 30]])],
];

const PROBE_WAIT_MS = 250;

async function probe(c: ServerConnection): Promise<string[]> {
  const out: string[] = [];
  const connect = await c.next(10_000);
  out.push(`CONNECT ${connect.hex}`);
  c.send(ok(17767));
  await new Promise((r) => setTimeout(r, PROBE_WAIT_MS));
  c.received.splice(0);
  for (const [label, bytes] of PROBES) {
    c.sendBytes(bytes);
    await new Promise((r) => setTimeout(r, PROBE_WAIT_MS));
    const answers = c.received.splice(0).map((x) => x.hex);
    out.push(`${label}: ${answers.join(' ') || '(nothing)'}`);
  }
  out.push(`connection open: ${!c.isClosed}`);
  return out;
}

// Skipped unless IOTMP_LINUX_BIN names the reference client's binary: it is built outside this
// repository from its public sources and never committed, so CI cannot run it.
describe.skipIf(!BIN)('simulator vs IOTMP-Linux (IOTMP_LINUX_BIN)', () => {
  it('answers every probe with the bytes the reference client sends', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec' });
    const tlsMaterial = { key: pems.private, cert: pems.cert };
    const linuxServer = await ScriptedServer.start('wss', tlsMaterial);
    const { child, root } = spawnIotmpLinux(BIN!, {
      host: `127.0.0.1:${linuxServer.port}/iotmp?`,
      transport: 'ws',
    });
    let linux: string[];
    try {
      linux = await probe(await linuxServer.connection(0, 10_000));
    } finally {
      child.kill('SIGKILL');
      await linuxServer.close();
      rmSync(root, { recursive: true, force: true });
    }

    const simServer = await ScriptedServer.start('wss', tlsMaterial);
    const sim = new SimulatedDevice({
      host: '127.0.0.1',
      port: simServer.port,
      transport: 'wss',
      user: 'user1',
      device: 'sensor1',
      credential: 'secret123',
      ids: () => 17767, // glibc's first unseeded rand(), as the client uses
      // The client's built-in `version` resource (IOTMP.md §7.6).
      profile: {
        resources: {
          version: {
            kind: 'event',
            everyMs: 1e9,
            values: [{ major: 1, minor: 3, patch: 0, version: '1.3.0' }],
          },
        },
      },
    });
    let simulated: string[];
    try {
      sim.start();
      simulated = await probe(await simServer.connection(0));
    } finally {
      await sim.stop();
      await simServer.close();
    }
    expect(simulated).toEqual(linux);
  }, 60_000);
});
