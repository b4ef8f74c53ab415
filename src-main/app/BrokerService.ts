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
import { BucketStore } from '../serverres/BucketStore';
import {
  DeviceServices,
  type EndpointConfig,
  type TopicPayloadShape,
} from '../serverres/DeviceServices';
import { PropertyStore } from '../serverres/PropertyStore';
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
import { AccessTokenStore } from '../auth/AccessTokenStore';
import { loadOrCreateSecret } from '../auth/jwt';
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
  /** Replaces the built-in server resources (properties, buckets, endpoints, …). */
  resources?: ServerResources;
  fetch?: typeof fetch;
  log?: (level: 'info' | 'warn', message: string) => void;
}

/** Setting: HTTP webhooks devices may call by name (§6.5 CALL_ENDPOINT). */
export const ENDPOINTS = 'broker.endpoints';
/** Setting: how topic messages reach subscribed devices (§6.6, unverified upstream). */
export const TOPIC_PAYLOAD_SHAPE = 'broker.topicPayloadShape';

/** Setting: devices known to accept frames over IOTMP.md §9.1.7's 4 KiB, by `user/device`. */
export const FRAME_LIMITS = 'broker.deviceFrameLimits';

/** Setting key of "accept new devices" (off by default: unknown devices are refused). */
export const ACCEPT_NEW_DEVICES = 'broker.acceptNewDevices';
/**
 * Setting key of when "accept new devices" turns itself off (wall-clock ms, or null), kept so a
 * restart inside the window neither loses the deadline nor leaves the switch on forever.
 */
export const ACCEPT_NEW_DEVICES_UNTIL = 'broker.acceptNewDevicesUntil';

export class BrokerService {
  private cancelAcceptTimer: (() => void) | null = null;

  private constructor(
    private readonly scheduler: Scheduler,
    private readonly log: NonNullable<BrokerServiceConfig['log']>,
    readonly broker: Broker,
    readonly db: Database,
    readonly devices: DeviceStore,
    readonly settings: SettingsStore,
    readonly tls: TlsMaterial,
    readonly listeners: DeviceListeners,
    readonly properties: PropertyStore,
    readonly buckets: BucketStore,
    readonly services: DeviceServices,
    readonly tokens: AccessTokenStore,
    /** Injected by tests for endpoint calls (devices' and the API's). */
    readonly fetch: typeof globalThis.fetch | undefined,
  ) {}

  static async start(config: BrokerServiceConfig): Promise<BrokerService> {
    mkdirSync(config.dataDir, { recursive: true });
    const { db } = openDatabase(join(config.dataDir, 'studio.sqlite'));
    try {
      const devices = new DeviceStore(db, Date.now, config.scryptCost);
      const settings = new SettingsStore(db);
      const tls = await loadOrCreateCertificate(config.dataDir, config.tlsFiles);
      const properties = new PropertyStore(db);
      const buckets = new BucketStore(db);
      const tokens = new AccessTokenStore(db, loadOrCreateSecret(config.dataDir));
      let late: Broker | null = null;
      const services = new DeviceServices({
        properties,
        buckets,
        endpoints: () => settings.get<Record<string, EndpointConfig>>(ENDPOINTS, {}),
        // §6.5 CALL_DEVICE: forwarded as a RUN to the named device of the same account.
        callDevice: (user, device, resource, input) => late!.run(user, device, resource, input),
        now: Date.now,
        ...(config.fetch ? { fetch: config.fetch } : {}),
        topicPayloadShape: settings.get<TopicPayloadShape>(TOPIC_PAYLOAD_SHAPE, 'map'),
        ...(config.log ? { log: (m: string) => config.log!('warn', m) } : {}),
      });
      const broker = new Broker({
        scheduler: config.scheduler ?? realScheduler,
        ...(config.limits ? { limits: config.limits } : {}),
        credentials: devices,
        acceptNewDevices: () => settings.get(ACCEPT_NEW_DEVICES, false),
        resources: config.resources ?? services,
        frameLimitOf: (key) => settings.get<Record<string, number>>(FRAME_LIMITS, {})[key],
        ...(config.log ? { log: config.log } : {}),
      });
      late = broker;
      for (const d of devices.list())
        broker.registry.known(`${d.user}/${d.device}`, d.user, d.device);
      const listeners = await startDeviceListeners(
        broker,
        { ...DEFAULT_DEVICE_LISTENERS, ...config.listeners },
        tls,
      );
      const service = new BrokerService(
        config.scheduler ?? realScheduler,
        config.log ?? (() => {}),
        broker,
        db,
        devices,
        settings,
        tls,
        listeners,
        properties,
        buckets,
        services,
        tokens,
        config.fetch,
      );
      service.armAcceptTimer();
      return service;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  get acceptNewDevices(): boolean {
    return this.settings.get(ACCEPT_NEW_DEVICES, false);
  }

  /** On or off with no deadline: the start-up flag, or the API without a time. */
  set acceptNewDevices(on: boolean) {
    this.setAcceptNewDevices(on, null);
  }

  /** When "accept new devices" turns itself off (wall-clock ms); null: it stays as it is. */
  get acceptNewDevicesUntil(): number | null {
    return this.acceptNewDevices
      ? this.settings.get<number | null>(ACCEPT_NEW_DEVICES_UNTIL, null)
      : null;
  }

  /** Switches "accept new devices"; switched on with `forMs`, it turns itself off after that. */
  setAcceptNewDevices(on: boolean, forMs: number | null): void {
    this.settings.set(ACCEPT_NEW_DEVICES, on);
    this.settings.set(ACCEPT_NEW_DEVICES_UNTIL, on && forMs !== null ? Date.now() + forMs : null);
    this.armAcceptTimer();
  }

  /** The timer lives here, in main, so it fires with no window or console open. */
  private armAcceptTimer(): void {
    this.cancelAcceptTimer?.();
    this.cancelAcceptTimer = null;
    const until = this.acceptNewDevicesUntil;
    if (until === null) return;
    this.cancelAcceptTimer = this.scheduler.setTimeout(
      () => {
        this.cancelAcceptTimer = null;
        this.setAcceptNewDevices(false, null);
        this.log('info', 'accept new devices turned itself off (its time was up)');
      },
      Math.max(0, until - Date.now()),
    );
  }

  /** Sets (bytes) or clears (null: back to 4 KiB) a device's outbound frame limit. */
  setFrameLimit(user: string, device: string, bytes: number | null): void {
    const all = { ...this.settings.get<Record<string, number>>(FRAME_LIMITS, {}) };
    const key = `${user}/${device}`;
    if (bytes === null) delete all[key];
    else all[key] = bytes;
    this.settings.set(FRAME_LIMITS, all);
    this.broker.frameLimitChanged(user, device);
  }

  /** Port a listener actually bound (useful with port 0 in tests). */
  port(name: 'tcp' | 'tcpLegacy' | 'tls' | 'wss' | 'ws'): number | undefined {
    return this.listeners.running.find((l) => l.name === name)?.port;
  }

  /** Graceful stop: devices disconnected, listeners closed, SQLite closed. */
  async stop(): Promise<void> {
    this.cancelAcceptTimer?.();
    this.broker.stop();
    await this.listeners.close();
    this.db.close();
  }
}
