/**
 * What happens on site, as messages for the cluster: device presence (retained), one StreamHub
 * consumer per bridged resource (never a second sampling loop), property changes by anyone
 * (retained), bucket writes, and alarm events (retained while the alarm stands).
 */
import type { Broker } from '../broker/Broker';
import { deviceKey } from '../contract/deviceKey';
import type { AlarmEvent, AlarmFeed } from '../core/alarms';
import type { PsonValue } from '../protocol';
import type { DeviceStatus } from '../registry/DeviceRegistry';
import type { BucketStore } from '../serverres/BucketStore';
import type { PropertyStore } from '../serverres/PropertyStore';
import type { Sample } from '../streams/Consumer';
import type { Subscription } from '../streams/StreamHub';
import type { Dispose } from '../util/Emitter';
import {
  alarmPayload,
  bucketPayload,
  offlinePayload,
  onlinePayload,
  propertyPayload,
  samplePayload,
} from './payloads';
import type { BridgeSettings } from './settings';
import { deviceSelected, topicLevelOk, type BridgeTopics } from './topics';

export interface SiteWatchOptions {
  broker: Broker;
  properties: PropertyStore;
  buckets: BucketStore;
  alarms?: AlarmFeed;
  topics: BridgeTopics;
  config: Pick<BridgeSettings, 'devices' | 'resources' | 'intervalMs'>;
  /**
   * Queues a message in the bridge's ordered stream; `payload` is called once, before it returns
   * (so it may read state that changes after).
   */
  publish: (topic: string, payload: (seq: number) => string | null, retain?: boolean) => void;
  log: (level: 'info' | 'warn', message: string) => void;
  onChange: () => void;
}

export class SiteWatch {
  private readonly streams = new Map<string, Subscription>();
  /** Streams whose refusal was logged once (until they stream again). */
  private readonly refused = new Set<string>();
  private disposers: Dispose[] = [];
  private stopped = false;

  constructor(private readonly o: SiteWatchOptions) {}

  /** Streams bridged (device × resource). */
  get streamCount(): number {
    return this.streams.size;
  }

  /** Whether a device is bridged: the settings' patterns, and names that are one topic level. */
  selected(user: string, device: string): boolean {
    return (
      topicLevelOk(user) &&
      topicLevelOk(device) &&
      deviceSelected(this.o.config.devices, user, device)
    );
  }

  start(): void {
    const { broker, properties, buckets, alarms, topics: t, publish } = this.o;
    if (alarms) this.disposers.push(alarms.onAlarm((e) => this.alarmEvent(e)));
    this.disposers.push(
      broker.registry.onOnline((d) => this.deviceOnline(d)),
      broker.registry.onOffline((d) => this.deviceOffline(d)),
      // Whoever changed it: the device, the console, an API token.
      properties.changes.on('change', (p) => {
        if (!this.selected(p.user, p.device) || !topicLevelOk(p.property)) return;
        // A deleted property clears the retained message (an empty retained payload).
        publish(
          t.property(p.user, p.device, p.property),
          (seq) => propertyPayload(seq, p.ts, p.value),
          true,
        );
      }),
      buckets.writes.on('write', (b) => {
        if (!this.selected(b.user, b.device) || !topicLevelOk(b.bucket)) return;
        publish(t.bucket(b.user, b.device, b.bucket), (seq) => bucketPayload(seq, b.ts, b.data));
      }),
    );
    for (const d of broker.registry.list()) {
      if (d.online) this.deviceOnline(d);
      else this.deviceOffline(d);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const d of this.disposers) d();
    this.disposers = [];
    for (const s of this.streams.values()) s.close();
    this.streams.clear();
    this.refused.clear();
  }

  private deviceOnline(d: DeviceStatus): void {
    if (!this.selected(d.user, d.device)) return;
    this.o.publish(this.o.topics.status(d.user, d.device), (seq) => onlinePayload(seq, d), true);
    void this.bridgeStreams(d.user, d.device);
  }

  private deviceOffline(d: DeviceStatus): void {
    if (!this.selected(d.user, d.device)) return;
    this.o.publish(this.o.topics.status(d.user, d.device), (seq) => offlinePayload(seq, d), true);
  }

  /**
   * An alarm's event on `…/$alarm/<rule>`, retained: a consumer that arrives later learns the
   * alarms standing now. When it leaves the list (cleared) the event goes out, then an empty
   * retained payload removes the standing state.
   */
  private alarmEvent(e: AlarmEvent): void {
    const a = e.alarm;
    if (!this.selected(a.user, a.device) || !topicLevelOk(a.rule)) return;
    const topic = this.o.topics.alarm(a.user, a.device, a.rule);
    const cleared = e.type === 'cleared';
    this.o.publish(topic, (seq) => alarmPayload(seq, e), !cleared);
    if (cleared) this.o.publish(topic, () => null, true);
  }

  /** One StreamHub consumer per selected resource; the hub restarts it after reconnects. */
  private async bridgeStreams(user: string, device: string): Promise<void> {
    const { config, broker, log } = this.o;
    const wanted = new Set(config.resources.filter((r) => r !== '*'));
    if (config.resources.includes('*')) {
      try {
        const reply = await broker.describe(user, device);
        const described = reply.ok ? reply.payload : undefined;
        if (described && typeof described === 'object' && !Array.isArray(described)) {
          for (const [name, spec] of Object.entries(described as Record<string, PsonValue>)) {
            const fn = (spec as Record<string, PsonValue> | null)?.fn;
            // fn 1 runs without output (IOTMP.md §7.2): nothing to stream.
            if (fn !== 1) wanted.add(name);
          }
        }
      } catch (e) {
        log('warn', `MQTT bridge: cannot describe ${user}/${device}: ${(e as Error).message}`);
      }
    }
    if (this.stopped) return;
    for (const resource of wanted) {
      const key = `${deviceKey(user, device)}\u0000${resource}`;
      if (this.streams.has(key) || !topicLevelOk(resource)) continue;
      const topic = this.o.topics.sample(user, device, resource);
      // One record per stream, reused for every sample (the delivery reads it at once, while
      // queueing): no closure per sample on the hot path.
      let last: Sample | null = null;
      const payload = (seq: number): string | null =>
        last && samplePayload(seq, last.time, last.payload);
      const sub = broker.subscribe(user, device, resource, {
        intervalMs: config.intervalMs,
        onSample: (s) => {
          last = s;
          this.o.publish(topic, payload);
          last = null;
        },
        onStatus: (st) => {
          if (st.state === 'error' && !this.refused.has(key)) {
            this.refused.add(key);
            log('info', `MQTT bridge: ${user}/${device} ${resource}: ${st.reason}`);
          } else if (st.state === 'streaming') this.refused.delete(key);
        },
      });
      this.streams.set(key, sub);
    }
    this.o.onChange();
  }
}
