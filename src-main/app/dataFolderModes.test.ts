/** D8: the data folder is owner-only (0700), the database and its companions 0600. */
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBrokerService } from './Studio';

const NONE = { tcp: null, tcpLegacy: null, tls: null, wss: null, ws: null };

describe('data folder modes (D8)', () => {
  it('tightens a 0755 folder and a 0644 database left by an older version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotmp-modes-'));
    try {
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'studio.sqlite'), '', { mode: 0o644 });
      chmodSync(join(dir, 'studio.sqlite'), 0o644);
      const service = await startBrokerService({
        dataDir: dir,
        listeners: NONE,
        scryptCost: { logN: 10, r: 8, p: 1 },
      });
      await service.devices.add('site', 'one', { credential: 'pw' });
      const mode = (p: string): number => statSync(join(dir, p)).mode & 0o777;
      expect(mode('.')).toBe(0o700);
      expect(mode('studio.sqlite')).toBe(0o600);
      expect(mode('studio.sqlite-wal')).toBe(0o600);
      expect(mode('tls/broker-key.pem')).toBe(0o600);
      await service.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
