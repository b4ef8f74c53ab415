/**
 * The broker with everything around it: SQLite store, credentials, TLS material and the device
 * listeners, and the settings the API changes (accept new devices, endpoints). Built once by the
 * composition root (app/Studio.ts) for Electron and headless mode alike.
 */
import { networkInterfaces } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { AlarmService } from '../alarms/AlarmService';
import type { OtaJobs } from '../ota/OtaJobs';
import type { BucketExports } from '../serverres/BucketExports';
import type { AccessTokenStore } from '../auth/AccessTokenStore';
import type { Broker } from '../broker/Broker';
import type { Scheduler } from '../core/scheduler';
import { deviceKey } from '../contract/deviceKey';
import type { BucketStore } from '../serverres/BucketStore';
import type { EndpointConfig } from '../serverres/DeviceServices';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { DeviceStore } from '../store/DeviceStore';
import type { EndpointSecrets } from '../store/EndpointSecrets';
import type { SettingsStore } from '../store/SettingsStore';
import type { TlsMaterial } from '../store/tlsCertificate';
import type { DeviceListeners } from '../transports/deviceListeners';
import type { BrokerServices } from './types';

/** Setting: HTTP webhooks devices may call by name (§6.5 CALL_ENDPOINT). */
export const ENDPOINTS = 'broker.endpoints';
/** Setting: how topic messages reach subscribed devices (§6.6, unverified upstream). */
export const TOPIC_PAYLOAD_SHAPE = 'broker.topicPayloadShape';

/** Setting: devices known to accept frames over IOTMP.md §9.1.7's 4 KiB, by `user/device`. */
export const FRAME_LIMITS = 'broker.deviceFrameLimits';

/** Setting: devices that read only the bare-number stream interval (§8.1), by `user/device`. */
export const BARE_INTERVAL_DEVICES = 'broker.bareIntervalDevices';

/** Setting key of "accept new devices" (off by default: unknown devices are refused). */
export const ACCEPT_NEW_DEVICES = 'broker.acceptNewDevices';
/**
 * Setting key of when "accept new devices" turns itself off (wall-clock ms, or null), kept so a
 * restart inside the window neither loses the deadline nor leaves the switch on forever.
 */
export const ACCEPT_NEW_DEVICES_UNTIL = 'broker.acceptNewDevicesUntil';

export interface BrokerServiceParts {
  broker: Broker;
  db: Database;
  devices: DeviceStore;
  settings: SettingsStore;
  tls: TlsMaterial;
  listeners: DeviceListeners;
  properties: PropertyStore;
  buckets: BucketStore;
  tokens: AccessTokenStore;
  alarms: AlarmService;
  ota: OtaJobs;
  /** Secret endpoint header values, kept apart from the settings (D8). */
  endpointSecrets: EndpointSecrets;
  exports: BucketExports;
  /** Injected by tests for endpoint calls (devices' and the API's). */
  fetch: typeof globalThis.fetch | undefined;
  scheduler: Scheduler;
  log: (level: 'info' | 'warn', message: string) => void;
}

export class BrokerService implements BrokerServices {
  private cancelAcceptTimer: (() => void) | null = null;

  readonly broker: Broker;
  readonly db: Database;
  readonly devices: DeviceStore;
  readonly settings: SettingsStore;
  readonly tls: TlsMaterial;
  readonly listeners: DeviceListeners;
  readonly properties: PropertyStore;
  readonly buckets: BucketStore;
  readonly tokens: AccessTokenStore;
  readonly alarms: AlarmService;
  readonly ota: OtaJobs;
  private readonly endpointSecrets: EndpointSecrets;
  readonly exports: BucketExports;
  readonly fetch: typeof globalThis.fetch | undefined;
  private readonly scheduler: Scheduler;
  private readonly log: (level: 'info' | 'warn', message: string) => void;

  /** Built by the composition root (app/Studio.ts), which owns the start order. */
  constructor(parts: BrokerServiceParts) {
    this.broker = parts.broker;
    this.db = parts.db;
    this.devices = parts.devices;
    this.settings = parts.settings;
    this.tls = parts.tls;
    this.listeners = parts.listeners;
    this.properties = parts.properties;
    this.buckets = parts.buckets;
    this.tokens = parts.tokens;
    this.alarms = parts.alarms;
    this.ota = parts.ota;
    this.endpointSecrets = parts.endpointSecrets;
    // D8: secrets stored in clear by an older version move to their own file.
    const stored = this.endpoints;
    const kept = this.endpointSecrets.keep(stored);
    if (JSON.stringify(kept) !== JSON.stringify(stored)) this.settings.set(ENDPOINTS, kept);
    this.exports = parts.exports;
    this.fetch = parts.fetch;
    this.scheduler = parts.scheduler;
    this.log = parts.log;
    for (const d of this.devices.list()) this.broker.registry.known(deviceKey(d.user, d.device));
    this.armAcceptTimer();
    this.alarms.start();
  }

  /** HTTP webhooks devices may call by name (§6.5 CALL_ENDPOINT), secret headers masked (D8). */
  get endpoints(): Record<string, EndpointConfig> {
    return this.settings.get<Record<string, EndpointConfig>>(ENDPOINTS, {});
  }

  /** Secret header values go to their own file; a value still masked keeps the stored one. */
  set endpoints(value: Record<string, EndpointConfig>) {
    this.settings.set(ENDPOINTS, this.endpointSecrets.keep(value));
  }

  revealEndpoint(name: string, e: EndpointConfig): EndpointConfig {
    return this.endpointSecrets.reveal(name, e);
  }

  /** Every endpoint with its real secret headers (device calls, a handover). */
  endpointsForCalls(): Record<string, EndpointConfig> {
    return this.endpointSecrets.revealAll(this.endpoints);
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

  /** IPv4 addresses of this machine's interfaces, loopback left out (BrokerStatus.lanAddresses). */
  lanAddresses(): string[] {
    const out: string[] = [];
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
    return out;
  }

  /** Sets (bytes) or clears (null: back to 4 KiB) a device's outbound frame limit. */
  setFrameLimit(user: string, device: string, bytes: number | null): void {
    const all = { ...this.settings.get<Record<string, number>>(FRAME_LIMITS, {}) };
    const key = deviceKey(user, device);
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
    this.alarms.stop();
    this.ota.stop();
    this.broker.stop();
    await this.listeners.close();
    this.devices.flush();
    this.db.close();
  }
}
