/** The contract bound to a real broker (SQLite in a temp folder, a simulated device over TCP). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type StreamEvent } from '../../contract';
import { ApiServer, type CallHandlers, type TopicSources } from '../ApiServer';
import { withDeviceAnswer } from './streams';
import { SimulatedDevice } from '../../simulator/SimulatedDevice';
import { startApiFixture, thermostat } from '../testing';

let fx: Awaited<ReturnType<typeof startApiFixture>>;

beforeAll(async () => {
  fx = await startApiFixture();
});
afterAll(async () => {
  await fx.stop();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return (e as ApiError).code;
  }
  throw new Error('expected a rejection');
}

describe('devices', () => {
  it('adds a device and shows its credential once, then lists, updates, resets and removes it', async () => {
    const { device, credential } = await fx.api.invoke('devices.add', {
      user: 'site',
      device: 'pump-1',
      name: 'Pump 1',
    });
    expect(credential.length).toBeGreaterThan(8);
    expect(device).toMatchObject({ key: 'site/pump-1', registered: true, name: 'Pump 1' });
    expect(
      JSON.stringify(await fx.api.invoke('devices.get', { user: 'site', device: 'pump-1' })),
    ).not.toContain(credential);

    const list = await fx.api.invoke('devices.list', {});
    expect(list.devices.map((d) => d.key)).toEqual(['site/pump-1', 'site/thermo']);
    expect(list.devices.find((d) => d.device === 'thermo')!.status.online).toBe(true);

    const updated = await fx.api.invoke('devices.update', {
      user: 'site',
      device: 'pump-1',
      description: 'north wall',
    });
    expect(updated).toMatchObject({ name: 'Pump 1', description: 'north wall', tags: [] });
    const tagged = await fx.api.call('devices.update', {
      user: 'site',
      device: 'pump-1',
      tags: [' boiler room ', 'pumps', 'pumps'],
    });
    expect(tagged).toMatchObject({ description: 'north wall', tags: ['boiler room', 'pumps'] });
    expect((await fx.api.invoke('devices.get', { user: 'site', device: 'pump-1' })).tags).toEqual([
      'boiler room',
      'pumps',
    ]);
    expect(
      await codeOf(
        fx.api.call('devices.update', { user: 'site', device: 'pump-1', tags: ['a,b'] }),
      ),
    ).toBe('BAD_REQUEST');

    const reset = await fx.api.invoke('devices.resetCredential', {
      user: 'site',
      device: 'pump-1',
    });
    expect(reset.credential).not.toBe(credential);

    expect(await codeOf(fx.api.invoke('devices.add', { user: 'site', device: 'pump-1' }))).toBe(
      'CONFLICT',
    );
    expect(await fx.api.invoke('devices.remove', { user: 'site', device: 'pump-1' })).toEqual({
      removed: true,
    });
    expect(await codeOf(fx.api.invoke('devices.get', { user: 'site', device: 'pump-1' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('a bad input is a BAD_REQUEST naming the field, never a crash', async () => {
    const e = await fx.api
      .call('devices.get', { user: 'site', device: 'has space' })
      .catch((x) => x);
    expect(e).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('device') });
    expect(await codeOf(fx.api.call('devices.get', null))).toBe('BAD_REQUEST');
    expect(await codeOf(fx.api.call('devices.get', 'nonsense'))).toBe('BAD_REQUEST');
    expect(await codeOf(fx.api.call('devices.list', { extra: 1 }))).toBe('BAD_REQUEST');
    expect(await codeOf(fx.api.call('no.such', {}))).toBe('NOT_FOUND');
    expect(await codeOf(fx.api.call('__proto__', {}))).toBe('NOT_FOUND');
  });
});

describe('resources', () => {
  it('describes, runs and reads a connected device', async () => {
    const all = await fx.api.invoke('resources.describe', { user: 'site', device: 'thermo' });
    expect(all.value).toMatchObject({ temperature: { fn: 3 }, heating: { fn: 2 } });
    const one = await fx.api.invoke('resources.describe', {
      user: 'site',
      device: 'thermo',
      resource: 'heating',
      refresh: true,
    });
    expect(one.value).toMatchObject({ in: expect.anything() });
    const run = await fx.api.invoke('resources.run', {
      user: 'site',
      device: 'thermo',
      resource: 'heating',
      input: true,
    });
    expect(run.value).toBeNull(); // an input-only resource (fn 2) answers OK without output
    const read = await fx.api.invoke('resources.read', {
      user: 'site',
      device: 'thermo',
      resource: 'temperature',
    });
    expect(read.value).toMatchObject({ celsius: expect.any(Number) });
  });

  it('reading an input-only (fn 2) resource answers its state (§7.4), and a new input refreshes the cached describe', async () => {
    const at = { user: 'site', device: 'thermo', resource: 'heating' };
    const state = async (): Promise<unknown> =>
      (await fx.api.invoke('resources.describe', at)).value;
    await fx.api.invoke('resources.run', { ...at, input: true });
    expect((await fx.api.invoke('resources.read', at)).value).toBe(true);
    expect(await state()).toMatchObject({ in: true });
    await fx.api.invoke('resources.run', { ...at, input: false });
    expect(await state()).toMatchObject({ in: false });
    expect((await fx.api.invoke('resources.read', at)).value).toBe(false);
  });

  it('maps device and broker failures to stable codes', async () => {
    const missing = await fx.api
      .invoke('resources.run', { user: 'site', device: 'thermo', resource: 'no/such' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'DEVICE_ERROR' });
    expect(
      await codeOf(
        fx.api.invoke('resources.read', { user: 'site', device: 'ghost', resource: 't' }),
      ),
    ).toBe('NOT_FOUND');
    await fx.env.service.devices.add('site', 'asleep', { credential: 'x' });
    expect(
      await codeOf(
        fx.api.invoke('resources.read', { user: 'site', device: 'asleep', resource: 't' }),
      ),
    ).toBe('DEVICE_OFFLINE');
    expect(
      await codeOf(
        fx.api.call('resources.run', {
          user: 'site',
          device: 'thermo',
          resource: 'heating',
          input: { $bytes: 'zz' },
        }),
      ),
    ).toBe('BAD_REQUEST');
  });
});

describe('streams and the inspector', () => {
  it('streams samples at an interval until the subscription is closed', async () => {
    const got: StreamEvent[] = [];
    const sub = fx.api.subscribe(
      'streams.samples',
      { user: 'site', device: 'thermo', resource: 'temperature', intervalMs: 1000 },
      (e) => void got.push(e as StreamEvent),
    );
    await expect
      .poll(() => got.filter((e) => e.kind === 'sample').length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(2);
    expect(got.find((e) => e.kind === 'sample')).toMatchObject({
      value: { celsius: expect.any(Number) },
      dropped: 0,
    });
    sub.close();
    await expect.poll(() => fx.device.streams.length).toBe(0);
  });

  it('tells a subscriber when the device refuses the stream (IOTMP-Linux: ERROR, no payload)', async () => {
    const got: StreamEvent[] = [];
    const sub = fx.api.subscribe(
      'streams.samples',
      { user: 'site', device: 'thermo', resource: 'no/such', intervalMs: 1000 },
      (e) => void got.push(e as StreamEvent),
    );
    await expect
      .poll(() => got.at(-1), { timeout: 5000 })
      .toEqual({
        kind: 'status',
        state: 'error',
        reason: 'the device refused the stream',
      });
    sub.close();
  });

  it('puts what the device answered into a refusal’s reason', () => {
    const refused = { state: 'error', reason: 'the device refused the stream' } as const;
    expect(withDeviceAnswer({ ...refused, payload: 'no probe attached', code: 3 })).toBe(
      'the device refused the stream: no probe attached (code 3)',
    );
    expect(withDeviceAnswer({ ...refused, payload: { why: 'busy' } })).toBe(
      'the device refused the stream: {"why":"busy"}',
    );
    expect(withDeviceAnswer(refused)).toBe('the device refused the stream');
    expect(withDeviceAnswer({ state: 'waiting', reason: 'the device is offline' })).toBe(
      'the device is offline',
    );
  });

  it('rejects bad topic params and unknown topics with typed errors', () => {
    expect(() => fx.api.subscribe('streams.samples', { user: 'site' }, () => {})).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(() => fx.api.subscribe('nope', {}, () => {})).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('reads frames after a sequence number and follows new ones', async () => {
    const { frames } = await fx.api.invoke('inspector.frames', { user: 'site', device: 'thermo' });
    expect(frames.length).toBeGreaterThan(0);
    const last = frames.at(-1)!.seq;
    const followed: unknown[] = [];
    const sub = fx.api.subscribe(
      'inspector.follow',
      { user: 'site', device: 'thermo' },
      (f) => void followed.push(f),
    );
    await fx.api.invoke('resources.read', {
      user: 'site',
      device: 'thermo',
      resource: 'temperature',
    });
    const after = await fx.api.invoke('inspector.frames', {
      user: 'site',
      device: 'thermo',
      afterSeq: last,
    });
    expect(after.frames.map((f) => f.type)).toEqual(expect.arrayContaining(['RUN', 'OK']));
    expect(after.thinned).toBeNull(); // a device within the history's rate keeps every sample
    expect(followed.length).toBe(after.frames.length);
    sub.close();
  });
});

describe('presence', () => {
  it('tells subscribers when a device comes online and goes offline', async () => {
    await fx.api.invoke('devices.add', { user: 'site', device: 'door', credential: 'pw-door' });
    const seen: { device: string; status: { online: boolean } }[] = [];
    const sub = fx.api.subscribe('devices.presence', {}, (e) => void seen.push(e as never));
    const door = new SimulatedDevice({
      host: '127.0.0.1',
      port: fx.env.service.port('tcp')!,
      user: 'site',
      device: 'door',
      credential: 'pw-door',
      profile: thermostat,
    });
    door.start();
    await door.waitForState('online', AbortSignal.timeout(5000));
    await expect.poll(() => seen.map((e) => [e.device, e.status.online])).toEqual([['door', true]]);
    await door.stop();
    await expect
      .poll(() => seen.map((e) => [e.device, e.status.online]))
      .toEqual([
        ['door', true],
        ['door', false],
      ]);
    sub.close();
  });
});

describe('removing a connected device', () => {
  it('closes its connection and forgets it', async () => {
    await fx.api.invoke('devices.add', { user: 'site', device: 'gone', credential: 'pw-gone' });
    const gone = new SimulatedDevice({
      host: '127.0.0.1',
      port: fx.env.service.port('tcp')!,
      user: 'site',
      device: 'gone',
      credential: 'pw-gone',
      profile: thermostat,
    });
    gone.start();
    try {
      await gone.waitForState('online', AbortSignal.timeout(5000));
      await fx.api.invoke('devices.remove', { user: 'site', device: 'gone' });
      await expect.poll(() => gone.state).not.toBe('online');
      const list = await fx.api.invoke('devices.list', { user: 'site' });
      expect(list.devices.map((d) => d.device)).not.toContain('gone');
    } finally {
      await gone.stop();
    }
  });
});

describe('settings and status', () => {
  it('changes accept-new-devices and endpoints', async () => {
    expect(await fx.api.invoke('settings.get', {})).toEqual({
      acceptNewDevices: false,
      acceptNewDevicesUntil: null,
      endpoints: {},
    });
    const s = await fx.api.invoke('settings.update', {
      acceptNewDevices: true,
      endpoints: { alarm: { url: 'http://127.0.0.1:9/hook' } },
    });
    expect(s.acceptNewDevices).toBe(true);
    expect(fx.env.service.acceptNewDevices).toBe(true);
    await fx.api.invoke('settings.update', { acceptNewDevices: false });
    expect(
      await codeOf(fx.api.call('settings.update', { endpoints: { x: { url: 'nope' } } })),
    ).toBe('BAD_REQUEST');
  });

  it('reports listeners, TLS fingerprint and counts', async () => {
    const st = await fx.api.invoke('broker.status', {});
    expect(st.listeners.map((l) => l.name)).toEqual(expect.arrayContaining(['tcp', 'tls']));
    expect(st.tls.fingerprint).toMatch(/[0-9A-F:]{20,}/i);
    expect(st.counts.online).toBe(1); // the thermostat (the door has left)
    expect(st.counts.connections).toBeGreaterThanOrEqual(1);
  });
});

describe('ApiServer deadlines and cancellation', () => {
  const hang = (): Promise<never> => new Promise<never>(() => {});
  let signalSeen: AbortSignal | undefined;
  const server = new ApiServer(
    {
      'broker.status': (_r: unknown, { signal }: { signal: AbortSignal }) => {
        signalSeen = signal;
        return hang();
      },
      'settings.get': () => {
        throw new Error('a bug');
      },
    } as unknown as CallHandlers,
    {} as TopicSources,
  );

  it('a call past its deadline is a TIMEOUT and its handler sees the abort', async () => {
    const e = await server.call('broker.status', {}, undefined, { timeoutMs: 20 }).catch((x) => x);
    expect(e).toMatchObject({ code: 'TIMEOUT' });
    expect(signalSeen?.aborted).toBe(true);
  });

  it('a cancelled call is CANCELLED at once', async () => {
    const ctl = new AbortController();
    const p = server.call('broker.status', {}, ctl.signal);
    ctl.abort();
    expect(await codeOf(p)).toBe('CANCELLED');
    expect(await codeOf(server.call('broker.status', {}, AbortSignal.abort()))).toBe('CANCELLED');
  });

  it('an unexpected exception is INTERNAL with no detail leaked', async () => {
    const e = await server.call('settings.get', {}).catch((x) => x);
    expect(e).toMatchObject({ code: 'INTERNAL' });
    expect((e as Error).message).not.toContain('a bug');
  });
});
