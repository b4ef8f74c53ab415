/**
 * The device page's Properties & data tab end to end (UI.md §3.2, issue 15): headless mode as a
 * process, properties and bucket records written through the Thinger REST API (by the console and
 * by an access token), and Chromium on `#/devices/site/thermo/data`: a property edited as JSON
 * (bad JSON refused naming its line), its history saying who changed what, a bucket's records as
 * a table and a recharts chart, and CSV export. Screenshots: device-data-light, device-data-dark.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preset } from '../src-main/simulator/presets';
import { startConsole, type ConsoleSession } from './support/consoleSession';

let session: ConsoleSession;
let base: string;
let token: string;

async function rest(
  method: string,
  path: string,
  body?: unknown,
  bearer = token,
): Promise<unknown> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

beforeAll(async () => {
  session = await startConsole(['--add-device', 'site/thermo']);
  const url = new URL(session.url);
  base = url.origin;
  token = url.searchParams.get('token')!;
  const device = session.device({
    user: 'site',
    device: 'thermo',
    credential: session.credentialOf('site/thermo'),
    profile: preset('demo').profiles.find((p) => p.name === 'thermostat')!,
  });
  device.start();
  await device.waitForState('online', AbortSignal.timeout(10_000));
  await rest('POST', '/v3/users/site/devices/thermo/properties', {
    property: 'config',
    value: { setpoint: 21, mode: 'auto' },
  });
  const { access_token } = (await rest('POST', '/v1/users/site/tokens', {
    token: 'nodered',
    name: 'Node-RED',
    allow: { Device: { thermo: ['UpdateDeviceProperty'] } },
  })) as { access_token: string };
  await rest(
    'PUT',
    '/v3/users/site/devices/thermo/properties/config',
    { value: { setpoint: 22, mode: 'auto' } },
    access_token,
  );
  await rest('POST', '/v1/users/site/buckets', {
    bucket: 'climate',
    name: 'Climate',
    config: { source: 'write' },
  });
  const now = Date.now();
  for (let i = 0; i < 30; i++)
    await rest('POST', '/api/v1/call/buckets.write', {
      user: 'site',
      bucket: 'climate',
      device: 'thermo',
      ts: now - (30 - i) * 60_000,
      data: { celsius: 20 + Math.sin(i / 4) * 2, humidity: 45 + (i % 7) },
    });
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

describe('Properties & data tab in Chromium', () => {
  it('edits a property as JSON, shows who changed it, and charts and exports the bucket records', async () => {
    const { page, problems } = await session.open('devices/site/thermo/data', {
      theme: 'light',
      height: 1300,
    });
    await expect
      .poll(() =>
        page.getByRole('tab', { name: 'Properties & data' }).getAttribute('aria-selected'),
      )
      .toBe('true');
    const editor = page.getByLabel('config · Value (JSON)');
    await expect
      .poll(async () => JSON.parse(await editor.inputValue()) as unknown, { timeout: 10_000 })
      .toEqual({ setpoint: 22, mode: 'auto' });
    const history = page.getByRole('list', { name: 'History' });
    await expect.poll(() => history.getByRole('listitem').count()).toBe(2);
    expect(await history.getByRole('listitem').first().textContent()).toContain(
      'by access token nodered',
    );
    expect(await history.getByRole('listitem').nth(1).textContent()).toContain('by the console');

    // Bad JSON is refused with its line, and Save stays off.
    await editor.fill('{\n  "setpoint": 23,\n  "mode": eco\n}');
    await expect.poll(() => page.getByText(/Not valid JSON \(line 3\)/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await editor.fill('{\n  "setpoint": 23,\n  "mode": "eco"\n}');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => history.getByRole('listitem').count()).toBe(3);
    const stored = (await rest('GET', '/v3/users/site/devices/thermo/properties/config')) as {
      value: unknown;
    };
    expect(stored.value).toEqual({ setpoint: 23, mode: 'eco' });

    // The bucket: 30 records in the last 24 h, a line per numeric field, CSV export of the range.
    await expect
      .poll(() => page.getByTestId('bucket-count').textContent(), { timeout: 10_000 })
      .toContain('30 records');
    await expect.poll(() => page.locator('.data-chart .recharts-line').count()).toBe(2);
    expect(await page.locator('.data-table tbody tr').count()).toBe(30);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe('ts,device,celsius,humidity');
    expect(csv.filter((l) => l.includes(',thermo,'))).toHaveLength(30);
    await session.screenshot(page, 'device-data-light');
    expect(problems).toEqual([]);

    const dark = await session.open('devices/site/thermo/data', { theme: 'dark', height: 1300 });
    await expect
      .poll(() => dark.page.locator('.data-chart .recharts-line').count(), { timeout: 10_000 })
      .toBe(2);
    await session.screenshot(dark.page, 'device-data-dark');
  }, 60_000);
});

describe('Access tokens in Chromium', () => {
  it('creates a device token shown once with a QR code, which works only where it is allowed, then revokes it', async () => {
    const { page, problems } = await session.open('settings/tokens', {
      theme: 'light',
      height: 1400,
    });
    const section = page.getByTestId('access-tokens');
    await section.getByLabel('Name').fill('Phone');
    await section.getByLabel('Allow').selectOption('device');
    await section.getByLabel('Resources (comma separated; empty: all)').fill('temperature');
    await section.getByRole('button', { name: 'Create token' }).click();
    const jwt = (await page.getByTestId('token-once').textContent())!.trim();
    expect(jwt.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ usr: 'site', dev: 'thermo', res: ['temperature'] });
    expect(await page.getByRole('img', { name: /QR code/ }).count()).toBe(1);
    await session.screenshot(page, 'settings-token-once-light');
    const read = (r: string): Promise<Response> =>
      fetch(`${base}/v2/users/site/devices/thermo/${r}?authorization=${jwt}`);
    expect((await read('temperature')).status).toBe(200);
    expect((await read('heating')).status).toBe(403);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('rowheader', { name: /Phone/ }).count()).toBe(1);
    const row = page.getByRole('row', { name: /Phone/ });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Revoke now' }).click();
    await expect.poll(() => page.getByRole('rowheader', { name: /Phone/ }).count()).toBe(0);
    expect((await read('temperature')).status).toBe(401);
    await session.screenshot(page, 'settings-tokens-light');
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('Endpoints in Chromium', () => {
  it('keeps a body template, and a test call shows what the endpoint answered', async () => {
    const bodies: string[] = [];
    const hook = createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += String(c)));
      req.on('end', () => {
        bodies.push(b);
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end('queued');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alert`;
      await rest('POST', '/v1/users/site/endpoints', {
        endpoint: 'alert',
        name: 'Alert',
        type: 'http_request',
        config: { url, method: 'POST', body: '{"text": "{{device}}: {{message}}"}' },
      });
      const { page, problems } = await session.open('settings/endpoints', {
        theme: 'light',
        height: 1300,
      });
      await expect
        .poll(() => page.getByLabel('Body template').inputValue(), { timeout: 10_000 })
        .toBe('{"text": "{{device}}: {{message}}"}');
      await page.getByRole('button', { name: 'Test call' }).click();
      const answer = page.getByTestId('endpoint-answer-alert');
      await expect.poll(() => answer.textContent(), { timeout: 10_000 }).toContain('Answered 202');
      expect(await answer.textContent()).toContain('queued');
      expect(bodies.at(-1)).toBe('{"text": "test: hello"}');
      await page.locator('#settings-endpoints').scrollIntoViewIfNeeded();
      await session.screenshot(page, 'settings-endpoint-test-light');
      // Saving from Settings keeps what it does not show (Thinger's name, the template).
      await page.getByLabel('Method').selectOption('PUT');
      await page.getByRole('button', { name: 'Save endpoints' }).click();
      await expect
        .poll(
          async () =>
            (
              (await rest('GET', '/v1/users/site/endpoints/alert')) as {
                config: { method: string };
              }
            ).config.method,
        )
        .toBe('PUT');
      expect(await rest('GET', '/v1/users/site/endpoints/alert')).toMatchObject({
        name: 'Alert',
        config: { body: '{"text": "{{device}}: {{message}}"}' },
      });
      expect(problems).toEqual([]);
    } finally {
      await new Promise((r) => hook.close(r));
    }
  }, 60_000);
});
