/**
 * The server resources devices call (IOTMP.md §5.12, §6.5, §6.6): properties, buckets,
 * endpoints (HTTP webhooks), calls to other devices of the same account, named locks, and event
 * subscriptions (property updates, MQTT-style topics).
 */
import { BoundedMap } from '../contract/BoundedMap';
import { deviceKey } from '../contract/deviceKey';
import { ServerAction, type PsonValue } from '../protocol';
import type { DeviceRunner, ServerResources } from '../broker/brokerPorts';
import type { Answer, DeviceCall, DeviceIdentity } from '../broker/types';
import { psonToJson } from '../protocol';
import type { BucketStore } from './BucketStore';
import type { PropertyStore } from './PropertyStore';
import { TopicBus, topicMatches, validTopic } from './TopicBus';

import { callHttpEndpoint, type EndpointConfig } from './httpEndpoint';
export type { EndpointConfig } from './httpEndpoint';

/** How a topic message reaches a subscribed device (§6.6: unverified; a map by default). */
export type TopicPayloadShape = 'map' | 'bare';

export interface DeviceServicesOptions {
  properties: PropertyStore;
  buckets: BucketStore;
  topics?: TopicBus;
  endpoints: () => Record<string, EndpointConfig>;
  now: () => number;
  fetch?: typeof fetch;
  topicPayloadShape?: TopicPayloadShape;
  log?: (message: string) => void;
}

/** Default lock lease when the device gives no timeout. */
const DEFAULT_LOCK_LEASE_S = 60;
/** Named locks per account. */
const MAX_LOCKS_PER_USER = 1000;

const NOT_FOUND = 404;
const BAD_REQUEST = 400;
const CONFLICT = 409;
const TOO_LARGE = 413;
const GATEWAY = 502;

const fail = (code: number, error: string): Answer => ({ ok: false, code, payload: { error } });

interface Lock {
  slots: number;
  holders: Map<string, number>; // holder → lease end (ms)
}

interface Registration {
  dispose: () => void;
  publishTopic?: { topic: string; retained: boolean };
}

const isStr = (v: PsonValue | undefined): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 256;

export class DeviceServices implements ServerResources {
  readonly topics: TopicBus;
  private readonly locks = new Map<string, Lock>();
  private readonly registrations = new Map<string, Registration>();
  private readonly propertyListeners = new Set<{
    user: string;
    device: string;
    property: string | null;
    push: (v: PsonValue) => boolean;
  }>();
  private readonly retained = new BoundedMap<string, PsonValue>(10_000);

  constructor(private readonly o: DeviceServicesOptions) {
    this.topics = o.topics ?? new TopicBus();
    // Every change reaches the device's subscribers, whoever made it (device, console, token).
    o.properties.changes.on('change', (c) => {
      if (c.value !== null) this.propertyChanged(c.user, c.device, c.property, c.value);
    });
  }

  async call(id: DeviceIdentity, call: DeviceCall, devices: DeviceRunner): Promise<Answer> {
    const { target, data } = call;
    switch (call.action) {
      case ServerAction.READ_DEVICE_PROPERTY: {
        if (!isStr(target)) return fail(BAD_REQUEST, 'property name expected');
        const v = this.o.properties.get(id.user, id.device, target);
        return v === undefined
          ? fail(NOT_FOUND, `no property "${target}"`)
          : { ok: true, payload: v };
      }
      case ServerAction.SET_DEVICE_PROPERTY: {
        if (!isStr(target)) return fail(BAD_REQUEST, 'property name expected');
        try {
          this.o.properties.set(id.user, id.device, target, data);
        } catch (e) {
          return fail(TOO_LARGE, (e as Error).message);
        }
        return { ok: true };
      }
      case ServerAction.CALL_DEVICE: {
        // Target `[device_id, resource]` of the same account (§5.12).
        if (
          !Array.isArray(target) ||
          target.length !== 2 ||
          !isStr(target[0]) ||
          typeof target[1] !== 'string'
        ) {
          return fail(BAD_REQUEST, 'target must be [device, resource]');
        }
        try {
          const r = await devices.run(id.user, target[0], target[1], data);
          const a: Answer = { ok: r.ok };
          if (typeof r.code === 'number') a.code = r.code;
          if (r.payload !== undefined) a.payload = r.payload;
          return a;
        } catch (e) {
          return fail(GATEWAY, (e as Error).message);
        }
      }
      case ServerAction.CALL_ENDPOINT:
        if (!isStr(target)) return fail(BAD_REQUEST, 'endpoint name expected');
        return this.callEndpoint(id, target, data);
      case ServerAction.WRITE_BUCKET: {
        if (!isStr(target)) return fail(BAD_REQUEST, 'bucket name expected');
        try {
          this.o.buckets.write(id.user, target, id.device, data);
        } catch (e) {
          return fail(TOO_LARGE, (e as Error).message);
        }
        return { ok: true };
      }
      case ServerAction.LOCK_SYNC:
        if (!isStr(target)) return fail(BAD_REQUEST, 'lock name expected');
        return this.lock(id, target, data);
      case ServerAction.UNLOCK_SYNC:
        if (!isStr(target)) return fail(BAD_REQUEST, 'lock name expected');
        return this.unlock(id, target, data);
      default:
        return fail(BAD_REQUEST, `unknown action ${call.action}`);
    }
  }

  private async callEndpoint(id: DeviceIdentity, name: string, data: PsonValue): Promise<Answer> {
    const ep = this.o.endpoints()[name];
    // Unconfigured: ERROR, which every client reports to its firmware as "failed" (§6.5).
    if (!ep) return fail(NOT_FOUND, `endpoint "${name}" is not configured`);
    if (ep.enabled === false) return fail(NOT_FOUND, `endpoint "${name}" is disabled`);
    try {
      const res = await callHttpEndpoint(name, ep, psonToJson(data), id.device, this.o.fetch);
      return res.status >= 200 && res.status < 300
        ? { ok: true, code: res.status }
        : fail(res.status, `endpoint answered ${res.status}`);
    } catch (e) {
      this.o.log?.(`endpoint ${name} for ${id.user}/${id.device} failed: ${(e as Error).message}`);
      return fail(GATEWAY, `endpoint unreachable: ${(e as Error).message}`);
    }
  }

  /** §5.12 LOCK_SYNC: `slots` holders at most, `lock` names the holder, `timeout` is the lease. */
  private lock(id: DeviceIdentity, name: string, data: PsonValue): Answer {
    const d = (
      data && typeof data === 'object' && !Array.isArray(data) && !(data instanceof Uint8Array)
        ? data
        : {}
    ) as Record<string, PsonValue>;
    const holder = typeof d.lock === 'string' ? d.lock : id.device;
    const slots =
      typeof d.slots === 'number' && d.slots >= 1 ? Math.min(1000, Math.floor(d.slots)) : 1;
    const lease =
      typeof d.timeout === 'number' && d.timeout > 0
        ? Math.min(86_400, d.timeout)
        : DEFAULT_LOCK_LEASE_S;
    const key = `${id.user}\u0000${name}`;
    let l = this.locks.get(key);
    if (!l) {
      if (this.locks.size >= MAX_LOCKS_PER_USER * 10) return fail(CONFLICT, 'too many locks');
      this.locks.set(key, (l = { slots, holders: new Map() }));
    }
    const now = this.o.now();
    for (const [h, until] of l.holders) if (until <= now) l.holders.delete(h);
    if (!l.holders.has(holder) && l.holders.size >= l.slots)
      return fail(CONFLICT, `lock "${name}" is held`);
    l.holders.set(holder, now + lease * 1000);
    return { ok: true };
  }

  private unlock(id: DeviceIdentity, name: string, data: PsonValue): Answer {
    const d = (
      data && typeof data === 'object' && !Array.isArray(data) && !(data instanceof Uint8Array)
        ? data
        : {}
    ) as Record<string, PsonValue>;
    const holder = typeof d.lock === 'string' ? d.lock : id.device;
    const key = `${id.user}\u0000${name}`;
    const l = this.locks.get(key);
    if (!l?.holders.delete(holder))
      return fail(NOT_FOUND, `"${holder}" does not hold lock "${name}"`);
    if (l.holders.size === 0) this.locks.delete(key);
    return { ok: true };
  }

  // Event subscriptions (§6.6) ------------------------------------------------------------------

  subscribe(
    id: DeviceIdentity,
    streamId: number,
    spec: PsonValue,
    push: (payload: PsonValue) => boolean,
  ): Promise<Answer> {
    const s = (
      spec && typeof spec === 'object' && !Array.isArray(spec) && !(spec instanceof Uint8Array)
        ? spec
        : {}
    ) as Record<string, PsonValue>;
    const key = `${deviceKey(id)}#${streamId}`;
    this.registrations.get(key)?.dispose();
    if (s.event === 'device_property_update') {
      const filters = (s.filters ?? {}) as Record<string, PsonValue>;
      const property = typeof filters.property === 'string' ? filters.property : null;
      const listener = { user: id.user, device: id.device, property, push };
      this.propertyListeners.add(listener);
      this.registrations.set(key, { dispose: () => this.propertyListeners.delete(listener) });
      if (s.current === true && property) {
        const v = this.o.properties.get(id.user, id.device, property);
        return Promise.resolve(v === undefined ? { ok: true } : { ok: true, payload: v });
      }
      return Promise.resolve({ ok: true });
    }
    if (s.event === 'device_topic_publish') {
      const topic = s.topic;
      if (s.scope === 'subscribe' && typeof topic === 'string' && validTopic(topic, true)) {
        const shape = this.o.topicPayloadShape ?? 'map';
        const dispose = this.topics.subscribe({
          user: id.user,
          filter: topic,
          deliver: (t, payload) => void push(shape === 'map' ? { topic: t, payload } : payload),
        });
        this.registrations.set(key, { dispose });
        for (const [k, v] of this.retained) {
          const [user, t] = k.split('\u0000') as [string, string];
          if (user === id.user && t && topicMatches(topic, t))
            push(shape === 'map' ? { topic: t, payload: v } : v);
        }
        return Promise.resolve({ ok: true });
      }
      if (s.scope === 'publish' && typeof topic === 'string' && validTopic(topic, false)) {
        this.registrations.set(key, {
          dispose: () => {},
          publishTopic: { topic, retained: s.retained === true },
        });
        return Promise.resolve({ ok: true });
      }
      return Promise.resolve(
        fail(
          BAD_REQUEST,
          'topic subscription needs scope "publish" or "subscribe" and a valid topic',
        ),
      );
    }
    return Promise.resolve(
      fail(BAD_REQUEST, `unsupported event ${JSON.stringify(psonToJson(s.event ?? null))}`),
    );
  }

  unsubscribe(id: DeviceIdentity, streamId: number): void {
    const key = `${deviceKey(id)}#${streamId}`;
    this.registrations.get(key)?.dispose();
    this.registrations.delete(key);
  }

  /** STREAM_DATA on a `scope: "publish"` stream: the device publishes to its topic. */
  publish(id: DeviceIdentity, streamId: number, payload: PsonValue): void {
    const r = this.registrations.get(`${deviceKey(id)}#${streamId}`);
    if (!r?.publishTopic) return;
    if (r.publishTopic.retained) {
      const k = `${id.user}\u0000${r.publishTopic.topic}`;
      this.retained.set(k, payload);
    }
    this.topics.publish(id.user, r.publishTopic.topic, payload);
  }

  /** A property changed (by the device or the UI): tell its subscribers (§6.5 action 2). */
  propertyChanged(user: string, device: string, property: string, value: PsonValue): void {
    for (const l of this.propertyListeners) {
      if (
        l.user === user &&
        l.device === device &&
        (l.property === null || l.property === property)
      )
        l.push(value);
    }
  }

  /** Active registrations (for tests and status). */
  get subscriptionCount(): number {
    return this.registrations.size;
  }
}
