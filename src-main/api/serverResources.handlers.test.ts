/**
 * The server-resource calls (tokens, properties, buckets, endpoints, callbacks, user events)
 * through the contract, over a real broker and SQLite file, with a simulated device and a real
 * HTTP server as an endpoint.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserEvent } from '../contract';
import { ENDPOINT_SECRETS_FILE } from '../store/EndpointSecrets';
import { errorOf, startApiFixture } from './testing';

let fx: Awaited<ReturnType<typeof startApiFixture>>;
let hook: Server;
let hookUrl: string;
const hookBodies: string[] = [];
const hookAuth: (string | undefined)[] = [];

beforeAll(async () => {
  fx = await startApiFixture();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      hookBodies.push(body);
      hookAuth.push(req.headers.authorization);
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end(`got ${body.length} bytes`);
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((r) => hook.close(r));
  await fx.stop();
});

describe('access tokens', () => {
  it('creates a JWT with the claims Thinger clients read, verifies it, and revokes it', async () => {
    const { token, access_token } = await fx.api.invoke('tokens.create', {
      user: 'site',
      token: 'nodered',
      name: 'Node-RED',
      allow: { Device: { '*': ['AccessDeviceResources'] } },
    });
    expect(token).toMatchObject({ token: 'nodered', enabled: true, expire: null });
    const claims = JSON.parse(
      Buffer.from(access_token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ usr: 'site', jti: 'nodered' });
    expect(fx.env.service.tokens.verify(access_token)).toMatchObject({
      ok: true,
      principal: { kind: 'token', user: 'site', token: 'nodered' },
    });
    expect((await fx.api.invoke('tokens.list', { user: 'site' })).tokens).toHaveLength(1);
    await fx.api.invoke('tokens.update', { user: 'site', token: 'nodered', enabled: false });
    expect(fx.env.service.tokens.verify(access_token)).toEqual({ ok: false, reason: 'disabled' });
    expect(await fx.api.invoke('tokens.remove', { user: 'site', token: 'nodered' })).toEqual({
      removed: true,
    });
    expect(fx.env.service.tokens.verify(access_token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('device tokens carry dev and res (what the mobile app scans); an expiry in the past is refused', async () => {
    const { access_token } = await fx.api.invoke('tokens.create', {
      user: 'site',
      name: 'Door',
      device: 'thermo',
      resources: ['temperature'],
      allow: { Device: { thermo: [{ AccessDeviceResources: ['temperature'] }] } },
      expire: Date.now() + 60_000,
    });
    const claims = JSON.parse(
      Buffer.from(access_token.split('.')[1]!, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ usr: 'site', dev: 'thermo', res: ['temperature'] });
    expect(typeof claims.exp).toBe('number');
    const past = await errorOf(
      fx.api.invoke('tokens.create', { user: 'site', name: 'x', allow: {}, expire: 1 }),
    );
    expect(past.code).toBe('BAD_REQUEST');
    const tampered = access_token.slice(0, -2) + (access_token.endsWith('A') ? 'BB' : 'AA');
    expect(fx.env.service.tokens.verify(tampered)).toMatchObject({ ok: false });
  });
});

describe('properties', () => {
  it('sets, reads, lists, keeps who changed what, and deletes', async () => {
    const events: UserEvent[] = [];
    const sub = fx.api.subscribe(
      'users.events',
      { user: 'site' },
      (e) => void events.push(e as UserEvent),
    );
    await fx.api.invoke('properties.set', {
      user: 'site',
      device: 'thermo',
      property: 'cfg',
      value: { sp: 20 },
    });
    await fx.api.call(
      'properties.set',
      { user: 'site', device: 'thermo', property: 'cfg', value: { sp: 21 } },
      undefined,
      { caller: 'token:nodered' },
    );
    expect(
      await fx.api.invoke('properties.get', { user: 'site', device: 'thermo', property: 'cfg' }),
    ).toMatchObject({ property: 'cfg', value: { sp: 21 } });
    expect(
      (await fx.api.invoke('properties.list', { user: 'site', device: 'thermo' })).properties,
    ).toHaveLength(1);
    const { changes } = await fx.api.invoke('properties.history', {
      user: 'site',
      device: 'thermo',
      property: 'cfg',
    });
    expect(changes.map((c) => [c.value, c.source])).toEqual([
      [{ sp: 21 }, 'token:nodered'],
      [{ sp: 20 }, 'console'],
    ]);
    expect(events.filter((e) => e.event === 'device_property_update')).toHaveLength(2);
    expect(
      await fx.api.invoke('properties.remove', { user: 'site', device: 'thermo', property: 'cfg' }),
    ).toEqual({ removed: 1 });
    expect(
      (
        await errorOf(
          fx.api.invoke('properties.get', { user: 'site', device: 'thermo', property: 'cfg' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(
          fx.api.invoke('properties.set', {
            user: 'site',
            device: 'ghost',
            property: 'x',
            value: 1,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(
          fx.api.invoke('properties.set', {
            user: 'site',
            device: 'thermo',
            property: 'big',
            value: 'x'.repeat(70_000),
          }),
        )
      ).code,
    ).toBe('PAYLOAD_TOO_LARGE');
    sub.close();
  });
});

describe('buckets', () => {
  it('creates, writes, reads a range newest first in bounded pages, exports CSV and JSON', async () => {
    await fx.api.invoke('buckets.create', {
      user: 'site',
      bucket: 'env',
      name: 'Environment',
      config: { source: 'api' },
    });
    for (let i = 0; i < 5; i++)
      await fx.api.invoke('buckets.write', {
        user: 'site',
        bucket: 'env',
        data: { t: 20 + i, nested: { h: i } },
        ts: 1000 + i,
      });
    const page = await fx.api.invoke('buckets.read', { user: 'site', bucket: 'env', items: 2 });
    expect(page.records.map((r) => r.ts)).toEqual([1004, 1003]);
    expect(page.more).toBe(true);
    const range = await fx.api.invoke('buckets.read', {
      user: 'site',
      bucket: 'env',
      sort: 'asc',
      minTs: 1001,
      maxTs: 1003,
    });
    expect(range).toEqual({
      records: [1001, 1002, 1003].map((ts) => ({
        ts,
        val: { t: 20 + ts - 1000, nested: { h: ts - 1000 } },
        device: 'api',
      })),
      more: false,
    });
    const csv = await fx.api.invoke('buckets.export', {
      user: 'site',
      bucket: 'env',
      format: 'csv',
      minTs: 1003,
      timestampFormat: 'milliseconds',
    });
    expect(csv.text).toBe('ts,device,t,nested.h\r\n1003,api,23,3\r\n1004,api,24,4\r\n');
    const json = await fx.api.invoke('buckets.export', {
      user: 'site',
      bucket: 'env',
      format: 'json',
      maxTs: 1000,
    });
    expect(JSON.parse(json.text)).toEqual([
      { ts: 1000, val: { t: 20, nested: { h: 0 } }, device: 'api' },
    ]);
    expect((await fx.api.invoke('buckets.list', { user: 'site' })).buckets).toEqual([
      expect.objectContaining({ bucket: 'env', name: 'Environment', records: 5 }),
    ]);
    expect(
      (await errorOf(fx.api.invoke('buckets.write', { user: 'site', bucket: 'nope', data: 1 })))
        .code,
    ).toBe('NOT_FOUND');
    expect(
      (await errorOf(fx.api.invoke('buckets.read', { user: 'site', bucket: 'env', items: 5000 })))
        .code,
    ).toBe('BAD_REQUEST');
    expect(await fx.api.invoke('buckets.remove', { user: 'site', bucket: 'env' })).toEqual({
      removed: true,
    });
  });
});

describe('endpoints and callbacks', () => {
  it('an endpoint renders its body template and answers with what the server said', async () => {
    await fx.api.invoke('endpoints.create', {
      user: 'site',
      endpoint: 'alert',
      name: 'Alert',
      config: { url: hookUrl, method: 'POST', body: '{"text":"temperature {{t}} on {{device}}"}' },
    });
    const answer = await fx.api.invoke('endpoints.call', {
      user: 'site',
      endpoint: 'alert',
      data: { t: 31, device: 'thermo' },
    });
    expect(answer).toMatchObject({ status: 201, body: expect.stringContaining('bytes') });
    expect(hookBodies.at(-1)).toBe('{"text":"temperature 31 on thermo"}');
    // The same list devices call by name (settings.endpoints).
    expect((await fx.api.invoke('settings.get', {})).endpoints.alert).toMatchObject({
      url: hookUrl,
    });
    await fx.api.invoke('endpoints.update', { user: 'site', endpoint: 'alert', enabled: false });
    expect(
      (await errorOf(fx.api.invoke('endpoints.call', { user: 'site', endpoint: 'alert' }))).code,
    ).toBe('BAD_REQUEST');
    expect(await fx.api.invoke('endpoints.remove', { user: 'site', endpoint: 'alert' })).toEqual({
      removed: true,
    });
  });

  it('an endpoint secret is kept apart (0600), never read back in full, and still sent (D8)', async () => {
    const bearer = 'Bearer s3cr3t-token-0123456789abcdef';
    const created = await fx.api.invoke('endpoints.create', {
      user: 'site',
      endpoint: 'ticket',
      config: { url: hookUrl, headers: { Authorization: bearer, 'X-Team': 'ops' } },
    });
    expect(created.config.headers).toEqual({ Authorization: '••••cdef', 'X-Team': 'ops' });
    const read = JSON.stringify([
      await fx.api.invoke('endpoints.get', { user: 'site', endpoint: 'ticket' }),
      await fx.api.invoke('endpoints.list', { user: 'site' }),
      await fx.api.invoke('settings.get', {}),
    ]);
    expect(read).not.toContain('s3cr3t');
    const row = fx.env.service.db
      .prepare("SELECT value FROM settings WHERE key = 'broker.endpoints'")
      .get() as { value: string };
    expect(row.value).not.toContain('s3cr3t');
    const file = join(fx.env.dir, ENDPOINT_SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A form sending the endpoint back with the mask unchanged keeps the secret.
    await fx.api.invoke('endpoints.update', {
      user: 'site',
      endpoint: 'ticket',
      config: { url: hookUrl, headers: { Authorization: '••••cdef', 'X-Team': 'dev' } },
    });
    await fx.api.invoke('endpoints.call', { user: 'site', endpoint: 'ticket', data: {} });
    expect(hookAuth.at(-1)).toBe(bearer);
    await fx.api.invoke('endpoints.update', {
      user: 'site',
      endpoint: 'ticket',
      config: { url: hookUrl, headers: { Authorization: 'Bearer new' } },
    });
    await fx.api.invoke('endpoints.call', { user: 'site', endpoint: 'ticket', data: {} });
    expect(hookAuth.at(-1)).toBe('Bearer new');
    await fx.api.invoke('endpoints.remove', { user: 'site', endpoint: 'ticket' });
    expect(readFileSync(file, 'utf8')).not.toContain('Bearer');
  });

  it("an HTTP device's callback writes its bucket as that device", async () => {
    await fx.api.invoke('devices.add', { user: 'site', device: 'meter', type: 'HTTP' });
    await fx.api.invoke('callbacks.set', {
      user: 'site',
      device: 'meter',
      actions: { write_bucket: 'meters' },
    });
    expect(
      await fx.api.invoke('callbacks.call', { user: 'site', device: 'meter', data: { kwh: 3 } }),
    ).toEqual({ written: ['bucket:meters'] });
    const { records } = await fx.api.invoke('buckets.read', { user: 'site', bucket: 'meters' });
    expect(records).toEqual([expect.objectContaining({ val: { kwh: 3 }, device: 'meter' })]);
    expect((await fx.api.invoke('devices.get', { user: 'site', device: 'meter' })).type).toBe(
      'HTTP',
    );
  });

  it('stats come in Thinger shape', async () => {
    expect(await fx.api.invoke('devices.stats', { user: 'site', device: 'thermo' })).toMatchObject({
      connected: true,
      ip_address: '127.0.0.1',
      rx_bytes: expect.any(Number),
    });
  });
});
