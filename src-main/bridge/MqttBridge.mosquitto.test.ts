/**
 * The MQTT bridge against Debian's mosquitto (a real cluster peer, started on 127.0.0.1 with an
 * ephemeral port), with simulated devices on a real broker, and mosquitto_sub / mosquitto_pub as
 * the cluster's consumers and commanders. Topic layout: docs/bridge.md, bridge/topics.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mosquittoInstalled } from './testing/mosquittoProcess';
import {
  MosquittoSub,
  mosquittoPub,
  startBridgeSite,
  type BridgeSite,
} from './testing/bridgeFixture';

const thermostat = {
  name: 'thermostat',
  resources: {
    humidity: { kind: 'sensor', value: 45, noise: 1, decimals: 0 },
    heating: { kind: 'switch', initial: false, push: { onInput: true } },
    reset: { kind: 'action' },
  },
};

let site: BridgeSite | null = null;
let sub: MosquittoSub | null = null;
afterEach(async () => {
  sub?.stop();
  sub = null;
  await site?.stop();
  site = null;
});

const parse = (payload: string): Record<string, unknown> =>
  JSON.parse(payload) as Record<string, unknown>;

describe.skipIf(!mosquittoInstalled())('MQTT bridge to mosquitto', () => {
  it('publishes presence, samples, property changes and bucket writes on the documented topics', async () => {
    site = await startBridgeSite({ resources: ['*'], intervalMs: 1000 });
    sub = new MosquittoSub(site.mosquitto.port, ['plant/#']);
    const bridgeOnline = await sub.waitFor((m) => m.topic === 'plant/$bridge/site-gw');
    expect(parse(bridgeOnline.payload)).toMatchObject({ online: true });

    const dev = await site.device('thermo', thermostat);
    const online = await sub.waitFor((m) => m.topic === 'plant/site/thermo/$status');
    expect(parse(online.payload)).toMatchObject({ online: true, transport: 'tcp' });
    const sample = await sub.waitFor((m) => m.topic === 'plant/site/thermo/humidity');
    const s = parse(sample.payload);
    expect(typeof s.seq).toBe('number');
    expect(typeof s.ts).toBe('number');
    expect(s.value).toBeGreaterThanOrEqual(44);
    expect(s.value).toBeLessThanOrEqual(46);
    // The switch is streamed too (it has an output); the action (fn 1) is not.
    await sub.waitFor((m) => m.topic === 'plant/site/thermo/heating');
    expect(sub.lines.some((m) => m.topic === 'plant/site/thermo/reset')).toBe(false);

    await dev.setProperty('mode', { eco: true }, true);
    const prop = await sub.waitFor((m) => m.topic === 'plant/site/thermo/$property/mode');
    expect(parse(prop.payload)).toMatchObject({ value: { eco: true } });
    await dev.writeBucket('log', { kwh: 1.5 }, true);
    const bucket = await sub.waitFor((m) => m.topic === 'plant/site/thermo/$bucket/log');
    expect(parse(bucket.payload)).toMatchObject({ data: { kwh: 1.5 } });

    // Retained: a consumer that arrives later learns presence and the last property value.
    const late = new MosquittoSub(site.mosquitto.port, [
      'plant/site/thermo/$status',
      'plant/site/thermo/$property/#',
    ]);
    try {
      await late.waitFor(
        (m) => m.topic === 'plant/site/thermo/$status' && m.payload.includes('"online":true'),
      );
      await late.waitFor((m) => m.topic === 'plant/site/thermo/$property/mode');
    } finally {
      late.stop();
    }

    await dev.stop();
    const offline = await sub.waitFor(
      (m) => m.topic === 'plant/site/thermo/$status' && m.payload.includes('"online":false'),
    );
    expect(parse(offline.payload).reason).toBeTruthy();
    // One ordered stream: sequence numbers only grow.
    const seqs = sub.lines
      .filter((m) => m.topic !== 'plant/$bridge/site-gw')
      .map((m) => parse(m.payload).seq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  }, 40_000);

  it('publishes alarm events on …/$alarm/<rule>, retained while the alarm stands', async () => {
    site = await startBridgeSite({ resources: [] });
    const alarms = site.env.service.alarms;
    alarms.createRule('site', {
      rule: 'hot',
      name: 'Too hot',
      description: '',
      enabled: true,
      severity: 'high',
      source: { kind: 'bucket', bucket: 'log', device: '*', field: 'temp' },
      condition: { op: 'above', value: 30 },
      forSeconds: 0,
    });
    sub = new MosquittoSub(site.mosquitto.port, ['plant/site/+/$alarm/#']);
    await waitUntil(() => site!.bridge.status().state === 'connected');
    const buckets = site.env.service.buckets;
    const topic = 'plant/site/boiler-1/$alarm/hot';

    buckets.write('site', 'log', 'boiler-1', { temp: 41 });
    const raised = parse((await sub.waitFor((m) => m.topic === topic)).payload);
    expect(raised).toMatchObject({
      event: 'raised',
      alarm: { rule: 'hot', name: 'Too hot', severity: 'high', device: 'boiler-1', value: 41 },
    });
    expect(typeof raised.seq).toBe('number');

    // A consumer that arrives later learns the standing alarm (retained).
    const late = new MosquittoSub(site.mosquitto.port, [topic]);
    try {
      await late.waitFor((m) => m.payload.includes('"event":"raised"'));
    } finally {
      late.stop();
    }

    buckets.write('site', 'log', 'boiler-1', { temp: 20 });
    await sub.waitFor((m) => m.topic === topic && m.payload.includes('"event":"normalized"'));
    alarms.acknowledge('site', 'hot@boiler-1', 'operator');
    const acked = await sub.waitFor(
      (m) => m.topic === topic && m.payload.includes('"event":"acknowledged"'),
    );
    expect(parse(acked.payload)).toMatchObject({ by: 'operator' });
    // Acknowledged and normal: it leaves the list, and its retained state goes with it.
    await sub.waitFor((m) => m.topic === topic && m.payload.includes('"event":"cleared"'));
    await sub.waitFor((m) => m.topic === topic && m.payload === '');
    const after = new MosquittoSub(site.mosquitto.port, [topic]);
    try {
      await new Promise((r) => setTimeout(r, 1000));
      expect(after.lines).toEqual([]);
    } finally {
      after.stop();
    }
  }, 40_000);

  it('runs a command from MQTT on the device and replies (MQTT 5 response topic and correlation data, or …/reply)', async () => {
    site = await startBridgeSite({ resources: ['humidity'], commands: true });
    const dev = await site.device('thermo', thermostat);
    sub = new MosquittoSub(site.mosquitto.port, ['replies/#', 'plant/site/thermo/+/reply']);
    await waitUntil(() => site!.bridge.status().state === 'connected');
    // The bridge subscribes right after CONNACK; give the SUBACK a moment under load.
    await new Promise((r) => setTimeout(r, 300));

    const input = new Promise<unknown>((resolve) =>
      dev.on('input', (e) => e.resource === 'heating' && resolve(e.value)),
    );
    await mosquittoPub(site.mosquitto.port, [
      '-V',
      'mqttv5',
      '-q',
      '1',
      '-t',
      'plant/site/thermo/heating/set',
      '-m',
      'true',
      '-D',
      'publish',
      'response-topic',
      'replies/console-7',
      '-D',
      'publish',
      'correlation-data',
      'req-42',
    ]);
    expect(await input).toBe(true);
    expect(dev.resources.get('heating')!.sample()).toBe(true);
    const reply = await sub.waitFor((m) => m.topic === 'replies/console-7');
    expect(reply.correlation).toBe('req-42');
    expect(parse(reply.payload)).toMatchObject({ ok: true, command: 'set' });

    // An MQTT 3.1.1 peer: no response topic, the reply goes to …/reply.
    await mosquittoPub(site.mosquitto.port, [
      '-V',
      'mqttv311',
      '-q',
      '1',
      '-t',
      'plant/site/thermo/heating/set',
      '-m',
      'false',
    ]);
    const plain = await sub.waitFor((m) => m.topic === 'plant/site/thermo/heating/reply');
    expect(parse(plain.payload)).toMatchObject({ ok: true });
    await waitUntil(() => dev.resources.get('heating')!.sample() === false);

    // Bad input loses nothing and says why; an unknown resource gets the device's refusal.
    await mosquittoPub(site.mosquitto.port, [
      '-t',
      'plant/site/thermo/heating/set',
      '-m',
      '{not json',
    ]);
    await sub.waitFor(
      (m) => m.topic === 'plant/site/thermo/heating/reply' && m.payload.includes('not JSON'),
    );
    await mosquittoPub(site.mosquitto.port, ['-t', 'plant/site/thermo/nothing/run', '-n']);
    const refused = await sub.waitFor((m) => m.topic === 'plant/site/thermo/nothing/reply');
    expect(parse(refused.payload).ok).toBe(false);
    expect(site.bridge.status()).toMatchObject({ commandsRun: 2, commandsFailed: 2 });
  }, 40_000);

  it('does not run commands unless they are switched on', async () => {
    site = await startBridgeSite({ resources: ['humidity'] });
    const dev = await site.device('thermo', thermostat);
    sub = new MosquittoSub(site.mosquitto.port, ['plant/site/thermo/+/reply']);
    await waitUntil(() => site!.bridge.status().state === 'connected');
    await mosquittoPub(site.mosquitto.port, [
      '-q',
      '1',
      '-t',
      'plant/site/thermo/heating/set',
      '-m',
      'true',
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(dev.resources.get('heating')!.sample()).toBe(false);
    expect(sub.lines).toEqual([]);
  }, 30_000);
  it('at QoS 0 too, every sample goes out in order on its topic, and is counted once written', async () => {
    site = await startBridgeSite({ resources: ['power'], intervalMs: 0, qos: 0 });
    sub = new MosquittoSub(site.mosquitto.port, ['plant/site/meter/power']);
    await site.device('meter', {
      name: 'meter',
      resources: { power: { kind: 'sensor', value: 100, noise: 5, push: { everyMs: 20 } } },
    });
    await sub.waitFor(() => sub!.lines.length >= 50);
    const seqs = sub.lines.map((m) => parse(m.payload).seq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    // Consecutive: the bridge's stream holds only this device's samples after its status.
    expect(seqs.slice(1).every((s, i) => s === seqs[i]! + 1)).toBe(true);
    expect(site.bridge.status().published).toBeGreaterThanOrEqual(seqs.length);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
