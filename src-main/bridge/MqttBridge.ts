/**
 * The MQTT bridge: publishes what happens on site (device presence, stream samples, property
 * changes, bucket writes, alarm events) to an existing MQTT cluster, and runs commands from it
 * on the devices. The local broker stays the source of truth; the cluster gets a copy.
 *
 * This class holds the settings and the connection's life (connect, back-off, graceful stop);
 * the parts are named after what they do: BridgeRun (what runs while the bridge is on), SiteWatch
 * (what happens on site, as messages), Delivery (the one ordered stream: memory, then the Outbox
 * on disk), CommandRunner (…/set and …/run), payloads and topics (the documented layout),
 * clientOptions (the MQTT session), status (what the bridge shows).
 */
import type { Broker } from '../broker/Broker';
import type { AlarmFeed } from '../core/alarms';
import type { BucketStore } from '../serverres/BucketStore';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { SettingsStore } from '../store/SettingsStore';
import { Emitter } from '../util/Emitter';
import { backoffDelay } from './backoff';
import { closeBridgeRun, drainBridgeRun, startBridgeRun, type BridgeRun } from './BridgeRun';
import { clientOptions, redactUrl } from './clientOptions';
import { tuneLink } from './coalescedWrites';
import { IN_FLIGHT_WINDOW } from './InFlight';
import { bridgePayload } from './payloads';
import {
  BRIDGE_SETTINGS,
  BridgeSettings,
  bridgeSettingsProblem,
  resolveBridgeSettings,
  type BridgeSettingsPatch,
} from './settings';
import { bridgeStatus, type BridgeEvents, type BridgeStatus, type LinkState } from './status';
import { BridgeTopics } from './topics';

export type { BridgeEvents, BridgeStatus } from './status';

/** Status events at most this often (samples arrive by the thousand). */
const STATUS_EVERY_MS = 250;

export interface MqttBridgeOptions {
  broker: Broker;
  properties: PropertyStore;
  buckets: BucketStore;
  settings: SettingsStore;
  /** Alarm events to publish (the alarm service, through its feed); none: no alarm topics. */
  alarms?: AlarmFeed;
  dataDir: string;
  log?: (level: 'info' | 'warn', message: string) => void;
  random?: () => number;
}

export class MqttBridge {
  readonly events = new Emitter<BridgeEvents>();
  private config: BridgeSettings;
  private readonly link: LinkState = {
    state: 'off',
    connectedSince: null,
    lastError: null,
    retryAt: null,
  };
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private run: BridgeRun | null = null;
  private statusQueued = false;

  constructor(private readonly o: MqttBridgeOptions) {
    this.config = resolveBridgeSettings(o.settings.get<unknown>(BRIDGE_SETTINGS, null));
  }

  /** The settings in use (with the password: the API layer redacts it). */
  get settings(): BridgeSettings {
    return { ...this.config };
  }

  /** Starts the bridge when the stored settings enable it. */
  start(): void {
    if (!this.config.enabled) return;
    const problem = bridgeSettingsProblem(this.config);
    if (problem) return this.misconfigured(problem);
    this.open();
  }

  /** Validates, stores and applies new settings (the bridge restarts when it runs). */
  async update(patch: BridgeSettingsPatch): Promise<BridgeSettings> {
    const next = BridgeSettings.parse({ ...this.config, ...patch });
    if (next.enabled) {
      const problem = bridgeSettingsProblem(next);
      if (problem) throw new RangeError(problem);
    }
    this.o.settings.set(BRIDGE_SETTINGS, next);
    await this.stop();
    this.config = next;
    this.link.lastError = null;
    this.start();
    this.emitStatus();
    return this.settings;
  }

  status(): BridgeStatus {
    return bridgeStatus(this.config, this.link, this.run);
  }

  /** Graceful stop: waits a moment for acknowledgements, keeps the rest on disk. */
  async stop(): Promise<void> {
    const r = this.run;
    if (!r) {
      this.link.state = 'off';
      return;
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await drainBridgeRun(r, this.link.state === 'connected');
    this.link.state = 'off';
    await closeBridgeRun(r);
    this.run = null;
    this.link.connectedSince = null;
    this.emitStatus();
  }

  // Connection ----------------------------------------------------------------------------------

  private open(): void {
    const c = this.config;
    const topics = new BridgeTopics(c.prefix, c.clientId);
    let options;
    try {
      options = clientOptions(c, topics.bridge());
    } catch (e) {
      return this.misconfigured(`cannot read a TLS file: ${(e as Error).message}`);
    }
    this.attempt = 0;
    this.link.state = 'connecting';
    const run = startBridgeRun({
      broker: this.o.broker,
      properties: this.o.properties,
      buckets: this.o.buckets,
      ...(this.o.alarms ? { alarms: this.o.alarms } : {}),
      dataDir: this.o.dataDir,
      config: c,
      topics,
      clientOptions: options,
      log: (level, message) => this.log(level, message),
      onChange: () => this.queueStatus(),
    });
    this.run = run;
    // stop() removes these listeners before it drops `run`, so the handler gets this run.
    run.client.on('connect', () => this.onConnect(run));
    run.client.on('close', () => this.onClose());
    run.client.on('error', (e) => {
      this.link.lastError = e.message;
      this.emitStatus();
    });
    this.emitStatus();
  }

  private misconfigured(problem: string): void {
    this.link.state = 'misconfigured';
    this.link.lastError = problem;
    this.log('warn', `MQTT bridge not started: ${problem}`);
    this.emitStatus();
  }

  private onConnect(run: BridgeRun): void {
    const { client, topics, delivery } = run;
    tuneLink(client.stream);
    this.link.state = 'connected';
    this.attempt = 0;
    this.link.retryAt = null;
    this.link.lastError = null;
    this.link.connectedSince = Date.now();
    this.log('info', `MQTT bridge connected to ${redactUrl(this.config.url)}`);
    client.publish(topics.bridge(), bridgePayload(true), { qos: 1, retain: true });
    if (this.config.commands) {
      client.subscribe(topics.commandFilters(), { qos: 1 }, (err) => {
        if (err) this.log('warn', `MQTT bridge: cannot subscribe to commands: ${err.message}`);
      });
    }
    // MQTT 5 Receive Maximum: the cluster takes at most this many QoS 1/2 messages at once.
    delivery.connected(client, client.serverProperties?.receiveMaximum ?? IN_FLIGHT_WINDOW);
    this.emitStatus();
  }

  private onClose(): void {
    const r = this.run;
    if (!r || this.retryTimer) return;
    if (this.link.state === 'connected')
      this.log(
        'warn',
        `MQTT bridge lost ${redactUrl(this.config.url)}; messages now queue on disk`,
      );
    this.link.state = 'waiting';
    this.link.connectedSince = null;
    r.delivery.disconnected();
    const delay = backoffDelay(
      this.attempt++,
      this.config.reconnectMinMs,
      this.config.reconnectMaxMs,
      this.o.random,
    );
    this.link.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.link.retryAt = null;
      if (this.run !== r) return;
      this.link.state = 'connecting';
      this.emitStatus();
      // The same stores: what the client holds unacknowledged is resent first, in order.
      r.client.reconnect({
        incomingStore: r.client.incomingStore,
        outgoingStore: r.client.outgoingStore,
      });
    }, delay);
    this.emitStatus();
  }

  // Status --------------------------------------------------------------------------------------

  /** Status events at most every STATUS_EVERY_MS. */
  private queueStatus(): void {
    if (this.statusQueued || !this.events.has('status')) return;
    this.statusQueued = true;
    setTimeout(() => {
      this.statusQueued = false;
      this.emitStatus();
    }, STATUS_EVERY_MS).unref();
  }

  private emitStatus(): void {
    this.events.emit('status', this.status());
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.o.log?.(level, message);
  }
}
