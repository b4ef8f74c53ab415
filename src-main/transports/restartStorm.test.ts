/**
 * D5: after a restart every device reconnects at once. Devices whose credential verified before
 * the restart come back without a single slow hash (the verified-credential cache is kept in the
 * data folder); the few that must be hashed wait their turn on the bounded pool; guesses from one
 * address hold no legit device back. Real broker, real sockets on 127.0.0.1, real SQLite file.
 * Speed itself is measured by `npm run bench:hostile` (restart_10k_s), not here.
 */
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startBrokerService, type BrokerServiceConfig } from '../app/Studio';
import { VERIFIED_CACHE_FILE } from '../store/VerifiedCache';
import { TCP_ONLY_LISTENERS } from './testing/brokerFixture';
import { reconnectStorm, tryConnect, type StormDevice } from './testing/reconnectStorm';

const DEVICES = 500;
const dir = mkdtempSync(join(tmpdir(), 'iotmp-storm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config: BrokerServiceConfig = {
  dataDir: dir,
  listeners: TCP_ONLY_LISTENERS,
  scryptCost: { logN: 10, r: 8, p: 1 },
  limits: { authFailDelayMs: 20, authFailMaxDelayMs: 50 },
};

describe('restart storm (D5)', () => {
  it('every device comes back after a restart; only credentials never seen before are hashed', async () => {
    const first = await startBrokerService(config);
    const devices: StormDevice[] = await Promise.all(
      Array.from({ length: DEVICES }, async (_, i) => {
        const { credential } = await first.devices.add('fleet', `d${i}`);
        return { user: 'fleet', device: `d${i}`, credential };
      }),
    );
    // A short, typed credential: never written to disk (VerifiedCache.ts), hashed once after a restart.
    await first.devices.add('fleet', 'short', { credential: 'pw' });
    await first.stop();

    const file = join(dir, VERIFIED_CACHE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(devices.some((d) => text.includes(d.credential))).toBe(false);

    const second = await startBrokerService(config);
    try {
      const port = second.port('tcp')!;
      // Guesses for known devices from one address, while the fleet storms in.
      const held: Socket[] = [];
      const guesses = Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          tryConnect(
            port,
            '127.0.0.200',
            { user: 'fleet', device: `d${i}`, credential: 'guess' },
            held,
          ),
        ),
      );
      const storm = await reconnectStorm({
        port,
        devices: [...devices, { user: 'fleet', device: 'short', credential: 'pw' }],
        addresses: 20,
        deadlineMs: 90_000,
        retryMs: 300,
      });
      try {
        expect(await guesses).toEqual(new Array(10).fill(false));
        expect(storm.online).toBe(DEVICES + 1);
        expect(second.broker.registry.list().filter((d) => d.online)).toHaveLength(DEVICES + 1);
        // Ten wrong guesses and the short credential: nothing else needed scrypt.
        expect(second.devices.pool.completed).toBe(11);
      } finally {
        storm.close();
        for (const s of held) s.destroy();
      }
    } finally {
      await second.stop();
    }
  }, 120_000);
});
