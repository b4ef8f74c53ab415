/** A real BrokerService on 127.0.0.1 with ephemeral ports and a SQLite file in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrokerService, type BrokerServiceConfig } from '../../app/Studio';
import type { BrokerService } from '../../services/BrokerService';

/** Only the plain TCP device listener, on an ephemeral port of 127.0.0.1. */
export const TCP_ONLY_LISTENERS = {
  tcp: { host: '127.0.0.1', port: 0 },
  tcpLegacy: null,
  tls: null,
  wss: null,
  ws: null,
} as const;

export async function startTestBroker(
  config: Partial<BrokerServiceConfig> = {},
): Promise<{ service: BrokerService; dir: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'iotmp-test-'));
  const service = await startBrokerService({
    dataDir: dir,
    listeners: {
      tcp: { host: '127.0.0.1', port: 0 },
      tcpLegacy: null,
      tls: { host: '127.0.0.1', port: 0 },
      wss: { host: '127.0.0.1', port: 0 },
      ws: { host: '127.0.0.1', port: 0 },
    },
    // Tests hash credentials at a lower cost; production uses DEFAULT_SCRYPT.
    scryptCost: { logN: 10, r: 8, p: 1 },
    ...config,
  });
  return {
    service,
    dir,
    stop: async () => {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
