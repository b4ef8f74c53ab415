/**
 * Alarms end to end over the headless API with real parts: a simulated device whose level a
 * person changes, the real StreamHub, bucket writes, the registry, SQLite, Thinger-style REST
 * routes and the user events socket (Thinger's alarm_instance_* events).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AlarmService } from '../alarms/AlarmService';
import { AlarmStore } from '../alarms/AlarmStore';
import { realScheduler } from '../app/realScheduler';
import type { SimulatedDevice } from '../simulator/SimulatedDevice';
import type { ApiHttp } from './http';
import { onlineDevice, startApiHttpFixture, type ApiHttpFixture } from './testing';

let fx: ApiHttpFixture['fx'];
let http: ApiHttp;
let site: ApiHttpFixture;
let tank: SimulatedDevice;
let admin: string;

const startTank = (): Promise<SimulatedDevice> =>
  onlineDevice(fx.env.service.port('tcp')!, {
    device: 'tank',
    credential: 'pw3',
    profile: {
      name: 'tank',
      resources: { level: { kind: 'slider', min: 0, max: 100, step: 1, initial: 20 } },
    },
  });

beforeAll(async () => {
  site = await startApiHttpFixture();
  ({ fx, http } = site);
  await fx.env.service.devices.add('site', 'tank', { credential: 'pw3' });
  tank = await startTank();
  admin = await site.adminToken('ops', 'Ops');
});
afterAll(async () => {
  await tank.stop();
  await site.stop();
});

async function rest(
  method: string,
  path: string,
  body?: unknown,
  token = admin,
  // The answers' shapes are what the assertions check: typed loosely on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; payload: any }> {
  const r = await fetch(`${http.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, payload: text ? JSON.parse(text) : null };
}

/** The events socket with one subscription; `next` waits for a matching event (bounded). */
async function events(subscription: Record<string, string>) {
  const ws = new WebSocket(
    `${http.url.replace('http', 'ws')}/v1/users/site/events?authorization=${admin}`,
  );
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const seen: Record<string, unknown>[] = [];
  ws.on('message', (d) => seen.push(JSON.parse(String(d)) as Record<string, unknown>));
  ws.send(JSON.stringify(subscription));
  await new Promise((r) => setTimeout(r, 50));
  return {
    seen,
    next: async (pred: (m: Record<string, unknown>) => boolean) => {
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        const m = seen.find(pred);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no such event; saw ${JSON.stringify(seen)}`);
    },
    close: () => ws.close(),
  };
}

const listed = async (): Promise<{ instance: string; state: string }[]> =>
  (await rest('GET', '/v1/users/site/alarms/instances')).payload as {
    instance: string;
    state: string;
  }[];

describe('alarms over the Thinger-style API', () => {
  it('a resource rule: raised on the events socket, acknowledged, cleared when back to normal', async () => {
    const ev = await events({ event: 'alarm_instance_.*' });
    const created = await rest('POST', '/v1/users/site/alarms/rules', {
      rule: 'level_high',
      name: 'Tank level high',
      severity: 'critical',
      source: { kind: 'resource', device: 'tank', resource: 'level', intervalS: 1 },
      condition: { op: 'above', value: 50 },
      forSeconds: 0,
    });
    expect(created).toMatchObject({
      status: 200,
      payload: { rule: 'level_high', enabled: true, severity: 'critical', forSeconds: 0 },
    });
    expect(await listed()).toEqual([]);

    tank.setInput('level', 80);
    const raised = await ev.next((m) => m.event === 'alarm_instance_activate');
    expect(raised).toMatchObject({
      user: 'site',
      device: 'tank',
      rule: 'level_high',
      instance: 'level_high@tank',
      severity: 'critical',
      value: 80,
    });
    expect(await listed()).toMatchObject([
      { instance: 'level_high@tank', state: 'active', acknowledged: false, condition: 'above 50' },
    ]);

    // A token that may only list alarms cannot acknowledge them: 403 says what is missing.
    const viewer = (
      await fx.api.invoke('tokens.create', {
        user: 'site',
        name: 'Viewer',
        allow: { AlarmInstance: { '*': ['ListAlarmInstances'] } },
      })
    ).access_token;
    expect((await rest('GET', '/v1/users/site/alarms/instances', undefined, viewer)).status).toBe(
      200,
    );
    const refused = await rest(
      'POST',
      '/v1/users/site/alarms/instances/level_high@tank/acknowledge',
      undefined,
      viewer,
    );
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.payload)).toContain('AcknowledgeAlarmInstance');

    const ack = await rest('POST', '/v1/users/site/alarms/instances/level_high@tank/acknowledge');
    expect(ack).toMatchObject({
      status: 200,
      payload: { acknowledged: true, acknowledgedBy: 'token:ops', state: 'active' },
    });
    await ev.next((m) => m.event === 'alarm_instance_update' && m.by === 'token:ops');

    tank.setInput('level', 10);
    await ev.next((m) => m.event === 'alarm_instance_delete' && m.instance === 'level_high@tank');
    expect(await listed()).toEqual([]);
    const log = await rest('GET', '/v1/users/site/alarms/events?instance=level_high@tank');
    expect((log.payload as { type: string }[]).map((e) => e.type)).toEqual([
      'cleared',
      'normalized',
      'acknowledged',
      'raised',
    ]);
    expect((await rest('DELETE', '/v1/users/site/alarms/rules/level_high')).status).toBe(200);
    ev.close();
  });

  it('a bucket rule judges each record as it is written, per device; clear by hand', async () => {
    await rest('POST', '/v1/users/site/alarms/rules', {
      rule: 'freezing',
      name: 'Freezing',
      source: { kind: 'bucket', bucket: 'readings', device: '*', field: 'env.t' },
      condition: { op: 'below', value: 0 },
    });
    await fx.api.invoke('buckets.create', { user: 'site', bucket: 'readings' });
    await fx.api.invoke('buckets.write', {
      user: 'site',
      bucket: 'readings',
      device: 'thermo',
      data: { env: { t: 5 } },
    });
    expect(await listed()).toEqual([]);
    await fx.api.invoke('buckets.write', {
      user: 'site',
      bucket: 'readings',
      device: 'thermo',
      data: { env: { t: -3 } },
    });
    await fx.api.invoke('buckets.write', {
      user: 'site',
      bucket: 'readings',
      device: 'tank',
      data: { env: { t: 'broken sensor' } },
    });
    expect(await listed()).toMatchObject([
      { instance: 'freezing@thermo', severity: 'medium', value: -3, state: 'active' },
    ]);
    const cleared = await rest('DELETE', '/v1/users/site/alarms/instances/freezing@thermo');
    expect(cleared).toMatchObject({ status: 200, payload: { instance: 'freezing@thermo' } });
    expect(await listed()).toEqual([]);
    expect((await rest('GET', '/v1/users/site/alarms/instances/freezing@thermo')).status).toBe(404);
    await rest('DELETE', '/v1/users/site/alarms/rules/freezing');
  });

  it('a connection rule raises when the device goes offline; alarms are listed again after a restart', async () => {
    const ev = await events({ event: 'alarm_instance_activate', device: 'tank' });
    await rest('POST', '/v1/users/site/alarms/rules', {
      rule: 'tank_down',
      name: 'Tank offline',
      severity: 'high',
      source: { kind: 'connection', device: 'tank' },
      condition: { op: 'offline' },
    });
    expect(await listed()).toEqual([]);
    await tank.stop();
    expect(await ev.next((m) => m.rule === 'tank_down')).toMatchObject({ severity: 'high' });
    expect(await listed()).toMatchObject([{ instance: 'tank_down@tank', state: 'active' }]);

    // A second service over the same SQLite file: what the app finds after a restart.
    const again = new AlarmService({
      store: new AlarmStore(fx.env.service.db),
      broker: fx.env.service.broker,
      buckets: fx.env.service.buckets,
      scheduler: realScheduler,
      wallNow: Date.now,
    });
    again.start();
    expect(again.alarms('site').map((a) => a.instance)).toEqual(['tank_down@tank']);
    again.stop();

    tank = await startTank();
    for (let i = 0; i < 200 && (await listed())[0]?.state !== 'normalized'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await listed()).toMatchObject([{ instance: 'tank_down@tank', state: 'normalized' }]);
    await rest('POST', '/v1/users/site/alarms/instances/tank_down@tank/acknowledge');
    expect(await listed()).toEqual([]);
    ev.close();
  });

  it('bad rules get 400 with the reason; unknown ones 404; existing ones 400 (Thinger)', async () => {
    const bad = await rest('POST', '/v1/users/site/alarms/rules', {
      rule: 'x',
      name: 'X',
      source: { kind: 'resource', device: 'tank', resource: 'level', intervalS: 1 },
      condition: { op: 'offline' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.payload)).toContain('connection rules');
    const shape = await rest('POST', '/v1/users/site/alarms/rules', {
      rule: 'y',
      name: 'Y',
      source: { kind: 'resource', device: 'tank', resource: 'level', intervalS: 0 },
      condition: { op: 'above', value: 'ten' },
    });
    expect(shape.status).toBe(400);
    const outside = await rest('POST', '/v1/users/site/alarms/rules', {
      rule: 'z',
      name: 'Z',
      source: { kind: 'bucket', bucket: 'b', device: '*' },
      condition: { op: 'outside', min: 5, max: 1 },
    });
    expect(outside.status).toBe(400);
    expect((await rest('GET', '/v1/users/site/alarms/rules/nope')).status).toBe(404);
    expect((await rest('POST', '/v1/users/site/alarms/instances/nope@x/acknowledge')).status).toBe(
      404,
    );
    const rule = {
      rule: 'dup',
      name: 'Dup',
      source: { kind: 'bucket', bucket: 'b', device: '*' },
      condition: { op: 'above', value: 1 },
    };
    expect((await rest('POST', '/v1/users/site/alarms/rules', rule)).status).toBe(200);
    expect((await rest('POST', '/v1/users/site/alarms/rules', rule)).status).toBe(400);
    const changed = await rest('PUT', '/v1/users/site/alarms/rules/dup', { enabled: false });
    expect(changed).toMatchObject({ status: 200, payload: { enabled: false, name: 'Dup' } });
    const rules = (await rest('GET', '/v1/users/site/alarms/rules')).payload as { rule: string }[];
    expect(rules.map((r) => r.rule)).toContain('dup');
    expect((await rest('DELETE', '/v1/users/site/alarms/rules/dup')).status).toBe(200);
  });
});
