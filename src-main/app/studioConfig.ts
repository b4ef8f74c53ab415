/**
 * What the composition root (Studio.ts) is configured with: the broker side, the serial side and
 * the commissioning service's own options; everything else it builds has defaults.
 */
import type { ServerResources } from '../broker/brokerPorts';
import type { BrokerLimits } from '../broker/limits';
import type { CommissionServiceConfig } from '../commission/bindRunDeps';
import type { KeyValueStore } from '../core/KeyValueStore';
import type { Scheduler } from '../core/scheduler';
import type { PortInfo } from '../serial/PortWatcher';
import type { SerialOpener } from '../serial/SerialLink';
import type { DeviceListenerConfig } from '../transports/deviceListeners';

export type Log = (level: 'info' | 'warn', message: string) => void;

export interface BrokerServiceConfig {
  dataDir: string;
  listeners?: Partial<DeviceListenerConfig>;
  /** A user-supplied certificate replaces the generated self-signed one. */
  tlsFiles?: { certPath: string; keyPath: string };
  limits?: Partial<BrokerLimits>;
  scheduler?: Scheduler;
  /** Cost of new credential hashes (tests lower it; stored hashes keep their own). */
  scryptCost?: { logN: number; r: number; p: number };
  /** Replaces the built-in server resources (properties, buckets, endpoints, …). */
  resources?: ServerResources;
  fetch?: typeof fetch;
  log?: Log;
}

export interface SerialServiceConfig {
  /** Where boards chosen per port are remembered (the app: SQLite settings; default: memory). */
  store?: KeyValueStore;
  /** Port listing (default: serialport's, which uses udevadm on Linux). */
  list?: () => Promise<PortInfo[]>;
  exists?: (path: string) => boolean;
  open?: SerialOpener;
  pollMs?: number;
  /** Where ESP flash backups go (the app: `<data folder>/esp-backups`). */
  espBackupDir?: string | null;
  log?: Log;
}

export interface StudioConfig extends BrokerServiceConfig {
  serial?: Omit<SerialServiceConfig, 'store' | 'log' | 'espBackupDir'>;
  commission?: Omit<CommissionServiceConfig, 'broker' | 'serial' | 'log'>;
}
