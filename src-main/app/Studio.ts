/**
 * The composition root: the one place that builds the service graph, for the desktop app
 * (index.ts, the API over IPC) and headless mode (headlessMain.ts, the API over HTTP/WebSocket)
 * alike. Every collaborator is built here and passed in; nothing below builds its own
 * neighbours. Stopped in reverse order: ports and jobs first (board choices are still saved),
 * then the broker and SQLite.
 */
import type { Database } from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createApiServer } from '../api/handlers';
import type { ApiServer, ApiServerOptions } from '../api/ApiServer';
import { AlarmService } from '../alarms/AlarmService';
import { AlarmStore } from '../alarms/AlarmStore';
import { brokerOtaTarget } from '../ota/brokerTarget';
import { OtaJobs } from '../ota/OtaJobs';
import { AccessTokenStore } from '../auth/AccessTokenStore';
import { loadOrCreateSecret } from '../auth/jwt';
import { VERIFIED_CACHE_FILE, VerifiedCache } from '../store/VerifiedCache';
import { SettingBareIntervals } from '../streams/BareIntervalMemory';
import { ENDPOINT_SECRETS_FILE, EndpointSecrets } from '../store/EndpointSecrets';
import { Broker } from '../broker/Broker';
import { buildBrokerParts } from '../broker/brokerParts';
import { DEFAULT_BROKER_LIMITS, type BrokerLimits } from '../broker/limits';
import { MqttBridge } from '../bridge/MqttBridge';
import type { HandoverJobs } from '../handover/HandoverJobs';
import { CommissionService } from '../commission/CommissionService';
import { MemoryStore } from '../core/KeyValueStore';
import type { Scheduler } from '../core/scheduler';
import { FlashBatches, MAX_KEPT_BATCHES } from '../flash/jobs/FlashBatches';
import { EspFlasher } from '../flash/jobs/EspFlasher';
import { Flasher } from '../flash/jobs/Flasher';
import { BoardMemory } from '../serial/BoardMemory';
import { PortWatcher } from '../serial/PortWatcher';
import { openSerialLink } from '../serial/SerialLink';
import { SerialMonitor } from '../serial/SerialMonitor';
import { PortLeases } from '../serial/SerialPortLease';
import { BucketExports } from '../serverres/BucketExports';
import { BucketStore } from '../serverres/BucketStore';
import {
  DeviceServices,
  type EndpointConfig,
  type TopicPayloadShape,
} from '../serverres/DeviceServices';
import { PropertyStore } from '../serverres/PropertyStore';
import {
  ACCEPT_NEW_DEVICES,
  BrokerService,
  ENDPOINTS,
  FRAME_LIMITS,
  BARE_INTERVAL_DEVICES,
  TOPIC_PAYLOAD_SHAPE,
} from '../services/BrokerService';
import { SerialService } from '../services/SerialService';
import { DeviceStore } from '../store/DeviceStore';
import { openDatabase } from '../store/openDatabase';
import { SettingsKeyValueStore } from '../store/SettingsKeyValueStore';
import { SettingsStore } from '../store/SettingsStore';
import { loadOrCreateCertificate } from '../store/tlsCertificate';
import { DEFAULT_DEVICE_LISTENERS, startDeviceListeners } from '../transports/deviceListeners';
import { realScheduler } from './realScheduler';
import { FrameClock } from '../core/frameClock';
import { buildHandoverJobs } from './handoverSite';
import type { BrokerServiceConfig, Log, SerialServiceConfig, StudioConfig } from './studioConfig';

export type { BrokerServiceConfig } from './studioConfig';

/** Settings keys of the serial side (boards remembered per port) start with this. */
export const SERIAL_SETTINGS_PREFIX = 'serial.';

/** ESP flash backups, in the data folder (they hold the boards' NVS: credentials, Wi-Fi). */
const ESP_BACKUP_FOLDER = 'esp-backups';

/** The SQLite-backed stores and the server resources devices use. */
function openStores(config: BrokerServiceConfig, db: Database, log: Log) {
  const wallNow = Date.now;
  const devices = new DeviceStore(db, wallNow, config.scryptCost, {
    cache: new VerifiedCache({
      file: join(config.dataDir, VERIFIED_CACHE_FILE),
      log: (m) => log('warn', m),
    }),
  });
  const settings = new SettingsStore(db);
  const endpointSecrets = new EndpointSecrets(join(config.dataDir, ENDPOINT_SECRETS_FILE), (m) =>
    log('warn', m),
  );
  const properties = new PropertyStore(db);
  const buckets = new BucketStore(db);
  const tokens = new AccessTokenStore(db, loadOrCreateSecret(config.dataDir));
  const resources =
    config.resources ??
    new DeviceServices({
      properties,
      buckets,
      endpoints: () =>
        endpointSecrets.revealAll(settings.get<Record<string, EndpointConfig>>(ENDPOINTS, {})),
      now: wallNow,
      ...(config.fetch ? { fetch: config.fetch } : {}),
      topicPayloadShape: settings.get<TopicPayloadShape>(TOPIC_PAYLOAD_SHAPE, 'map'),
      log: (m) => log('warn', m),
    });
  return { devices, settings, endpointSecrets, properties, buckets, tokens, resources };
}

/** The broker and its parts (live sessions, registry, inspector, stream hub, throttles). */
function buildBroker(
  stores: ReturnType<typeof openStores>,
  scheduler: Scheduler,
  limits: BrokerLimits,
  log: Log,
): Broker {
  const { devices, settings, resources } = stores;
  // One wall clock for the broker and its parts: a frame's handling reads it once (frameClock.ts).
  const clock = new FrameClock(Date.now);
  const parts = buildBrokerParts({
    scheduler,
    clock,
    limits,
    log,
    bareIntervals: new SettingBareIntervals(
      () => settings.get<Record<string, true>>(BARE_INTERVAL_DEVICES, {}),
      (all) => settings.set(BARE_INTERVAL_DEVICES, all),
    ),
  });
  return new Broker(
    {
      scheduler,
      clock,
      limits,
      credentials: devices,
      acceptNewDevices: () => settings.get(ACCEPT_NEW_DEVICES, false),
      resources,
      frameLimitOf: (key) => settings.get<Record<string, number>>(FRAME_LIMITS, {})[key],
      log,
    },
    parts,
  );
}

/** The broker side: SQLite, stores, TLS material, the broker and its parts, device listeners. */
export async function startBrokerService(config: BrokerServiceConfig): Promise<BrokerService> {
  // D8: the data folder holds credentials and keys: owner-only, also when made by an older
  // version or by hand.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(config.dataDir, 0o700);
  const { db } = openDatabase(join(config.dataDir, 'studio.sqlite'));
  try {
    const log: Log = config.log ?? (() => {});
    const scheduler = config.scheduler ?? realScheduler;
    const wallNow = Date.now;
    const limits = { ...DEFAULT_BROKER_LIMITS, ...config.limits };
    const stores = openStores(config, db, log);
    const tls = await loadOrCreateCertificate(config.dataDir, config.tlsFiles);
    const broker = buildBroker(stores, scheduler, limits, log);
    const { devices, settings, endpointSecrets, properties, buckets, tokens } = stores;
    const alarms = new AlarmService({
      store: new AlarmStore(db),
      broker,
      buckets,
      scheduler,
      wallNow,
      log,
    });
    const listeners = await startDeviceListeners(
      broker,
      { ...DEFAULT_DEVICE_LISTENERS, ...config.listeners },
      tls,
    );
    return new BrokerService({
      broker,
      db,
      devices,
      settings,
      tls,
      listeners,
      properties,
      buckets,
      tokens,
      alarms,
      ota: new OtaJobs(brokerOtaTarget(broker), wallNow),
      endpointSecrets,
      exports: new BucketExports(buckets, join(config.dataDir, 'exports'), wallNow),
      fetch: config.fetch,
      scheduler,
      log,
    });
  } catch (e) {
    db.close();
    throw e;
  }
}

/** The serial side: leases, the port watcher, the monitor, the flasher and its jobs. */
export function buildSerialService(config: SerialServiceConfig = {}): SerialService {
  const open = config.open ?? openSerialLink;
  const exists = config.exists ?? existsSync;
  const leases = new PortLeases();
  const flasher = new Flasher({ leases, open, exists });
  const esp = new EspFlasher({ leases, open, exists });
  return new SerialService({
    leases,
    watcher: new PortWatcher({
      memory: new BoardMemory(config.store ?? new MemoryStore()),
      exists,
      ...(config.list ? { list: config.list } : {}),
      ...(config.pollMs !== undefined ? { intervalMs: config.pollMs } : {}),
    }),
    monitor: new SerialMonitor({ leases, open }),
    flasher,
    esp,
    jobs: new FlashBatches(flasher, Date.now, MAX_KEPT_BATCHES, esp),
    open,
    espBackupDir: config.espBackupDir ?? null,
    ...(config.log ? { log: config.log } : {}),
  });
}

export class Studio {
  private constructor(
    readonly broker: BrokerService,
    readonly serial: SerialService,
    readonly commission: CommissionService,
    /** The MQTT bridge to an existing cluster (off unless its settings enable it). */
    readonly bridge: MqttBridge,
    /** Hand-overs of the site to a production server, started from the UI. */
    readonly handover: HandoverJobs,
  ) {}

  static async start(config: StudioConfig): Promise<Studio> {
    const broker = await startBrokerService(config);
    const serial = buildSerialService({
      ...config.serial,
      store: new SettingsKeyValueStore(broker.settings, SERIAL_SETTINGS_PREFIX),
      espBackupDir: join(config.dataDir, ESP_BACKUP_FOLDER),
      ...(config.log ? { log: config.log } : {}),
    });
    serial.start();
    const commission = new CommissionService({
      ...config.commission,
      broker,
      serial,
      ...(config.log ? { log: (line: string) => config.log?.('info', line) } : {}),
    });
    const bridge = new MqttBridge({
      broker: broker.broker,
      properties: broker.properties,
      buckets: broker.buckets,
      settings: broker.settings,
      alarms: broker.alarms,
      dataDir: config.dataDir,
      ...(config.log ? { log: config.log } : {}),
    });
    bridge.start();
    const handover = buildHandoverJobs(
      broker,
      commission,
      config.dataDir,
      config.log ? (line) => config.log?.('info', `handover: ${line}`) : undefined,
    );
    return new Studio(broker, serial, commission, bridge, handover);
  }

  /** The contract over these services, for any transport. */
  api(options: ApiServerOptions = {}): ApiServer {
    return createApiServer(
      this.broker,
      this.serial,
      this.commission,
      this.bridge,
      this.handover,
      options,
    );
  }

  /**
   * Graceful stop: commissioning runs, flash jobs cancelled, monitors closed, then devices,
   * listeners, SQLite; the bridge last, so the cluster hears that the devices went offline with
   * the site.
   */
  async stop(): Promise<void> {
    await this.handover.stop();
    await this.commission.stop();
    await this.serial.stop();
    await this.broker.stop();
    await this.bridge.stop();
  }
}
