/**
 * mqtts:// against Debian's mosquitto with a TLS listener that requires a client certificate:
 * the bridge trusts the cluster through its CA file and presents its own certificate and key
 * (settings caFile, certFile, keyFile); without its certificate it is refused and says why.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoInstalled } from './testing/mosquittoProcess';
import { startBridgeSite, type BridgeSite } from './testing/bridgeFixture';

let dir = '';
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, 0o644); // mosquitto may read them as its own user
  return path;
};
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotmp-bridge-tls-'));
  chmodSync(dir, 0o755);
  const server = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const client = await selfsigned.generate([{ name: 'commonName', value: 'site-gw' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true }],
  });
  files.serverCert = file('server.pem', server.cert);
  files.serverKey = file('server.key', server.private);
  files.clientCert = file('client.pem', client.cert);
  files.clientKey = file('client.key', client.private);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let site: BridgeSite | null = null;
afterEach(async () => {
  await site?.stop();
  site = null;
});

const tlsListener = (): string[] => [
  `certfile ${files.serverCert}`,
  `keyfile ${files.serverKey}`,
  `cafile ${files.clientCert}`,
  'require_certificate true',
];

async function waitUntil(cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!mosquittoInstalled())('MQTT bridge over mqtts://', () => {
  it('connects with the cluster CA and its client certificate, and publishes', async () => {
    site = await startBridgeSite({ resources: [] }, { extra: tlsListener() });
    await site.bridge.update({
      url: `mqtts://127.0.0.1:${site.mosquitto.port}`,
      caFile: files.serverCert!,
      certFile: files.clientCert!,
      keyFile: files.clientKey!,
    });
    await waitUntil(() => site!.bridge.status().state === 'connected');
    const before = site.bridge.status().published;
    site.env.service.buckets.write('site', 'log', 'meter-0', { kwh: 1 });
    // Acknowledged by mosquitto over the TLS session.
    await waitUntil(() => site!.bridge.status().published > before);
  }, 40_000);

  it('without its client certificate the cluster refuses it, and the status says so', async () => {
    site = await startBridgeSite({ resources: [] }, { extra: tlsListener() });
    await site.bridge.update({
      url: `mqtts://127.0.0.1:${site.mosquitto.port}`,
      caFile: files.serverCert!,
    });
    await waitUntil(() => site!.bridge.status().lastError !== null);
    expect(site.bridge.status().state).not.toBe('connected');
  }, 40_000);
});
