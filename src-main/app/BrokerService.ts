/**
 * The broker with everything around it: SQLite store, credentials, TLS material and the device
 * listeners. Built once by the composition root for Electron and headless mode alike.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { Broker, type ServerResources } from '../broker/Broker';
import type { BrokerLimits } from '../broker/limits';
import type { Scheduler } from '../broker/Scheduler';
import { openDatabase } from '../store/openDatabase';
import { DeviceStore } from '../store/DeviceStore';
import { SettingsStore } from '../store/SettingsStore';
import {
  DEFAULT_DEVICE_LISTENERS,
  startDeviceListeners,
  type DeviceListenerConfig,
  type DeviceListeners,
} from '../transports/deviceListeners';
import { realScheduler } from './realScheduler';
import { loadOrCreateCertificate, type TlsMaterial } from './tlsCertificate';

export interface BrokerServiceConfig {
  dataDir: string;
  listeners?: Partial<DeviceListenerConfig>;
  /** A user-supplied certificate replaces the generated self-signed one. */
  tlsFiles?: { certPath: string; keyPath: string };
  limits?: Partial<BrokerLimits>;
  scheduler?: Scheduler;
  /** Cost of new credential hashes (tests lower it; stored hashes keep their own). */
  scryptCost?: { logN: number; r: number; p: number };
  resources?: (stores: { db: Database; devices: DeviceStore }) => ServerResources;
  log?: (level: 'info' | 'warn', message: string) => void;
}

/** Setting key of "accept new devices" (off by default: unknown devices are refused). */
export const ACCEPT_NEW_DEVICES = 'broker.acceptNewDevices';

export class BrokerService {
  private constructor(
    readonly broker: Broker,
    readonly db: Database,
    readonly devices: DeviceStore,
    readonly settings: SettingsStore,
    readonly tls: TlsMaterial,
    readonly listeners: DeviceListeners,
  ) {}

  static async start(config: BrokerServiceConfig): Promise<BrokerService> {
    mkdirSync(config.dataDir, { recursive: true });
    const { db } = openDatabase(join(config.dataDir, 'studio.sqlite'));
    try {
      const devices = new DeviceStore(db, Date.now, config.scryptCost);
      const settings = new SettingsStore(db);
      const tls = await loadOrCreateCertificate(config.dataDir, config.tlsFiles);
      const broker = new Broker({
        scheduler: config.scheduler ?? realScheduler,
        ...(config.limits ? { limits: config.limits } : {}),
        credentials: devices,
        acceptNewDevices: () => settings.get(ACCEPT_NEW_DEVICES, false),
        ...(config.resources ? { resources: config.resources({ db, devices }) } : {}),
        ...(config.log ? { log: config.log } : {}),
      });
      for (const d of devices.list())
        broker.registry.known(`${d.user}/${d.device}`, d.user, d.device);
      const listeners = await startDeviceListeners(
        broker,
        { ...DEFAULT_DEVICE_LISTENERS, ...config.listeners },
        tls,
      );
      return new BrokerService(broker, db, devices, settings, tls, listeners);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  get acceptNewDevices(): boolean {
    return this.settings.get(ACCEPT_NEW_DEVICES, false);
  }

  set acceptNewDevices(on: boolean) {
    this.settings.set(ACCEPT_NEW_DEVICES, on);
  }

  /** Port a listener actually bound (useful with port 0 in tests). */
  port(name: 'tcp' | 'tcpLegacy' | 'tls' | 'wss' | 'ws'): number | undefined {
    return this.listeners.running.find((l) => l.name === name)?.port;
  }

  /** Graceful stop: devices disconnected, listeners closed, SQLite closed. */
  async stop(): Promise<void> {
    this.broker.stop();
    await this.listeners.close();
    this.db.close();
  }
}
