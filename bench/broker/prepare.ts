/** Registers the bench's devices (`bench/d0…`, credential `bench`) in one transaction. */
import type { BrokerService } from '../../src-main/services/BrokerService';
import { hashCredential } from '../../src-main/store/credentials';

export async function prepareBenchDevices(service: BrokerService, count: number): Promise<void> {
  const hash = await hashCredential('bench', { logN: 8, r: 8, p: 1 });
  const insert = service.db.prepare(
    `INSERT INTO devices (user, device, credential_hash, created_at, credential_updated_at) VALUES ('bench', ?, ?, 0, 0)`,
  );
  service.db.prepare("INSERT OR IGNORE INTO users VALUES ('bench', 0)").run();
  service.db.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`d${i}`, hash);
  })();
}
