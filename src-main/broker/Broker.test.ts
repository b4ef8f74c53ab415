/**
 * The broker core byte by byte, through an in-memory link and a fake clock (IOTMP.md §6, §9,
 * §10.2). Frames come from the golden vectors and the reference-client traces.
 */
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  encodeFrame,
  hexToBytes,
  message,
  ok,
  streamData,
  error as errorMessage,
} from '../protocol';
import type { CredentialVerifier, ServerResources } from './brokerPorts';
import { newBroker } from './testing/newBroker';
import { FrameClock } from '../core/frameClock';
import type { Session } from './Session';
import { FakeScheduler, flush } from './testing/FakeScheduler';
import { MemoryLink } from './testing/MemoryLink';
import type { DeviceIdentity } from './types';

// Vector msg_pv1_connect_linux_client_first and the IOTMP-Linux capture (payload first).
const CONNECT_EMBEDDED = '031e08e78a011ae38575736572318773656e736f723189736563726574313233';
const CONNECT_LINUX = '031e1ae38575736572318773656e736f72318973656372657431323308e78a01';
const CONNECT_PV0 = '0324100119721b4a0575736572314a0773656e736f72314a0973656372657431323308e78a01';
const OK_17767 = '010408e78a01';
const ERROR_BAD_CREDENTIALS = '020608e78a011002';

class Credentials implements CredentialVerifier {
  readonly known = new Map<string, string>([['user1/sensor1', 'secret123']]);
  registered: string[] = [];
  /** Like DeviceStore's memory cache: credentials that verified once. */
  private readonly verified = new Set<string>();
  verify(id: DeviceIdentity, credential: string): Promise<'accepted' | 'rejected' | 'unknown'> {
    const c = this.known.get(`${id.user}/${id.device}`);
    if (c !== undefined && c === credential) this.verified.add(`${id.user}/${id.device}/${c}`);
    return Promise.resolve(
      c === undefined ? 'unknown' : c === credential ? 'accepted' : 'rejected',
    );
  }
  verifyCached(id: DeviceIdentity, credential: string): boolean {
    return this.verified.has(`${id.user}/${id.device}/${credential}`);
  }
  register(id: DeviceIdentity, credential: string): Promise<void> {
    this.known.set(`${id.user}/${id.device}`, credential);
    this.registered.push(`${id.user}/${id.device}`);
    return Promise.resolve();
  }
}

function setup(opts: { acceptNew?: boolean; resources?: ServerResources } = {}) {
  const clock = new FakeScheduler();
  let wall = 1_700_000_000_000;
  const credentials = new Credentials();
  const logs: string[] = [];
  const broker = newBroker({
    scheduler: clock,
    credentials,
    acceptNewDevices: () => opts.acceptNew ?? false,
    ...(opts.resources ? { resources: opts.resources } : {}),
    log: (_l, m) => logs.push(m),
    clock: new FrameClock(() => wall),
  });
  const connect = (address = '192.0.2.10'): { link: MemoryLink; session: Session } => {
    const link = new MemoryLink(address);
    const session = broker.attach(link)!;
    return { link, session };
  };
  const advanceWall = (ms: number): void => {
    wall += ms;
  };
  return { clock, broker, credentials, logs, connect, advanceWall };
}

const bytes = hexToBytes;

async function online(env: ReturnType<typeof setup>, connectHex = CONNECT_LINUX) {
  const c = env.connect();
  c.session.receive(bytes(connectHex));
  await flush();
  expect(c.link.take()).toEqual([OK_17767]);
  return c;
}

describe('CONNECT (IOTMP.md §6.1)', () => {
  it.each([
    ['IOTMP-Linux field order (payload first)', CONNECT_LINUX],
    ['IOTMP-Embedded field order (stream id first)', CONNECT_EMBEDDED],
  ])(
    'accepts good credentials in %s and answers OK echoing the stream id as its first frame',
    async (_n, hex) => {
      const env = setup();
      const { link, session } = env.connect();
      session.receive(bytes(hex));
      await flush();
      expect(link.hex).toEqual([OK_17767]);
      expect(env.broker.registry.get('user1/sensor1')).toMatchObject({
        online: true,
        transport: 'tcp',
        pv: 1,
        remoteAddress: '192.0.2.10',
      });
    },
  );

  it('counts the CONNECT and its OK in the new session, so a quiet device does not read 0 B', async () => {
    const env = setup();
    env.broker.registry.known('user1/sensor1');
    // A refused attempt first: its bytes are not the new session's.
    const wrong = env.connect('192.0.2.99');
    wrong.session.receive(bytes(CONNECT_LINUX.replace('736563726574313233', '736563726574313234')));
    await flush();
    const { session } = env.connect();
    session.receive(bytes(CONNECT_LINUX));
    await flush();
    // One guess at a time per device: this one is checked once the refusal went out.
    await env.clock.advance(1000);
    expect(env.broker.registry.get('user1/sensor1')).toMatchObject({
      online: true,
      framesIn: 1,
      bytesIn: CONNECT_LINUX.length / 2,
      framesOut: 1,
      bytesOut: OK_17767.length / 2,
    });
  });

  it('counts the handshake of a device accepted as new too', async () => {
    const env = setup({ acceptNew: true });
    env.credentials.known.clear();
    const { session } = env.connect();
    session.receive(bytes(CONNECT_LINUX));
    await flush();
    expect(env.credentials.registered).toEqual(['user1/sensor1']);
    expect(env.broker.registry.get('user1/sensor1')).toMatchObject({
      online: true,
      bytesIn: CONNECT_LINUX.length / 2,
      bytesOut: OK_17767.length / 2,
    });
  });

  it("counts an online device's frames in its connection, keeps them once it is offline, and a newer connection starts from its own handshake", async () => {
    const env = setup();
    const first = await online(env);
    const handshake = { framesIn: 1, framesOut: 1 };
    env.advanceWall(5_000);
    for (let i = 0; i < 3; i++) first.session.receive(bytes('0500')); // KEEP_ALIVE, echoed
    const counted = {
      online: true,
      framesIn: handshake.framesIn + 3,
      framesOut: handshake.framesOut + 3,
      bytesIn: CONNECT_LINUX.length / 2 + 6,
      bytesOut: OK_17767.length / 2 + 6,
      lastSeen: 1_700_000_005_000,
    };
    expect(env.broker.registry.get('user1/sensor1')).toMatchObject(counted);
    // §6.1: the newest connection wins; the older one's frames are no longer the device's.
    const second = await online(env);
    expect(first.link.closed).toBe(true);
    first.session.receive(bytes('0500'));
    // (Its CONNECT came while the other connection was the device's: counted for neither.)
    const replaced = { framesIn: 0, framesOut: 1, bytesIn: 0, bytesOut: OK_17767.length / 2 };
    expect(env.broker.registry.get('user1/sensor1')).toMatchObject(replaced);
    second.session.receive(bytes('0500'));
    env.advanceWall(1_000);
    second.session.transportClosed();
    second.session.receive(bytes('0500'));
    expect(env.broker.registry.get('user1/sensor1')).toMatchObject({
      online: false,
      framesIn: replaced.framesIn + 1,
      framesOut: replaced.framesOut + 1,
      bytesIn: 2,
      lastSeen: 1_700_000_006_000,
    });
  });

  it('a device that closes its socket was last seen then; a silent one when it last spoke', async () => {
    const env = setup();
    const { session } = env.connect();
    session.receive(bytes(CONNECT_LINUX));
    await flush();
    const since = env.broker.registry.get('user1/sensor1')!.lastSeen!;
    env.advanceWall(35_000);
    session.transportClosed();
    expect(env.broker.registry.get('user1/sensor1')).toMatchObject({ online: false });
    expect(env.broker.registry.get('user1/sensor1')!.lastSeen).toBe(since + 35_000);
  });

  it('tells a legacy pv0 client from the credential wire type and answers in pv0', async () => {
    const env = setup();
    const { link, session } = env.connect();
    session.receive(bytes(CONNECT_PV0));
    await flush();
    expect(link.hex).toEqual([OK_17767]);
    expect(session.pv).toBe(0);
    // pv0 puts the DESCRIBE resource in field 3 (§3.3).
    void env.broker.describe('user1', 'sensor1', 'temperature').catch(() => {});
    expect(link.take()[1]).toBe('0710080119' + '4a0b' + '74656d7065726174757265');
  });

  it('accepts a CONNECT split into single bytes', async () => {
    const env = setup();
    const { link, session } = env.connect();
    for (const b of bytes(CONNECT_LINUX)) session.receive(Uint8Array.of(b));
    await flush();
    expect(link.hex).toEqual([OK_17767]);
  });

  it('holds a frame parser only while a frame is split across reads (idle connections hold none)', async () => {
    const env = setup();
    const { link, session } = env.connect();
    expect(session.parser).toBeNull();
    const connect = bytes(CONNECT_LINUX);
    session.receive(connect.subarray(0, 5));
    expect(session.parser?.buffered).toBe(5);
    session.receive(connect.subarray(5));
    expect(session.parser).toBeNull();
    await flush();
    expect(link.take()).toEqual([OK_17767]);
    // Online: a whole KEEP_ALIVE and half of the next in one read, the rest in another.
    session.receive(bytes('0500' + '05'));
    expect(session.parser).not.toBeNull();
    session.receive(bytes('00'));
    expect(session.parser).toBeNull();
    expect(link.take()).toEqual(['0500', '0500']);
  });

  it('before the CONNECT is accepted, caps the declared body whether or not the header is split (D3)', () => {
    const env = setup();
    const whole = env.connect();
    whole.session.receive(bytes('03808010')); // a CONNECT declaring 256 KiB
    expect(whole.link.closed).toBe(true);
    const split = env.connect('192.0.2.11');
    split.session.receive(bytes('0380'));
    expect(split.link.closed).toBe(false);
    split.session.receive(bytes('8010'));
    expect(split.link.closed).toBe(true);
  });

  it('answers wrong credentials with ERROR code 2 after a delay, logs the address, then closes', async () => {
    const env = setup();
    const { link, session } = env.connect('198.51.100.7');
    session.receive(
      encodeFrame(
        message(3, [
          [1, 17767],
          [3, ['user1', 'sensor1', 'wrong']],
        ]),
        1,
      ),
    );
    await flush();
    expect(link.hex).toEqual([]); // delayed (§6.1 step 6)
    await env.clock.advance(1000);
    expect(link.hex).toEqual([ERROR_BAD_CREDENTIALS]);
    expect(link.closed).toBe(true);
    expect(
      env.logs.some(
        (l) => l.includes('wrong credentials for user1/sensor1') && l.includes('198.51.100.7'),
      ),
    ).toBe(true);
  });

  it('slows repeated failures from one address (bounded) without delaying other addresses', async () => {
    const env = setup();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { link, session } = env.connect('198.51.100.7');
      session.receive(
        encodeFrame(
          message(3, [
            [1, 1],
            [3, ['user1', 'sensor1', 'nope']],
          ]),
          1,
        ),
      );
      await flush();
      let waited = 0;
      while (!link.closed) {
        await env.clock.advance(250);
        waited += 250;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    // A good device from another address is answered at once.
    const { link, session } = env.connect('192.0.2.99');
    session.receive(bytes(CONNECT_LINUX));
    await flush();
    expect(link.hex).toEqual([OK_17767]);
  });

  it('allows one guess at a time per identity and a few per address; the rest wait their turn', async () => {
    const env = setup();
    const guess = (address: string, n: number): MemoryLink => {
      const { link, session } = env.connect(address);
      session.receive(
        encodeFrame(
          message(3, [
            [1, n],
            [3, ['user1', 'sensor1', `guess-${n}`]],
          ]),
          1,
        ),
      );
      return link;
    };
    // The owner's device has connected before (its credential is known good).
    const owner = await online(env);
    owner.session.transportClosed();
    // 20 parallel guesses for it from 20 addresses: one is checked and answered per refusal
    // delay (growing with the identity's failures), not 20 at once.
    const links = Array.from({ length: 20 }, (_, i) => guess(`198.51.100.${i + 1}`, i + 1));
    await flush();
    await env.clock.advance(1000);
    expect(links.filter((l) => l.closed)).toHaveLength(1);
    await env.clock.advance(2000);
    expect(links.filter((l) => l.closed)).toHaveLength(2);
    // Meanwhile the owner's device reconnects and is let in at once, past the queue.
    const { link, session } = env.connect('192.0.2.50');
    session.receive(bytes(CONNECT_LINUX));
    await flush();
    expect(link.hex).toEqual([OK_17767]);
    await env.clock.advance(120_000);
    expect(links.every((l) => l.closed)).toBe(true);
  });

  it('a success from an address does not wipe its record of failures', async () => {
    const env = setup();
    const wrongFrom = async (n: number): Promise<number> => {
      const { link, session } = env.connect('198.51.100.7');
      session.receive(
        encodeFrame(
          message(3, [
            [1, n],
            [3, ['user1', `other${n}`, 'nope']],
          ]),
          1,
        ),
      );
      await flush();
      let waited = 0;
      while (!link.closed) {
        await env.clock.advance(250);
        waited += 250;
      }
      return waited;
    };
    expect(await wrongFrom(1)).toBe(1000);
    expect(await wrongFrom(2)).toBe(2000);
    const c = env.connect('198.51.100.7');
    c.session.receive(bytes(CONNECT_LINUX));
    await flush();
    expect(c.link.take()).toEqual([OK_17767]);
    expect(await wrongFrom(3)).toBe(4000);
  });

  it('logs refusals from one address once, then one summary a minute', async () => {
    const env = setup();
    for (let i = 0; i < 10; i++) {
      const { link, session } = env.connect('198.51.100.7');
      session.receive(
        encodeFrame(
          message(3, [
            [1, 1],
            [3, ['user1', 'sensor1', 'nope']],
          ]),
          1,
        ),
      );
      await flush();
      while (!link.closed) await env.clock.advance(250);
    }
    const refusalLines = (): string[] => env.logs.filter((l) => l.includes('refused'));
    expect(refusalLines()).toEqual([
      'connection refused: wrong credentials for user1/sensor1 from 198.51.100.7',
    ]);
    await env.clock.advance(60_000);
    expect(refusalLines()).toEqual([
      'connection refused: wrong credentials for user1/sensor1 from 198.51.100.7',
      'connection refused: 9 more for 198.51.100.7 in 60 s (last: wrong credentials for user1/sensor1 from 198.51.100.7)',
    ]);
  });

  it('a refused login for an online device is not counted in its traffic', async () => {
    const env = setup();
    await online(env);
    const before = { ...env.broker.registry.get('user1/sensor1')! };
    const { link, session } = env.connect('198.51.100.7');
    session.receive(
      encodeFrame(
        message(3, [
          [1, 5],
          [3, ['user1', 'sensor1', 'nope']],
        ]),
        1,
      ),
    );
    await flush();
    while (!link.closed) await env.clock.advance(250);
    const after = env.broker.registry.get('user1/sensor1')!;
    expect([after.framesIn, after.framesOut, after.bytesIn, after.bytesOut]).toEqual([
      before.framesIn,
      before.framesOut,
      before.bytesIn,
      before.bytesOut,
    ]);
    expect(after.online).toBe(true);
  });

  it('refuses an unknown device unless "accept new devices" is on, then registers it', async () => {
    const off = setup();
    const a = off.connect();
    a.session.receive(
      encodeFrame(
        message(3, [
          [1, 5],
          [3, ['user1', 'newdev', 'pw']],
        ]),
        1,
      ),
    );
    await off.clock.advance(1000);
    expect(a.link.hex).toEqual(['0204080510' + '02']);
    const on = setup({ acceptNew: true });
    const b = on.connect();
    b.session.receive(
      encodeFrame(
        message(3, [
          [1, 5],
          [3, ['user1', 'newdev', 'pw']],
        ]),
        1,
      ),
    );
    await flush();
    expect(b.link.hex).toEqual(['01020805']);
    expect(on.credentials.registered).toEqual(['user1/newdev']);
  });

  it.each([
    ['a KEEP_ALIVE', '0500'],
    ['a RUN', '060908431a6122836c6564'],
  ])('closes without a reply when the first frame is %s', async (_n, hex) => {
    const env = setup();
    const { link, session } = env.connect();
    session.receive(bytes(hex));
    await flush();
    expect(link.hex).toEqual([]);
    expect(link.closed).toBe(true);
  });

  it.each([
    ['no credential array', encodeFrame(message(3, [[1, 9]]), 1)],
    [
      'two strings',
      encodeFrame(
        message(3, [
          [1, 9],
          [3, ['a', 'b']],
        ]),
        1,
      ),
    ],
    [
      'a number among the strings',
      encodeFrame(
        message(3, [
          [1, 9],
          [3, ['a', 'b', 3]],
        ]),
        1,
      ),
    ],
    [
      'an oversized credential',
      encodeFrame(
        message(3, [
          [1, 9],
          [3, ['a', 'b', 'x'.repeat(2000)]],
        ]),
        1,
      ),
    ],
  ])('answers a CONNECT with %s with ERROR 2 and closes', async (_n, frame) => {
    const env = setup();
    const { link, session } = env.connect();
    session.receive(frame);
    await env.clock.advance(1000);
    expect(link.hex).toEqual(['0204080910' + '02']);
    expect(link.closed).toBe(true);
  });

  it('closes a connection that sends no CONNECT within 15 s', async () => {
    const env = setup();
    const { link } = env.connect();
    await env.clock.advance(14_999);
    expect(link.closed).toBe(false);
    await env.clock.advance(1);
    expect(link.closed).toBe(true);
  });

  it('a second connection of the same device replaces the first', async () => {
    const env = setup();
    const first = await online(env);
    const second = await online(env);
    expect(first.link.closed).toBe(true);
    expect(second.link.closed).toBe(false);
    expect(env.broker.session('user1', 'sensor1')).toBe(second.session);
    expect(env.broker.registry.get('user1/sensor1')?.online).toBe(true);
  });

  it('two boards sharing an identity: said clearly in the close reason, the log and the rejected list', async () => {
    const env = setup();
    const first = env.connect('10.0.0.7');
    first.session.receive(bytes(CONNECT_LINUX));
    await flush();
    for (let i = 0; i < 3; i++) {
      const c = env.connect(i % 2 === 0 ? '10.0.0.8' : '10.0.0.7');
      c.session.receive(bytes(CONNECT_LINUX));
      await flush();
    }
    expect(first.session.closeReason).toBe('replaced by a newer connection from 10.0.0.8');
    const lines = env.logs.filter((l) => l.includes('replaced'));
    expect(lines).toEqual([
      'user1/sensor1 from 10.0.0.7 was replaced by a newer connection from 10.0.0.8 (two devices with the same identity?)',
    ]);
    await env.clock.advance(60_000);
    expect(env.logs.filter((l) => l.includes('replaced')).at(-1)).toMatch(
      /^2 more for user1\/sensor1 in 60 s/,
    );
    expect(env.broker.rejections().map((r) => [r.address, r.reason, r.attempts])).toEqual([
      ['10.0.0.8', 'replaced', 1],
      ['10.0.0.7', 'replaced', 2],
    ]);
  });

  it('a second CONNECT after authentication gets DISCONNECT and the connection closes', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes(CONNECT_LINUX));
    expect(link.take()).toEqual(['0400']);
    expect(link.closed).toBe(true);
  });
});

describe('keep-alive and liveness (§6.2)', () => {
  it('echoes every KEEP_ALIVE at once', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes('05000500'));
    expect(link.take()).toEqual(['0500', '0500']);
  });

  it('probes a silent device after 120 s with a RUN without resource, and closes 30 s later', async () => {
    const env = setup();
    const { link } = await online(env);
    await env.clock.advance(119_999);
    expect(link.take()).toEqual([]);
    await env.clock.advance(1);
    expect(link.take()).toEqual(['06020801']); // RUN {1: 1}, no RESOURCE
    await env.clock.advance(29_999);
    expect(link.closed).toBe(false);
    await env.clock.advance(1);
    expect(link.closed).toBe(true);
    expect(env.broker.registry.get('user1/sensor1')).toMatchObject({ online: false });
    expect(env.broker.registry.get('user1/sensor1')?.lastDisconnectReason).toMatch(
      /keep-alive timeout/,
    );
  });

  it('any answer to the probe keeps the device (all clients answer it with ERROR)', async () => {
    const env = setup();
    const { link, session } = await online(env);
    await env.clock.advance(120_000);
    expect(link.take()).toEqual(['06020801']);
    session.receive(bytes('02020801'));
    await env.clock.advance(60_000);
    expect(link.closed).toBe(false);
  });

  it('keep-alives every 60 s keep the device without probes', async () => {
    const env = setup();
    const { link, session } = await online(env);
    for (let i = 0; i < 5; i++) {
      await env.clock.advance(60_000);
      session.receive(bytes('0500'));
    }
    expect(link.take()).toEqual(['0500', '0500', '0500', '0500', '0500']);
  });
});

describe('server requests (§6.3, §6.4)', () => {
  it('describes, runs and reads outputs, matching answers by stream id in any order', async () => {
    const env = setup();
    const { link, session } = await online(env);
    const d = env.broker.describe('user1', 'sensor1');
    const r = env.broker.run('user1', 'sensor1', 'led', true);
    expect(link.take()).toEqual(['07020801', '0609' + '08021a6122836c6564']);
    // Answers out of order; IOTMP-Linux writes the stream id last (§9.5).
    session.receive(bytes('01041a600802'));
    session.receive(
      bytes(
        '012a1ac3836c6564c182666e02867265626f6f74c182666e018b74656d7065726174757265c182666e030801',
      ),
    );
    await expect(r).resolves.toEqual({ ok: true, payload: false });
    await expect(d).resolves.toEqual({
      ok: true,
      payload: { led: { fn: 2 }, reboot: { fn: 1 }, temperature: { fn: 3 } },
    });
  });

  it('keeps describe answers per connection, and asks again on refresh or a new connection', async () => {
    const env = setup();
    const { link, session } = await online(env);
    const first = env.broker.describe('user1', 'sensor1');
    const [req] = link.take();
    session.receive(encodeFrame(ok(1, { payload: { a: { fn: 1 } } }), 1));
    await expect(first).resolves.toEqual({ ok: true, payload: { a: { fn: 1 } } });
    expect(req).toBe('07020801');
    await expect(env.broker.describe('user1', 'sensor1')).resolves.toEqual({
      ok: true,
      payload: { a: { fn: 1 } },
    });
    expect(link.take()).toEqual([]); // answered from the cache
    const again = env.broker.describe('user1', 'sensor1', undefined, true);
    expect(link.take()).toEqual(['07020802']);
    session.receive(encodeFrame(ok(2, { payload: {} }), 1));
    await expect(again).resolves.toEqual({ ok: true, payload: {} });
  });

  it('reports a device ERROR with its code and payload', async () => {
    const env = setup();
    const { session } = await online(env);
    const r = env.broker.run('user1', 'sensor1', '$fs/put/tmp/x', new Uint8Array(10));
    session.receive(
      encodeFrame(errorMessage(1, { parameters: 413, payload: { error: 'File too large' } }), 1),
    );
    await expect(r).resolves.toEqual({
      ok: false,
      code: 413,
      payload: { error: 'File too large' },
    });
  });

  it('fails pending requests with a clear error when the device goes away', async () => {
    const env = setup();
    const { session } = await online(env);
    const r = env.broker.run('user1', 'sensor1', 'version');
    session.transportClosed();
    await expect(r).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    await expect(env.broker.run('user1', 'sensor1', 'version')).rejects.toMatchObject({
      code: 'DEVICE_OFFLINE',
    });
  });

  it('times out a request after 30 s and ignores the late answer', async () => {
    const env = setup();
    const { link, session } = await online(env);
    const r = env.broker.run('user1', 'sensor1', 'slow');
    const failed = expect(r).rejects.toMatchObject({ code: 'TIMEOUT' });
    await env.clock.advance(30_000);
    await failed;
    link.take();
    session.receive(bytes('01020801'));
    expect(link.take()).toEqual([]); // never answered (§6.3)
  });

  it('bounds requests in flight per device to 8', async () => {
    const env = setup();
    await online(env);
    const runs = Array.from({ length: 8 }, (_, i) => env.broker.run('user1', 'sensor1', `r${i}`));
    await expect(env.broker.run('user1', 'sensor1', 'ninth')).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    runs.forEach((p) => p.catch(() => {}));
  });

  it('never reuses a stream id that is still open or pending', async () => {
    const env = setup();
    const { link, session } = await online(env);
    const ids: number[] = [];
    const p1 = env.broker.run('user1', 'sensor1', 'a');
    session.receive(bytes('01020801')); // answer id 1
    await p1;
    const p2 = env.broker.run('user1', 'sensor1', 'b'); // id 2 pending
    for (const f of link.messages()) ids.push(f.fields.get(1) as number);
    expect(ids).toEqual([1, 2]);
    void p2.catch(() => {});
  });
});

describe('device requests (§6.5, §6.6)', () => {
  function resources(log: unknown[]): ServerResources {
    return {
      call: (id, call) => {
        log.push({ id, call });
        if (call.action === 1) return Promise.resolve({ ok: true, payload: { interval: 60 } });
        return Promise.resolve({ ok: true });
      },
      subscribe: (_id, _sid, spec) => {
        log.push({ subscribe: spec });
        return Promise.resolve({ ok: true });
      },
      unsubscribe: () => {},
    };
  }

  it('reads a property in layout A (IOTMP-Linux) and answers with its value', async () => {
    const log: unknown[] = [];
    const env = setup({ resources: resources(log) });
    const { link, session } = await online(env);
    session.receive(bytes('060d08c6471286636f6e6669672001')); // msg_pv1_linux_run_get_property
    await flush();
    expect(log[0]).toMatchObject({ call: { action: 1, target: 'config', wantsAnswer: true } });
    expect(link.take()).toEqual([
      bytesToHex(encodeFrame(ok(9158, { payload: { interval: 60 } }), 1)),
    ]);
  });

  it('writes a bucket in layout B (IOTMP-Embedded) and answers OK', async () => {
    const log: unknown[] = [];
    const env = setup({ resources: resources(log) });
    const { link, session } = await online(env);
    session.receive(
      bytes(
        '063008b42410051ac28b74656d7065726174757265400000bc418868756d69646974791f3c228b656e7669726f6e6d656e74',
      ),
    );
    await flush();
    expect(log[0]).toMatchObject({
      call: { action: 5, target: 'environment', data: { temperature: 23.5, humidity: 60 } },
    });
    expect(link.take()).toEqual(['010308b424']);
  });

  it('never answers a device RUN without stream id', async () => {
    const log: unknown[] = [];
    const env = setup({ resources: resources(log) });
    const { link, session } = await online(env);
    session.receive(bytes('06171ac188696e74657276616c1f3c1286636f6e6669672002')); // set property, no ack
    await flush();
    expect(log).toHaveLength(1);
    expect(link.take()).toEqual([]);
  });

  it('answers ERROR when the action cannot be told (both fields integers)', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(
      encodeFrame(
        message(6, [
          [1, 77],
          [2, 1],
          [4, 1],
        ]),
        1,
      ),
    );
    await flush();
    expect(link.take()).toEqual(['0202084d']);
  });

  it('answers an event subscription at once so IOTMP-Linux can finish its start-up', async () => {
    const log: unknown[] = [];
    const env = setup({ resources: resources(log) });
    const { link, session } = await online(env);
    session.receive(
      bytes(
        '084912c4856576656e74946465766963655f746f7069635f7075626c69736883716f73018573636f70658973756273637269626585746f7069638a636f6d6d616e64732f23200808bd9102',
      ),
    ); // msg_pv1_linux_start_stream_topic_subscribe
    await flush();
    expect(link.take()).toEqual(['010408bd9102']);
    expect(log[0]).toMatchObject({
      subscribe: { event: 'device_topic_publish', scope: 'subscribe', topic: 'commands/#' },
    });
  });

  it('answers STOP_STREAM for an unknown stream with OK (harmless, unblocks pv0 clients)', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes('090308c801'));
    expect(link.take()).toEqual(['010308c801']);
  });

  it('answers a device DESCRIBE with an empty map', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes('07020805'));
    expect(link.take()).toEqual(['010408051ac0']);
  });
});

describe('hostile and broken peers (§10.2)', () => {
  it('closes a peer that declares a 4 GiB frame, before allocating', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes('06ffffffff0f'));
    expect(link.closed).toBe(true);
    expect(env.broker.registry.get('user1/sensor1')?.lastDisconnectReason).toMatch(
      /FRAME_TOO_LARGE/,
    );
  });

  it('drops undecodable frames, answers ERROR to a request whose id it can read, and closes after 100', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes('0604082a1a63')); // RUN id 42 with an invalid PSON discrete value
    expect(link.take()).toEqual(['0202082a']);
    for (let i = 0; i < 100; i++) session.receive(bytes('01021a63'));
    expect(link.closed).toBe(true);
  });

  it('ignores unknown message types and never answers them', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes('0b020801' + '00020801'));
    expect(link.take()).toEqual([]);
    expect(link.closed).toBe(false);
  });

  it('ignores OK/ERROR it is not waiting for, and stream data for unknown streams', async () => {
    const env = setup();
    const { link, session } = await online(env);
    session.receive(bytes('01020800' + '0202082a' + '0a0c08a1011ae2400000bc411f3c'));
    expect(link.take()).toEqual([]);
  });

  it('drops samples from a flooding device first, then closes it', async () => {
    const env = setup();
    const { link, session } = await online(env);
    const flood = encodeFrame(streamData(5, 1), 1).slice();
    for (let i = 0; i < 1500; i++) session.receive(flood);
    expect(session.droppedFrames).toBeGreaterThan(0);
    expect(link.closed).toBe(false);
    for (let i = 0; i < 1000; i++) session.receive(flood);
    expect(link.closed).toBe(true);
  });

  it('forgets connections that never authenticated', async () => {
    const env = setup();
    for (let i = 0; i < 20; i++) {
      const { session } = env.connect(`192.0.2.${i}`);
      session.receive(bytes('0500'));
    }
    await env.clock.advance(0);
    expect(env.broker.connectionCount).toBe(0);
  });

  it('refuses connections beyond the per-address rate', () => {
    const env = setup();
    const accepted = Array.from(
      { length: 60 },
      () => env.broker.attach(new MemoryLink('203.0.113.5')) !== null,
    );
    expect(accepted.filter(Boolean)).toHaveLength(50);
    expect(env.broker.attach(new MemoryLink('203.0.113.6'))).not.toBeNull();
  });
});

describe('the protocol inspector', () => {
  it('keeps decoded frames in both directions with hex', async () => {
    const env = setup();
    const { session } = await online(env);
    session.receive(bytes('0500'));
    const frames = env.broker.inspector.frames('user1/sensor1');
    expect(frames.map((f) => [f.direction, f.type, f.hex])).toEqual([
      [
        'in',
        'CONNECT',
        bytesToHex(
          encodeFrame(
            message(3, [
              [3, ['user1', 'sensor1', '<redacted>']],
              [1, 17767],
            ]),
            1,
          ),
        ),
      ],
      ['out', 'OK', OK_17767],
      ['in', 'KEEP_ALIVE', '0500'],
      ['out', 'KEEP_ALIVE', '0500'],
    ]);
    // The credential never reaches the inspector (it is shown in the UI and served by the API).
    expect(frames[0]!.fields).toEqual({
      payload: ['user1', 'sensor1', '<redacted>'],
      stream_id: 17767,
    });
    expect(JSON.stringify(frames)).not.toContain('secret123');
    expect(JSON.stringify(frames)).not.toContain(Buffer.from('secret123').toString('hex'));
  });

  it('keeps only the header of an undecodable frame before authentication', async () => {
    const env = setup();
    const { session } = env.connect();
    session.receive(bytes('0306' + Buffer.from('secret').toString('hex'))); // CONNECT with junk body
    const frames = env.broker.inspector.frames('@192.0.2.10');
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ type: 'CONNECT', hex: '0306', size: 8 });
  });
});

describe('outbound frame limit (IOTMP.md §9.1.7)', () => {
  it('refuses a request over 4096 body bytes with the limit, and sends it once the device may take more', async () => {
    const env = setup();
    const { link } = await online(env);
    const big = 'x'.repeat(40_000);
    await expect(env.broker.run('user1', 'sensor1', 'in', big)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('at most 4096') as unknown,
    });
    expect(link.sent).toHaveLength(0); // nothing reached the device: it stays connected
    expect(link.closed).toBe(false);
    const small = env.broker.run('user1', 'sensor1', 'in', 'x'.repeat(4000));
    expect(link.sent).toHaveLength(1);
    void small.catch(() => {});
  });

  it('a per-device limit applies when it connects and at once when changed', async () => {
    const limits = new Map<string, number>();
    const clock = new FakeScheduler();
    const broker = newBroker({
      scheduler: clock,
      credentials: new Credentials(),
      frameLimitOf: (k) => limits.get(k),
    });
    limits.set('user1/sensor1', 65_536);
    const link = new MemoryLink();
    broker.attach(link)!.receive(bytes(CONNECT_LINUX));
    await flush();
    link.take();
    void broker.run('user1', 'sensor1', 'in', 'x'.repeat(40_000)).catch(() => {});
    expect(link.sent).toHaveLength(1);
    limits.delete('user1/sensor1');
    broker.frameLimitChanged('user1', 'sensor1');
    await expect(broker.run('user1', 'sensor1', 'in', 'x'.repeat(40_000))).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('an answer to the device over its limit becomes an ERROR that says so', async () => {
    const env = setup({
      resources: {
        call: () => Promise.resolve({ ok: true, payload: 'y'.repeat(10_000) }),
        subscribe: () => Promise.resolve({ ok: false }),
        unsubscribe: () => {},
      },
    });
    const { link, session } = await online(env);
    // READ_DEVICE_PROPERTY "big" (layout A, §6.5).
    session.receive(
      encodeFrame(
        message(6, [
          [1, 9],
          [2, 'big'],
          [4, 1],
        ]),
        1,
      ),
    );
    await flush();
    const [answer] = link.messages();
    expect(answer!.type).toBe(2);
    expect(JSON.stringify(answer!.fields.get(3))).toContain('at most 4096');
  });
});
