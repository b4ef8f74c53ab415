/**
 * IOTMP.md §9.1.7 through the API: an input a device could not take is refused with 413 and the
 * limit (the device stays connected), until its frame limit is raised for that device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHttp, type ApiHttp } from './http';
import { errorOf, startApiFixture } from './testing';

const TOKEN = 'test-token-0123456789abcdef';
let fx: Awaited<ReturnType<typeof startApiFixture>>;
let http: ApiHttp;

beforeAll(async () => {
  fx = await startApiFixture();
  http = await startApiHttp({ api: fx.api, token: TOKEN, port: 0 });
});
afterAll(async () => {
  await http.close();
  await fx.stop();
});

describe('outbound frame limit', () => {
  it('a 40 KB input answers 413 naming the limit, and the device stays online', async () => {
    const r = await fetch(`${http.url}/v3/users/site/devices/thermo/resources/setpoint`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify('x'.repeat(40_000)),
    });
    expect(r.status).toBe(413);
    expect(JSON.stringify(await r.json())).toContain('at most 4096');
    expect(fx.env.service.broker.session('site', 'thermo')?.state).toBe('online');
  });

  it('is a setting per device (kept in the settings store), and null returns to 4096', async () => {
    const raised = await fx.api.invoke('devices.update', {
      user: 'site',
      device: 'thermo',
      maxFrameBytes: 65_536,
    });
    expect(raised.maxFrameBytes).toBe(65_536);
    expect(fx.env.service.broker.session('site', 'thermo')!.maxOutboundBody).toBe(65_536);
    expect(
      (await fx.api.invoke('devices.get', { user: 'site', device: 'thermo' })).maxFrameBytes,
    ).toBe(65_536);
    const reset = await fx.api.invoke('devices.update', {
      user: 'site',
      device: 'thermo',
      maxFrameBytes: null,
    });
    expect(reset.maxFrameBytes).toBe(4096);
    const e = await errorOf(
      fx.api.invoke('resources.run', {
        user: 'site',
        device: 'thermo',
        resource: 'setpoint',
        input: 'x'.repeat(5000),
      }),
    );
    expect(e.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('deeply nested JSON (D6)', () => {
  const deep = '['.repeat(3000) + ']'.repeat(3000);
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

  it('is a 400 that says why, on the contract route and the Thinger route', async () => {
    for (const [path, body] of [
      [
        '/api/v1/call/resources.run',
        `{"user":"site","device":"thermo","resource":"setpoint","input":${deep}}`,
      ],
      ['/v3/users/site/devices/thermo/resources/setpoint', deep],
    ] as const) {
      const r = await fetch(`${http.url}${path}`, { method: 'POST', headers: auth, body });
      expect(r.status).toBe(400);
      expect(await r.text()).toContain('nests deeper than 128 levels');
    }
  });
});
