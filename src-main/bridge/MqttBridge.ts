/**
 * The MQTT bridge: publishes what happens on site (device presence, stream samples, property
 * changes, bucket writes, alarm events) to an existing MQTT cluster, and runs commands from it
 * on the devices. The local broker stays the source of truth; the cluster gets a copy.
 *
 * This class holds the settings and the connection's life (connect, back-off, graceful stop);
 * the parts are named after what they do: SiteWatch (what happens on site, as messages),
 * Delivery (the one ordered stream: memory, then the Outbox on disk), CommandRunner (…/set and
 * …/run), payloads and topics (the documented layout), clientOptions (the MQTT session).
 */
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Broker } from '../broker/Broker';
import type { AlarmFeed } from '../core/alarms';
import type { BucketStore } from '../serverres/BucketStore';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { SettingsStore } from '../store/SettingsStore';
import { Emitter } from '../util/Emitter';
import { backoffDelay } from './backoff';
import { clientOptions, redactUrl } from './clientOptions';
import { tuneLink } from './coalescedWrites';
import { CommandRunner } from './commands';
import { Delivery, IN_FLIGHT_WINDOW } from './Delivery';
import { Outbox } from './Outbox';
import { bridgePayload } from './payloads';
import {
  BRIDGE_SETTINGS,
  BridgeSettings,
  bridgeSettingsProblem,
  resolveBridgeSettings,
  type BridgeSettingsPatch,
} from './settings';
import { SiteWatch } from './SiteWatch';
import { BridgeTopics } from './topics';

/** How long a graceful stop waits for unacknowledged messages (the rest stay on disk). */
const STOP_DRAIN_MS = 2000;
/** The queue file in the data folder. */
const OUTBOX_FILE = 'bridge-outbox.sqlite';

export type BridgeState = 'off' | 'connecting' | 'connected' | 'waiting' | 'misconfigured';

export interface BridgeStatus {
  state: BridgeState;
  url: string;
  clientId: string;
  prefix: string;
  /** Messages waiting for the cluster (on disk, or handed to the client unacknowledged). */
  queued: number;
  /** Messages dropped because the queue was full (since the queue file was created). */
  dropped: number;
  /** Messages the cluster acknowledged since the bridge started. */
  published: number;
  /** Sequence number of the newest message (each message's `seq`; 0: none yet). */
  sequence: number;
  /** Streams bridged (device × resource). */
  streams: number;
  commandsRun: number;
  commandsFailed: number;
  connectedSince: number | null;
  /** Why the last attempt failed or the link dropped. */
  lastError: string | null;
  /** When state is 'waiting': ms until the next attempt. */
  retryInMs: number | null;
}

export interface BridgeEvents extends Record<string, unknown> {
  status: BridgeStatus;
}

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

/** What runs while the bridge is on (from start to stop). */
interface Running {
  client: MqttClient;
  topics: BridgeTopics;
  delivery: Delivery;
  site: SiteWatch;
  commands: CommandRunner;
}

export class MqttBridge {
  readonly events = new Emitter<BridgeEvents>();
  private config: BridgeSettings;
  private state: BridgeState = 'off';
  private lastError: string | null = null;
  private connectedSince: number | null = null;
  private retryAt: number | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private run: Running | null = null;
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
    this.lastError = null;
    this.start();
    this.emitStatus();
    return this.settings;
  }

  status(): BridgeStatus {
    const r = this.run;
    return {
      state: this.state,
      url: redactUrl(this.config.url),
      clientId: this.config.clientId,
      prefix: this.config.prefix,
      queued: r?.delivery.queued ?? 0,
      dropped: r?.delivery.dropped ?? 0,
      published: r?.delivery.published ?? 0,
      sequence: r?.delivery.sequence ?? 0,
      streams: r?.site.streamCount ?? 0,
      commandsRun: r?.commands.run ?? 0,
      commandsFailed: r?.commands.failed ?? 0,
      connectedSince: this.connectedSince,
      lastError: this.lastError,
      retryInMs:
        this.state === 'waiting' && this.retryAt !== null
          ? Math.max(0, this.retryAt - Date.now())
          : null,
    };
  }

  /** Graceful stop: waits a moment for acknowledgements, keeps the rest on disk. */
  async stop(): Promise<void> {
    const r = this.run;
    if (!r) {
      this.state = 'off';
      return;
    }
    r.site.stop();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.state === 'connected') {
      const deadline = Date.now() + STOP_DRAIN_MS;
      while (r.delivery.pending && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.race([
        r.client.publishAsync(r.topics.bridge(), bridgePayload(false, 'bridge stopped'), {
          qos: 1,
          retain: true,
        }),
        new Promise((resolve) => setTimeout(resolve, 500)),
      ]).catch(() => {});
    }
    this.state = 'off';
    // Whatever the client still holds is kept for the next start (at least once).
    r.delivery.close();
    r.client.removeAllListeners();
    r.client.on('error', () => {});
    await r.client.endAsync(true).catch(() => {});
    this.run = null;
    this.connectedSince = null;
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
    const log = (level: 'info' | 'warn', message: string): void => this.log(level, message);
    const onChange = (): void => this.queueStatus();
    const delivery = new Delivery(
      Outbox.open(join(this.o.dataDir, OUTBOX_FILE), c.queueMaxMessages),
      {
        qos: c.qos,
        protocolVersion: c.protocolVersion,
        log,
        onChange,
      },
    );
    const publish = delivery.enqueue.bind(delivery);
    const site = new SiteWatch({
      broker: this.o.broker,
      properties: this.o.properties,
      buckets: this.o.buckets,
      ...(this.o.alarms ? { alarms: this.o.alarms } : {}),
      topics,
      config: c,
      publish,
      log,
      onChange,
    });
    const commands = new CommandRunner({
      broker: this.o.broker,
      topics,
      selected: (user, device) => site.selected(user, device),
      reply: (topic, payload, correlation) => publish(topic, payload, false, correlation),
      onChange,
    });
    this.attempt = 0;
    this.state = 'connecting';
    const client = mqtt.connect(c.url, options);
    const run: Running = { client, topics, delivery, site, commands };
    this.run = run;
    // stop() removes these listeners before it drops `run`, so the handler gets this run.
    client.on('connect', () => this.onConnect(run));
    client.on('close', () => this.onClose());
    client.on('error', (e) => {
      this.lastError = e.message;
      this.emitStatus();
    });
    client.on('message', (topic, payload, packet) => {
      if (this.config.commands) commands.handle(topic, payload, packet);
    });
    site.start();
    this.emitStatus();
  }

  private misconfigured(problem: string): void {
    this.state = 'misconfigured';
    this.lastError = problem;
    this.log('warn', `MQTT bridge not started: ${problem}`);
    this.emitStatus();
  }

  private onConnect(run: Running): void {
    const { client, topics, delivery } = run;
    tuneLink(client.stream);
    this.state = 'connected';
    this.attempt = 0;
    this.retryAt = null;
    this.lastError = null;
    this.connectedSince = Date.now();
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
    if (this.state === 'connected')
      this.log(
        'warn',
        `MQTT bridge lost ${redactUrl(this.config.url)}; messages now queue on disk`,
      );
    this.state = 'waiting';
    this.connectedSince = null;
    r.delivery.disconnected();
    const delay = backoffDelay(
      this.attempt++,
      this.config.reconnectMinMs,
      this.config.reconnectMaxMs,
      this.o.random,
    );
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      if (this.run !== r) return;
      this.state = 'connecting';
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

  /** Status events at most every 250 ms (samples arrive by the thousand). */
  private queueStatus(): void {
    if (this.statusQueued || !this.events.has('status')) return;
    this.statusQueued = true;
    setTimeout(() => {
      this.statusQueued = false;
      this.emitStatus();
    }, 250).unref();
  }

  private emitStatus(): void {
    this.events.emit('status', this.status());
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.o.log?.(level, message);
  }
}
