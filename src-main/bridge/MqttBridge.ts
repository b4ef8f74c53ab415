/**
 * The MQTT bridge: publishes what happens on site (device presence, stream samples, property
 * changes, bucket writes, alarm events) to an existing MQTT cluster, and runs commands from it on the devices.
 * The local broker stays the source of truth; the cluster gets a copy.
 *
 * Delivery: one ordered stream of messages, each with a sequence number. While connected and
 * nothing is waiting on disk, a message waits in memory (at most MEMORY_QUEUE) and is handed to
 * the MQTT client with the others of its event-loop turn (at most IN_FLIGHT_WINDOW
 * unacknowledged); otherwise it is appended to the Outbox (SQLite) and sent from there in order.
 * Messages the client holds unacknowledged when the link drops are resent by it (mqtt.js keeps
 * its outgoing store across our reconnect) before anything newer, so order holds; QoS 1 or 2
 * loses nothing within the queue bound (QoS 0 may lose what was on the wire when the link broke).
 * Samples come from the broker's StreamHub as one more consumer, never a second sampling loop.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, {
  type IClientOptions,
  type IClientPublishOptions,
  type IPublishPacket,
  type MqttClient,
} from 'mqtt';
import type { Broker } from '../broker/Broker';
import type { AlarmEvent, AlarmFeed } from '../core/alarms';
import { BrokerError } from '../broker/errors';
import { psonFromJson, psonToJson, psonToJsonText, type Json, type PsonValue } from '../protocol';
import type { DeviceStatus } from '../registry/DeviceRegistry';
import type { BucketStore } from '../serverres/BucketStore';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { SettingsStore } from '../store/SettingsStore';
import type { Subscription } from '../streams/StreamHub';
import { Emitter, type Dispose } from '../util/Emitter';
import { Outbox, type OutMessage } from './Outbox';
import {
  BRIDGE_SETTINGS,
  BridgeSettings,
  bridgeSettingsProblem,
  resolveBridgeSettings,
  type BridgeSettingsPatch,
} from './settings';
import { BridgeTopics, deviceSelected, topicLevelOk, type CommandVerb } from './topics';

/** Messages handed to the MQTT client and not yet acknowledged, at most. */
export const IN_FLIGHT_WINDOW = 4096;
/**
 * Messages waiting in memory for room in that window while the link is up (about 0.4 s of a
 * 10,000 samples/s site): a cluster that is merely slow to acknowledge costs no disk writes.
 * Past it, and whenever the link is down, messages wait on disk.
 */
export const MEMORY_QUEUE = 4096;
/** Commands from the cluster running on devices at once; more are answered "busy". */
export const MAX_PENDING_COMMANDS = 64;
/** Largest command payload taken (JSON text): inputs, not file uploads. */
export const MAX_COMMAND_BYTES = 64 * 1024;
/** How long a graceful stop waits for unacknowledged messages (the rest stay on disk). */
export const STOP_DRAIN_MS = 2000;
/** The queue file in the data folder. */
export const OUTBOX_FILE = 'bridge-outbox.sqlite';

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

interface InFlight {
  message: OutMessage;
  onDisk: boolean;
}

/** Reconnect delay before attempt `attempt` (0-based): doubling, capped, 80–100 % jitter. */
export function backoffDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.2 * random()));
}

const json = (v: unknown): string => JSON.stringify(v);

/** A sample's payload, written directly (the hot path: one per sample). */
const samplePayload = (seq: number, ts: number, value: PsonValue): string =>
  `{"seq":${seq},"ts":${ts},"value":${psonToJsonText(value)}}`;

/** Publish options by QoS and retain, built once (mqtt.js copies them, never changes them). */
const PUBLISH_OPTIONS: readonly (readonly [IClientPublishOptions, IClientPublishOptions])[] = (
  [0, 1, 2] as const
).map((qos) => [
  { qos, retain: false },
  { qos, retain: true },
]);

/** mqtt.js logs through `debug` on every packet; quiet unless DEBUG asks for it. */
const mqttLog = (): IClientOptions =>
  /mqttjs/.test(process.env.DEBUG ?? '') ? {} : { log: () => {} };

export class MqttBridge {
  readonly events = new Emitter<BridgeEvents>();
  private config: BridgeSettings;
  private state: BridgeState = 'off';
  private lastError: string | null = null;
  private connectedSince: number | null = null;
  private retryAt: number | null = null;

  private client: MqttClient | null = null;
  private outbox: Outbox | null = null;
  private topics: BridgeTopics | null = null;
  private readonly inFlight = new Map<number, InFlight>();
  /** How many of `inFlight` came from disk (kept, not counted per message: samples are many). */
  private diskInFlight = 0;
  /** Unacknowledged messages allowed: ours, or less when the cluster's CONNACK says so (MQTT 5). */
  private window = IN_FLIGHT_WINDOW;
  /** Highest seq read from disk and handed to the client. */
  private handedUpTo = 0;
  /**
   * New messages for the client, in memory while the link is up (at most MEMORY_QUEUE), handed to
   * it together once per event-loop turn (one socket write for all the samples of that turn, not
   * one per sample) as the in-flight window allows. Never at the same time as a disk backlog.
   */
  private ready: OutMessage[] = [];
  private readyFlush: NodeJS.Immediate | null = null;
  /** New messages waiting to be written to disk (in order, after what is there). */
  private staging: OutMessage[] = [];
  /** Disk messages acknowledged, to delete in the next batch. */
  private acked: number[] = [];
  private diskWork: NodeJS.Immediate | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private published = 0;
  private commandsRun = 0;
  private commandsFailed = 0;
  private pendingCommands = 0;
  private readonly streams = new Map<string, Subscription>();
  private readonly refused = new Set<string>();
  private disposers: Dispose[] = [];
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
    if (problem) {
      this.state = 'misconfigured';
      this.lastError = problem;
      this.log('warn', `MQTT bridge not started: ${problem}`);
      this.emitStatus();
      return;
    }
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
    const queued =
      (this.outbox?.size ?? 0) + this.ready.length + this.staging.length + this.memoryInFlight();
    return {
      state: this.state,
      url: redactUrl(this.config.url),
      clientId: this.config.clientId,
      prefix: this.config.prefix,
      queued,
      dropped: this.outbox?.dropped ?? 0,
      published: this.published,
      sequence: this.outbox?.lastSeq ?? 0,
      streams: this.streams.size,
      commandsRun: this.commandsRun,
      commandsFailed: this.commandsFailed,
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
    if (!this.outbox) {
      this.state = 'off';
      return;
    }
    for (const d of this.disposers) d();
    this.disposers = [];
    for (const s of this.streams.values()) s.close();
    this.streams.clear();
    this.refused.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client!;
    if (this.state === 'connected') {
      const deadline = Date.now() + STOP_DRAIN_MS;
      while ((this.inFlight.size > 0 || this.ready.length > 0) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      await Promise.race([
        client.publishAsync(
          this.topics!.bridge(),
          json({ online: false, reason: 'bridge stopped', ts: Date.now() }),
          { qos: 1, retain: true },
        ),
        new Promise((r) => setTimeout(r, 500)),
      ]).catch(() => {});
    }
    this.state = 'off';
    // Whatever the client still holds is kept for the next start (at least once).
    const held = [...this.inFlight.values()].filter((f) => !f.onDisk).map((f) => f.message);
    this.inFlight.clear();
    this.diskInFlight = 0;
    if (this.diskWork) clearImmediate(this.diskWork);
    this.diskWork = null;
    if (this.readyFlush) clearImmediate(this.readyFlush);
    this.readyFlush = null;
    this.outbox.append(
      [...held, ...this.ready, ...this.staging].sort((a, b) => a.seq - b.seq),
      0,
    );
    this.outbox.remove(this.acked);
    this.ready = [];
    this.staging = [];
    this.acked = [];
    client.removeAllListeners();
    client.on('error', () => {});
    await client.endAsync(true).catch(() => {});
    this.client = null;
    this.outbox.close();
    this.outbox = null;
    this.connectedSince = null;
    this.emitStatus();
  }

  // Connection ----------------------------------------------------------------------------------

  private open(): void {
    const c = this.config;
    this.topics = new BridgeTopics(c.prefix, c.clientId);
    this.outbox = Outbox.open(join(this.o.dataDir, OUTBOX_FILE), c.queueMaxMessages);
    this.handedUpTo = 0;
    this.attempt = 0;
    this.published = 0;
    const options: IClientOptions = {
      clientId: c.clientId,
      protocolVersion: c.protocolVersion,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      // Reconnects are ours (back-off); mqtt.js's fixed period would hammer a cluster that is down.
      reconnectPeriod: 0,
      // A PINGREQ every keep-alive period, instead of re-arming a timer on every PUBACK.
      reschedulePings: false,
      ...mqttLog(),
      queueQoSZero: false,
      will: {
        topic: this.topics.bridge(),
        payload: json({ online: false, reason: 'connection lost' }),
        qos: 1,
        retain: true,
      },
      ...(c.username ? { username: c.username } : {}),
      ...(c.password ? { password: c.password } : {}),
    };
    try {
      if (c.caFile) options.ca = readFileSync(c.caFile);
      if (c.certFile) options.cert = readFileSync(c.certFile);
      if (c.keyFile) options.key = readFileSync(c.keyFile);
    } catch (e) {
      this.state = 'misconfigured';
      this.lastError = `cannot read a TLS file: ${(e as Error).message}`;
      this.log('warn', `MQTT bridge not started: ${this.lastError}`);
      this.outbox.close();
      this.outbox = null;
      this.emitStatus();
      return;
    }
    this.state = 'connecting';
    const client = mqtt.connect(c.url, options);
    this.client = client;
    client.on('connect', () => this.onConnect());
    client.on('close', () => this.onClose());
    client.on('error', (e) => {
      this.lastError = e.message;
      this.emitStatus();
    });
    client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet));
    this.watchSite();
    this.emitStatus();
  }

  private onConnect(): void {
    const client = this.client!;
    // Samples are small and latency counts: no Nagle delay on the link (TCP and TLS sockets).
    (client.stream as { setNoDelay?: (on: boolean) => void } | undefined)?.setNoDelay?.(true);
    // MQTT 5 Receive Maximum: the cluster takes at most this many QoS 1/2 messages at once.
    this.window = Math.max(
      1,
      Math.min(IN_FLIGHT_WINDOW, client.serverProperties?.receiveMaximum ?? IN_FLIGHT_WINDOW),
    );
    this.state = 'connected';
    this.attempt = 0;
    this.retryAt = null;
    this.lastError = null;
    this.connectedSince = Date.now();
    this.log('info', `MQTT bridge connected to ${redactUrl(this.config.url)}`);
    client.publish(this.topics!.bridge(), json({ online: true, ts: Date.now() }), {
      qos: 1,
      retain: true,
    });
    if (this.config.commands) {
      client.subscribe(this.topics!.commandFilters(), { qos: 1 }, (err) => {
        if (err) this.log('warn', `MQTT bridge: cannot subscribe to commands: ${err.message}`);
      });
    }
    this.pump();
    this.emitStatus();
  }

  private onClose(): void {
    if (!this.client || this.retryTimer) return;
    if (this.state === 'connected')
      this.log(
        'warn',
        `MQTT bridge lost ${redactUrl(this.config.url)}; messages now queue on disk`,
      );
    this.state = 'waiting';
    this.connectedSince = null;
    this.spillReady(); // what waited in memory goes to disk, ahead of what comes next
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
      const client = this.client;
      if (!client) return;
      this.state = 'connecting';
      this.emitStatus();
      // The same stores: what the client holds unacknowledged is resent first, in order.
      client.reconnect({
        incomingStore: client.incomingStore,
        outgoingStore: client.outgoingStore,
      });
    }, delay);
    this.emitStatus();
  }

  // Publishing ----------------------------------------------------------------------------------

  /**
   * Queues one message of the ordered stream; `payload` gets its sequence number and returns the
   * JSON text (null: an empty payload).
   */
  private enqueue(
    topic: string,
    payload: (seq: number) => string | null,
    retain = false,
    correlationData?: Buffer,
  ): void {
    const outbox = this.outbox;
    if (!outbox) return;
    const seq = outbox.nextSeq();
    const message: OutMessage = {
      seq,
      topic,
      payload: payload(seq) ?? '',
      qos: this.config.qos,
      retain,
    };
    if (correlationData) message.correlationData = correlationData;
    if (this.state === 'connected' && this.staging.length === 0 && this.diskBacklog() === 0) {
      if (this.ready.length < MEMORY_QUEUE) {
        this.ready.push(message);
        this.scheduleReady();
        return;
      }
      this.spillReady(); // the cluster is not keeping up: from now on, through the disk
    }
    this.staging.push(message);
    this.scheduleDiskWork();
  }

  private scheduleReady(): void {
    this.readyFlush ??= setImmediate(() => {
      this.readyFlush = null;
      this.sendReady();
    });
  }

  /** Hands waiting memory messages to the client, oldest first, while the window has room. */
  private sendReady(): void {
    if (this.state !== 'connected') {
      if (this.ready.length > 0) this.spillReady();
      return;
    }
    const ready = this.ready;
    let i = 0;
    while (i < ready.length && this.inFlight.size < this.window) this.send(ready[i++]!, false);
    if (i === ready.length) this.ready = [];
    else if (i > 0) this.ready = ready.slice(i);
  }

  /** Memory messages to disk, ahead of what is staged (they are older). */
  private spillReady(): void {
    if (this.ready.length === 0) return;
    this.staging = this.ready.concat(this.staging);
    this.ready = [];
    this.scheduleDiskWork();
  }

  /** Disk messages not handed to the client yet. */
  private diskBacklog(): number {
    return (this.outbox?.size ?? 0) - this.diskInFlight - this.acked.length;
  }

  private memoryInFlight(): number {
    return this.inFlight.size - this.diskInFlight;
  }

  private send(message: OutMessage, onDisk: boolean): void {
    const client = this.client!;
    this.inFlight.set(message.seq, { message, onDisk });
    if (onDisk) this.diskInFlight++;
    client.publish(
      message.topic,
      message.payload,
      message.correlationData && this.config.protocolVersion === 5
        ? {
            qos: message.qos,
            retain: message.retain,
            properties: { correlationData: message.correlationData },
          }
        : PUBLISH_OPTIONS[message.qos]![message.retain ? 1 : 0],
      (err) => {
        if (this.client !== client || !this.inFlight.has(message.seq)) return;
        if (err) {
          // Not sent (QoS 0 when the link broke): back on disk, read again on the next pump.
          this.inFlight.delete(message.seq);
          if (onDisk) this.diskInFlight--;
          else this.outbox!.append([message], Number.MAX_SAFE_INTEGER);
          this.handedUpTo = Math.min(this.handedUpTo, message.seq - 1);
          return;
        }
        this.inFlight.delete(message.seq);
        if (onDisk) this.diskInFlight--;
        this.published++;
        this.queueStatus();
        if (onDisk) {
          this.acked.push(message.seq);
          this.scheduleDiskWork();
        } else if (this.ready.length > 0) this.scheduleReady();
        else if (this.staging.length > 0 || this.diskBacklog() > 0) this.scheduleDiskWork();
      },
    );
  }

  private scheduleDiskWork(): void {
    if (this.diskWork) return;
    this.diskWork = setImmediate(() => {
      this.diskWork = null;
      this.flushToDisk();
      this.pump();
      this.queueStatus();
    });
  }

  /** Writes staged messages and deletes acknowledged ones, one transaction each. */
  private flushToDisk(): void {
    const outbox = this.outbox;
    if (!outbox) return;
    if (this.staging.length > 0) {
      const dropped = outbox.append(this.staging, this.handedUpTo);
      this.staging = [];
      if (dropped > 0)
        this.log(
          'warn',
          `MQTT bridge queue full (${outbox.bound} messages): dropped the ${dropped} oldest`,
        );
    }
    outbox.remove(this.acked);
    this.acked = [];
  }

  /** Sends from disk, oldest first, while connected and the window has room. */
  private pump(): void {
    if (this.state !== 'connected' || !this.outbox) return;
    if (this.ready.length > 0) {
      // Memory first when nothing older is on disk; otherwise keep one order, through the disk.
      if (this.staging.length === 0 && this.diskBacklog() === 0) return this.sendReady();
      this.spillReady();
    }
    if (this.staging.length > 0) this.flushToDisk();
    while (this.inFlight.size < this.window) {
      const rows = this.outbox.after(this.handedUpTo, this.window - this.inFlight.size);
      if (rows.length === 0) break;
      for (const r of rows) {
        this.handedUpTo = r.seq;
        if (!this.inFlight.has(r.seq)) this.send(r, true);
      }
      if (this.state !== 'connected') break;
    }
  }

  // What happens on site ------------------------------------------------------------------------

  private selected(user: string, device: string): boolean {
    return (
      topicLevelOk(user) &&
      topicLevelOk(device) &&
      deviceSelected(this.config.devices, user, device)
    );
  }

  private watchSite(): void {
    const { broker, properties, buckets, alarms } = this.o;
    const t = this.topics!;
    if (alarms) this.disposers.push(alarms.onAlarm((e) => this.alarmEvent(e)));
    this.disposers.push(
      broker.registry.onOnline((d) => this.deviceOnline(d)),
      broker.registry.onOffline((d) => {
        if (!this.selected(d.user, d.device)) return;
        this.enqueue(
          t.status(d.user, d.device),
          (seq) => json({ seq, online: false, ts: Date.now(), reason: d.lastDisconnectReason }),
          true,
        );
      }),
      // Whoever changed it: the device, the console, an API token.
      properties.changes.on('change', (p) => {
        if (!this.selected(p.user, p.device) || !topicLevelOk(p.property)) return;
        this.enqueue(
          t.property(p.user, p.device, p.property),
          // A deleted property clears the retained message (an empty retained payload).
          (seq) => (p.value === null ? null : json({ seq, ts: p.ts, value: psonToJson(p.value) })),
          true,
        );
      }),
      buckets.writes.on('write', (b) => {
        if (!this.selected(b.user, b.device) || !topicLevelOk(b.bucket)) return;
        this.enqueue(t.bucket(b.user, b.device, b.bucket), (seq) =>
          json({ seq, ts: b.ts, data: psonToJson(b.data) }),
        );
      }),
    );
    for (const d of broker.registry.list()) {
      if (d.online) this.deviceOnline(d);
      else if (this.selected(d.user, d.device))
        this.enqueue(
          t.status(d.user, d.device),
          (seq) => json({ seq, online: false, ts: Date.now(), reason: d.lastDisconnectReason }),
          true,
        );
    }
  }

  private deviceOnline(d: DeviceStatus): void {
    if (!this.selected(d.user, d.device)) return;
    this.enqueue(
      this.topics!.status(d.user, d.device),
      (seq) => json({ seq, online: true, ts: Date.now(), transport: d.transport }),
      true,
    );
    void this.bridgeStreams(d.user, d.device);
  }

  /**
   * An alarm's event on `…/$alarm/<rule>`, retained: a consumer that arrives later learns the
   * alarms standing now. When it leaves the list (cleared) the event goes out, then an empty
   * retained payload removes the standing state.
   */
  private alarmEvent(e: AlarmEvent): void {
    const a = e.alarm;
    if (!this.selected(a.user, a.device) || !topicLevelOk(a.rule)) return;
    const topic = this.topics!.alarm(a.user, a.device, a.rule);
    const cleared = e.type === 'cleared';
    this.enqueue(
      topic,
      (seq) => json({ seq, ts: e.ts, event: e.type, ...(e.by ? { by: e.by } : {}), alarm: a }),
      !cleared,
    );
    if (cleared) this.enqueue(topic, () => null, true);
  }

  /** One StreamHub consumer per selected resource; the hub restarts it after reconnects. */
  private async bridgeStreams(user: string, device: string): Promise<void> {
    const wanted = new Set(this.config.resources.filter((r) => r !== '*'));
    if (this.config.resources.includes('*')) {
      try {
        const reply = await this.o.broker.describe(user, device);
        const described = reply.ok ? reply.payload : undefined;
        if (described && typeof described === 'object' && !Array.isArray(described)) {
          for (const [name, spec] of Object.entries(described as Record<string, PsonValue>)) {
            const fn = (spec as Record<string, PsonValue> | null)?.fn;
            // fn 1 runs without output (IOTMP.md §7.2): nothing to stream.
            if (fn !== 1) wanted.add(name);
          }
        }
      } catch (e) {
        this.log('warn', `MQTT bridge: cannot describe ${user}/${device}: ${(e as Error).message}`);
      }
    }
    if (!this.outbox) return;
    const t = this.topics!;
    for (const resource of wanted) {
      const key = `${user}/${device}\u0000${resource}`;
      if (this.streams.has(key) || !topicLevelOk(resource)) continue;
      const topic = t.sample(user, device, resource);
      const sub = this.o.broker.subscribe(user, device, resource, {
        intervalMs: this.config.intervalMs,
        onSample: (s) => {
          this.enqueue(topic, (seq) => samplePayload(seq, s.time, s.payload));
        },
        onStatus: (st) => {
          if (st.state === 'error' && !this.refused.has(key)) {
            this.refused.add(key);
            this.log('info', `MQTT bridge: ${user}/${device} ${resource}: ${st.reason}`);
          } else if (st.state === 'streaming') this.refused.delete(key);
        },
      });
      this.streams.set(key, sub);
    }
    this.queueStatus();
  }

  // Commands ------------------------------------------------------------------------------------

  private onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const t = this.topics;
    if (!t || !this.config.commands) return;
    const cmd = t.parseCommand(topic);
    if (!cmd || !this.selected(cmd.user, cmd.device)) return;
    const responseTopic = packet.properties?.responseTopic;
    const correlation = packet.properties?.correlationData;
    const replyTopic =
      responseTopic && !/[+#]/.test(responseTopic)
        ? responseTopic
        : t.reply(cmd.user, cmd.device, cmd.resource);
    const answer = (body: Record<string, unknown>): void =>
      this.enqueue(
        replyTopic,
        (seq) => json({ seq, ts: Date.now(), command: cmd.verb, ...body }),
        false,
        correlation,
      );
    if (this.pendingCommands >= MAX_PENDING_COMMANDS) {
      this.commandsFailed++;
      answer({ ok: false, error: `busy: ${MAX_PENDING_COMMANDS} commands already running` });
      return;
    }
    let input: PsonValue | undefined;
    try {
      input = parseInput(cmd.verb, payload);
    } catch (e) {
      this.commandsFailed++;
      answer({ ok: false, error: (e as Error).message });
      return;
    }
    this.pendingCommands++;
    this.o.broker
      .run(cmd.user, cmd.device, cmd.resource, input)
      .then(
        (reply) => {
          if (reply.ok) this.commandsRun++;
          else this.commandsFailed++;
          answer({
            ok: reply.ok,
            ...(reply.code !== undefined ? { code: psonToJson(reply.code) } : {}),
            ...(reply.payload !== undefined ? { payload: psonToJson(reply.payload) } : {}),
          });
        },
        (e: unknown) => {
          this.commandsFailed++;
          answer({
            ok: false,
            error: (e as Error).message,
            ...(e instanceof BrokerError ? { code: e.code } : {}),
          });
        },
      )
      .finally(() => {
        this.pendingCommands--;
        this.queueStatus();
      });
  }

  // Status --------------------------------------------------------------------------------------

  /** Status events at most once per tick (samples arrive by the thousand). */
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

/** A command's input: `set` needs a JSON payload, `run` takes one or nothing. */
function parseInput(verb: CommandVerb, payload: Buffer): PsonValue | undefined {
  if (payload.length > MAX_COMMAND_BYTES)
    throw new RangeError(`payload over ${MAX_COMMAND_BYTES} bytes`);
  const text = payload.toString('utf8').trim();
  if (text === '') {
    if (verb === 'set') throw new RangeError('set needs a JSON payload (the input)');
    return undefined;
  }
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    throw new RangeError('the payload is not JSON');
  }
  return psonFromJson(value);
}

/** The URL without credentials a user may have put in it. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
