/**
 * What the API needs of the services, as interfaces: `api/` depends on these, `app/Studio.ts`
 * builds the classes that implement them (BrokerService, SerialService).
 */
import type { Database } from 'better-sqlite3';
import type { AlarmService } from '../alarms/AlarmService';
import type { OtaJobs } from '../ota/OtaJobs';
import type { BucketExports } from '../serverres/BucketExports';
import type { AccessTokenStore } from '../auth/AccessTokenStore';
import type { Broker } from '../broker/Broker';
import type { BridgeStatus } from '../bridge/MqttBridge';
import type { BridgeSettings, BridgeSettingsPatch } from '../bridge/settings';
import type {
  EspBackupInfo,
  EspToolRequest,
  HandoverBoard,
  HandoverJob,
  HandoverServer,
  HandoverStart,
} from '../contract';
import type { EspChipFacts, EspFlashPlan, Firmware } from '../flash/protocol';
import type { EspFlasher } from '../flash/jobs/EspFlasher';
import type { BatchRecord, FlashBatches } from '../flash/jobs/FlashBatches';
import type { BucketStore } from '../serverres/BucketStore';
import type { EndpointConfig } from '../serverres/DeviceServices';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { DetectedPort, PortWatcher } from '../serial/PortWatcher';
import type { MonitorSession, SerialMonitor } from '../serial/SerialMonitor';
import type { DeviceStore } from '../store/DeviceStore';
import type { SettingsStore } from '../store/SettingsStore';
import type { TlsMaterial } from '../store/tlsCertificate';
import type { DeviceListeners } from '../transports/deviceListeners';
import type { Dispose } from '../util/Emitter';

/** The broker side: devices, their connections, and the settings the API changes. */
export interface BrokerServices {
  readonly broker: Broker;
  /** The SQLite database (site export/import reads and writes it in one transaction). */
  readonly db: Database;
  readonly devices: DeviceStore;
  readonly settings: SettingsStore;
  readonly properties: PropertyStore;
  readonly buckets: BucketStore;
  readonly tokens: AccessTokenStore;
  /** Alarm rules, the alarms they raise and their events (also an `AlarmFeed` to subscribe to). */
  readonly alarms: AlarmService;
  /** OTA updates over the devices' $ota/* resources, a bounded number at a time. */
  readonly ota: OtaJobs;
  /** Asynchronous bucket exports (files in the data folder). */
  readonly exports: BucketExports;
  /** Injected by tests for endpoint calls (devices' and the API's). */
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly listeners: DeviceListeners;
  readonly tls: TlsMaterial;
  readonly acceptNewDevices: boolean;
  /** When "accept new devices" turns itself off (wall-clock ms); null: it stays as it is. */
  readonly acceptNewDevicesUntil: number | null;
  setAcceptNewDevices(on: boolean, forMs: number | null): void;
  /** HTTP webhooks devices may call by name (§6.5 CALL_ENDPOINT); secret headers masked (D8). */
  endpoints: Record<string, EndpointConfig>;
  /** One endpoint with its real secret headers, for the outgoing call only. */
  revealEndpoint(name: string, e: EndpointConfig): EndpointConfig;
  lanAddresses(): string[];
  /** Sets (bytes) or clears (null: back to 4 KiB) a device's outbound frame limit. */
  setFrameLimit(user: string, device: string, bytes: number | null): void;
  /** Port a listener actually bound. */
  port(name: 'tcp' | 'tcpLegacy' | 'tls' | 'wss' | 'ws'): number | undefined;
}

export type PortHolder = 'free' | 'monitor' | 'flashing';

export type PortServiceEvent =
  | { readonly type: 'plugged' | 'unplugged' | 'changed'; readonly port: DetectedPort }
  | { readonly type: 'listing'; readonly error: string | null };

/** An ESP file as the API carries it. */
export interface EspFileRequest {
  name: string;
  /** base64 */
  data: string;
  offset?: number | undefined;
}

/** What `flash.start` asks for, before the service checks it: `hex` (AVR) or `files` (ESP). */
export interface FlashRequest {
  hex?: string | undefined;
  files?: readonly EspFileRequest[] | undefined;
  maxBaud?: number | undefined;
  name?: string | undefined;
  targets: readonly { port: string; board: string }[];
  verify?: boolean | undefined;
  backupDir?: string | null | undefined;
}

/** The serial side: ports, monitors and flash jobs. */
export interface SerialServices {
  readonly watcher: PortWatcher;
  /** ESP boards (ROM loader + stub): identify, flash, backup, restore, erase. */
  readonly esp: EspFlasher;
  readonly monitor: SerialMonitor;
  readonly jobs: FlashBatches;
  readonly listError: string | null;
  ports(): Promise<DetectedPort[]>;
  listed(path: string): Promise<DetectedPort>;
  /** A listed port no job is flashing, else NOT_FOUND / PORT_BUSY. */
  flashable(path: string): Promise<DetectedPort>;
  openMonitor(path: string): MonitorSession;
  job(id: string): BatchRecord;
  holderOf(path: string): PortHolder;
  inspectFirmware(hex: string): { firmware: Firmware; sha256: string };
  inspectEsp(files: readonly EspFileRequest[]): { plan: EspFlashPlan; sha256: string };
  espChip(path: string): EspChipFacts | null;
  startFlash(request: FlashRequest): Promise<BatchRecord>;
  /** Backup, restore or erase of one ESP board, as a job. */
  startEspTool(request: {
    port: string;
    board?: string | undefined;
    operation: EspToolRequest;
  }): Promise<BatchRecord>;
  espBackups(): Promise<{ folder: string | null; backups: EspBackupInfo[] }>;
  on(listener: (e: PortServiceEvent) => void): () => void;
  changed(path: string): void;
}

/** The MQTT bridge to an existing cluster: its settings, status and status changes. */
export interface BridgeServices {
  /** Resolved settings, password included (the API says only whether one is set). */
  readonly settings: BridgeSettings;
  /** Checks and saves a change, then reconnects; a RangeError names settings that cannot work together. */
  update(patch: BridgeSettingsPatch): Promise<unknown>;
  status(): BridgeStatus;
  readonly events: { on(event: 'status', listener: (status: BridgeStatus) => void): Dispose };
}

/**
 * Hand-overs of the site to a production server (handover/HandoverJobs): one at a time; `start`
 * throws a HandoverJobError (BAD_REQUEST, CONFLICT, NOT_FOUND) a user can read.
 */
export interface HandoverServices {
  server(): HandoverServer | null;
  jobs(): HandoverJob[];
  start(request: HandoverStart): HandoverJob;
  boards(site: string | null): HandoverBoard[];
  cancel(jobId: string): boolean;
  readonly events: { on(event: 'job', listener: (job: HandoverJob) => void): Dispose };
}
