/**
 * Serves many consumers (UI charts, API WebSockets, recorders) from one device stream per
 * resource (IOTMP.md §8.6): the device samples at the GCD of the consumers' intervals, each
 * consumer receives samples at its own rate, the upstream stops with the last consumer and is
 * started again after the device reconnects. Each consumer has a bounded queue: a slow consumer
 * loses its oldest samples (counted), never the broker's memory.
 */
import type { PsonValue } from '../protocol';
import type { Reply } from '../core/reply';
import type { StreamEnd } from '../core/streamEnd';
import type { Scheduler } from '../core/scheduler';
import {
  Consumer,
  type ConsumerOptions,
  type Sample,
  type StreamStatus,
  type Subscription,
} from './Consumer';
import { Channel, quantize, Upstream, type ChannelOwner } from './Channel';
import { InMemoryBareIntervals, type BareIntervalMemory } from './BareIntervalMemory';

/** §8.1 (recommendation): a periodic stream that only produced its first sample after
 * 2 × interval + this margin is restarted with the bare-number interval (IOTMP-Embedded 1.0.1). */
const BARE_INTERVAL_FALLBACK_MARGIN_MS = 2000;

/** What the hub needs from a connected device (a `Session`). */
export interface StreamTarget {
  openStream(
    resource: string,
    options: { intervalMs?: number; bareInterval?: boolean },
    /** Receives the stream's items and its end, with the stream id (the channel: see Channel). */
    stream: { item(payload: PsonValue, id: number): void; end(end: StreamEnd, id: number): void },
  ): Promise<{ id: number; reply: Reply }>;
  stopStream(id: number): Promise<Reply>;
}

export type { ConsumerOptions, Sample, StreamStatus, Subscription } from './Consumer';

export class StreamHub implements ChannelOwner {
  private readonly channels = new Map<string, Channel>();
  constructor(
    private readonly scheduler: Scheduler,
    private readonly wallNow: () => number,
    private readonly target: (key: string) => StreamTarget | undefined,
    private readonly log: (message: string) => void = () => {},
    /** Devices that only understand the bare-number interval (learnt by the fallback). */
    private readonly bareIntervals: BareIntervalMemory = new InMemoryBareIntervals(),
  ) {}

  subscribe(key: string, resource: string, options: ConsumerOptions): Subscription {
    const id = `${key}\u0000${resource}`;
    let ch = this.channels.get(id);
    if (!ch) this.channels.set(id, (ch = new Channel(key, resource, this)));
    const channel = ch;
    const consumer = new Consumer(
      options,
      quantize(options.intervalMs),
      (c) => {
        channel.remove(c);
        this.reconcile(channel);
      },
      () => channel.readiness(),
    );
    channel.add(consumer);
    channel.failed = null; // a new consumer is a reason to ask the device again
    // §8.6 step 7: a newcomer gets the current value at once when the upstream already runs.
    if (channel.last && (channel.periodic || channel.event)) {
      consumer.lastSentAt = this.scheduler.now();
      consumer.offer(channel.last);
    }
    this.reconcile(channel);
    return consumer;
  }

  /** §8.6 step 8: after a reconnect, the wanted streams start again. */
  deviceOnline(key: string): void {
    for (const ch of this.channels.values()) {
      if (ch.key !== key) continue;
      ch.failed = null;
      this.reconcile(ch);
    }
  }

  /** The device's streams are gone with its connection (§6.7). */
  deviceOffline(key: string, reason: string): void {
    for (const ch of this.channels.values()) {
      if (ch.key !== key) continue;
      for (const u of [ch.periodic, ch.event]) u?.cancelFallback();
      ch.periodic = ch.event = null;
      for (const c of ch.consumers)
        c.status({ state: 'waiting', reason: `device offline: ${reason}` });
    }
  }

  /** Open upstream streams and consumers, for status displays and tests. */
  stats(): { channels: number; consumers: number; upstreams: number } {
    let consumers = 0;
    let upstreams = 0;
    for (const ch of this.channels.values()) {
      consumers += ch.consumers.length;
      upstreams += (ch.periodic ? 1 : 0) + (ch.event ? 1 : 0);
    }
    return { channels: this.channels.size, consumers, upstreams };
  }

  private reconcile(ch: Channel): void {
    ch.chain = ch.chain
      .then(() => this.reconcileNow(ch))
      .catch((e: unknown) => this.log(`stream ${ch.key} ${ch.resource}: ${String(e)}`));
  }

  private async reconcileNow(ch: Channel): Promise<void> {
    const target = this.target(ch.key);
    if (ch.consumers.length === 0) {
      const had = ch.periodic || ch.event;
      await this.stop(ch, 'periodic', target);
      await this.stop(ch, 'event', target);
      ch.failed = null;
      if (!had || !ch.consumers.length) this.channels.delete(`${ch.key}\u0000${ch.resource}`);
      return;
    }
    if (!target) {
      for (const c of ch.consumers) c.status({ state: 'waiting', reason: 'device offline' });
      return;
    }
    if (ch.failed) return; // the device refused this resource; retried after a reconnect
    const g = ch.wantedPeriodic();
    const events = ch.wantsEvents();
    let started: Upstream | null = null;
    let stoppedOne = false;
    if ((ch.periodic?.intervalMs ?? 0) !== g) {
      // §8.6 step 4: a changed GCD replaces the periodic stream (STOP, then START on a new id).
      if (ch.periodic) {
        await this.stop(ch, 'periodic', target);
        stoppedOne = g === 0;
      }
      if (g > 0) started = await this.start(ch, 'periodic', g, target);
    }
    if (events && !ch.event) started = await this.start(ch, 'event', 0, target);
    else if (!events && ch.event) {
      await this.stop(ch, 'event', target);
      stoppedOne = true;
    }
    // §8.1, §8.6 step 4: IOTMP-Embedded keeps one event binding per resource and stopping any
    // stream of the resource removes it; restart the remaining upstream so it stays bound.
    if (stoppedOne) {
      for (const kind of ['periodic', 'event'] as const) {
        const u = ch[kind];
        if (u && u !== started) {
          await this.stop(ch, kind, target);
          await this.start(ch, kind, u.intervalMs, target);
        }
      }
    }
    if (ch.periodic || ch.event) {
      for (const c of ch.consumers)
        c.status({ state: 'streaming', deviceIntervalMs: ch.periodic?.intervalMs ?? 0 });
    }
  }

  private async start(
    ch: Channel,
    kind: 'periodic' | 'event',
    intervalMs: number,
    target: StreamTarget,
  ): Promise<Upstream | null> {
    const bare = kind === 'periodic' && this.bareIntervals.has(ch.key);
    const upstream = new Upstream(intervalMs);
    // §8.1 fallback: a periodic stream's items are counted by stream id until the check (the
    // first sample may arrive with the OK, before the id is known here).
    const counts = kind === 'periodic' && !ch.switchedForm ? new Map<number, number>() : null;
    if (counts) ch.itemCounts = counts;
    const uncount = (): void => {
      if (counts && ch.itemCounts === counts) ch.itemCounts = null;
    };
    let res: { id: number; reply: Reply };
    try {
      res = await target.openStream(ch.resource, { intervalMs, bareInterval: bare }, ch);
    } catch (e) {
      uncount();
      const status: StreamStatus = { state: 'waiting', reason: (e as Error).message };
      for (const c of ch.consumers) c.status(status);
      return null;
    }
    upstream.id = res.id;
    if (!res.reply.ok) {
      uncount();
      ch.failed = {
        state: 'error',
        reason: 'the device refused the stream',
        code: res.reply.code,
        payload: res.reply.payload,
      };
      for (const c of ch.consumers) c.status(ch.failed);
      return null;
    }
    ch[kind] = upstream;
    if (counts) {
      const cancel = this.scheduler.setTimeout(
        () => {
          uncount();
          if (ch.periodic !== upstream || (counts.get(upstream.id) ?? 0) > 1) return;
          // §8.1, §9.5: only the initial sample came. A device asked in the map form reads the
          // bare-number form (remembered); one remembered so but silent now was updated to a
          // core that reads the map (forgotten). Either way it is asked again in the other form.
          this.log(
            bare
              ? `${ch.key} ${ch.resource}: no periodic samples with a bare-number interval; back to the {"interval": ms} form`
              : `${ch.key} ${ch.resource}: no periodic samples; restarting with a bare-number interval`,
          );
          this.bareIntervals.set(ch.key, !bare);
          ch.switchedForm = true;
          ch.periodic = null;
          void target.stopStream(upstream.id);
          this.reconcile(ch);
        },
        2 * intervalMs + BARE_INTERVAL_FALLBACK_MARGIN_MS,
      );
      upstream.cancelFallback = () => {
        cancel();
        uncount();
      };
    }
    return upstream;
  }

  private async stop(
    ch: Channel,
    kind: 'periodic' | 'event',
    target: StreamTarget | undefined,
  ): Promise<void> {
    const u = ch[kind];
    if (!u) return;
    ch[kind] = null;
    u.cancelFallback();
    if (target) await target.stopStream(u.id);
  }

  /** An item on one of the channel's streams, `id` (ChannelOwner). */
  item(ch: Channel, id: number, payload: PsonValue): void {
    const counts = ch.itemCounts;
    if (counts !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
    const sample: Sample = { key: ch.key, resource: ch.resource, time: this.wallNow(), payload };
    ch.last = sample;
    const sole = ch.sole;
    const sink = ch.sink;
    if (sink !== null) {
      // The sole consumer, ready: its sink without the consumer (`sole` is read first: the sink
      // may close it). Busy, it takes the sample back to its queue as `offer` would.
      if (sink(sample) === false) (sole as Consumer).refused(sample);
      return;
    }
    if (sole !== null && sole.interval === 0) {
      sole.offer(sample);
      return;
    }
    // The clock is read only for consumers with an interval (an event consumer takes every
    // sample): on the hot path of 10,000 samples a second each read counts.
    let now: number | undefined;
    const g = ch.periodic?.intervalMs ?? 0;
    for (const c of ch.consumers) {
      if (c.interval > 0) {
        now ??= this.scheduler.now();
        // §8.6 step 6: half a device period of tolerance absorbs device-clock jitter.
        if (now - c.lastSentAt < c.interval - g / 2) continue;
        c.lastSentAt = now;
      }
      c.offer(sample);
    }
  }

  /** The channel's stream `id` ended without being stopped (ChannelOwner). */
  ended(ch: Channel, id: number, end: StreamEnd): void {
    const upstream = ch.periodic?.id === id ? ch.periodic : ch.event?.id === id ? ch.event : null;
    if (upstream === null) return;
    upstream.cancelFallback();
    if (upstream === ch.periodic) ch.periodic = null;
    else ch.event = null;
    if (end.by === 'device') {
      // A session resource finished (§8.4); restarting it would run it again. Consumers are told;
      // a new subscription tries again.
      ch.failed = { state: 'error', reason: 'the device ended the stream' };
      for (const c of ch.consumers) c.status(ch.failed);
    }
  }
}
