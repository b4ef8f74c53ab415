/**
 * The contract bound to the services of one `BrokerService`: devices (store + registry),
 * resources (broker describe/run), streams (StreamHub consumers), inspector, settings, status;
 * ports, serial monitor and flashing come from the SerialService (serialHandlers.ts).
 * Inputs arrive here already validated by `ApiServer`.
 */
import { networkInterfaces } from 'node:os';
import { dirname } from 'node:path';
import {
  ApiError,
  ApiErrorCode,
  type Device,
  type DeviceStatus,
  type Settings,
  type StreamEvent,
} from '../contract';
import { psonFromJson, psonToJson, type Json, type PsonValue } from '../protocol';
import type { Reply } from '../broker/Session';
import { NEVER_CONNECTED, type DeviceStatus as RegistryStatus } from '../registry/DeviceRegistry';
import type { DeviceRecord } from '../store/DeviceStore';
import type { EndpointConfig } from '../serverres/DeviceServices';
import type { StreamStatus, Subscription } from '../streams/StreamHub';
import { ENDPOINTS, type BrokerService } from '../app/BrokerService';
import type { SerialService } from '../app/SerialService';
import { createSerialHandlers } from './serialHandlers';
import { createEspHandlers } from './handlers/esp';
import { createTokenHandlers } from './handlers/tokens';
import { createPropertyHandlers } from './handlers/properties';
import { createBucketHandlers } from './handlers/buckets';
import { createEndpointHandlers } from './handlers/endpoints';
import { createCallbackHandlers } from './handlers/callbacks';
import { UserEventHub } from './handlers/userEvents';
import { createCommissionHandlers } from './commissionHandlers';
import { createBridgeHandlers } from './bridgeHandlers';
import { MqttBridge } from '../bridge/MqttBridge';
import { CommissionService } from '../commission/CommissionService';
import {
  ApiServer,
  type ApiServerOptions,
  type CallHandlers,
  type TopicSources,
} from './ApiServer';

function statusOf(s: RegistryStatus | undefined): DeviceStatus {
  if (!s) return { ...NEVER_CONNECTED };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- identity fields are the device's, not its status
  const { key, user, device, ...status } = s;
  return status;
}

function deviceOf(user: string, device: string, rec?: DeviceRecord, st?: RegistryStatus): Device {
  return {
    user,
    device,
    key: `${user}/${device}`,
    registered: rec !== undefined,
    name: rec?.name ?? '',
    description: rec?.description ?? '',
    autoRegistered: rec?.autoRegistered ?? false,
    type: rec?.type ?? 'Generic',
    enabled: rec?.enabled ?? true,
    createdAt: rec?.createdAt ?? null,
    credentialUpdatedAt: rec?.credentialUpdatedAt ?? null,
    status: statusOf(st),
  };
}

const toJson = (v: PsonValue | undefined): Json => (v === undefined ? null : psonToJson(v));
const fromJson = (v: Json | undefined): PsonValue | undefined =>
  v === undefined ? undefined : psonFromJson(v);

/** A device's ERROR answer as the typed error (its code and payload in `detail`). */
function valueOf(reply: Reply, what: string): { value: Json } {
  if (reply.ok) return { value: toJson(reply.payload) };
  throw new ApiError(ApiErrorCode.DEVICE_ERROR, `the device answered ERROR to ${what}`, {
    code: toJson(reply.code),
    payload: toJson(reply.payload),
  });
}

/** A bridge over the service's own data folder, for servers built without the composition root. */
function unstartedBridge(service: BrokerService): MqttBridge {
  return new MqttBridge({
    broker: service.broker,
    properties: service.properties,
    buckets: service.buckets,
    settings: service.settings,
    dataDir: dirname(service.db.name),
  });
}

/** IPv4 addresses of this machine's interfaces, loopback left out (BrokerStatus.lanAddresses). */
function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  return out;
}

export function createHandlers(
  service: BrokerService,
  serial: SerialService,
  commission: CommissionService = new CommissionService({ broker: service, serial }),
  bridge: MqttBridge = unstartedBridge(service),
): {
  calls: CallHandlers;
  topics: TopicSources;
} {
  const { broker, devices: store } = service;
  const serialApi = createSerialHandlers(serial);
  const commissionApi = createCommissionHandlers(commission, service, serial);
  const bridgeApi = createBridgeHandlers(bridge);
  const registry = broker.registry;

  const find = (user: string, device: string): Device | undefined => {
    const rec = store.get(user, device);
    const st = registry.get(`${user}/${device}`);
    return rec || st ? deviceOf(user, device, rec, st) : undefined;
  };
  const known = (user: string, device: string): Device => {
    const d = find(user, device);
    if (!d) throw new ApiError(ApiErrorCode.NOT_FOUND, `no device ${user}/${device}`);
    return d;
  };
  /** Rejects when the caller gives up, so no handler outlives its call. */
  const abortable = <T>(p: Promise<T>, signal: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new ApiError(ApiErrorCode.CANCELLED, 'cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  const settings = (): Settings => ({
    acceptNewDevices: service.acceptNewDevices,
    acceptNewDevicesUntil: service.acceptNewDevicesUntil,
    endpoints: service.settings.get<Record<string, EndpointConfig>>(ENDPOINTS, {}),
  });

  const userEvents = new UserEventHub(registry, service.properties, service.buckets);
  const registered = (user: string, device: string): void => {
    if (!store.get(user, device))
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no device ${user}/${device}`);
  };

  const calls: CallHandlers = {
    ...serialApi.calls,
    ...createEspHandlers(serial),
    ...createTokenHandlers(service.tokens),
    ...createPropertyHandlers(service.properties, registered),
    ...createBucketHandlers(service.buckets),
    ...createEndpointHandlers(service.settings, ENDPOINTS, service.fetch),
    ...createCallbackHandlers(service.settings, service.buckets, service.properties, registered),
    'devices.stats': ({ user, device }) => {
      const d = known(user, device);
      const s = d.status;
      return {
        connected: s.online,
        connected_ts: s.online ? s.connectedSince : null,
        disconnected_ts: s.online ? null : s.lastSeen,
        ip_address: s.remoteAddress,
        rx_bytes: s.bytesIn,
        tx_bytes: s.bytesOut,
        rx_frames: s.framesIn,
        tx_frames: s.framesOut,
        rtt_ms: s.rttMs,
      };
    },
    ...commissionApi.calls,
    ...bridgeApi.calls,
    'devices.list': ({ user }) => {
      const byKey = new Map<string, Device>();
      for (const rec of store.list(user))
        byKey.set(
          `${rec.user}/${rec.device}`,
          deviceOf(rec.user, rec.device, rec, registry.get(`${rec.user}/${rec.device}`)),
        );
      for (const st of registry.list())
        if (!byKey.has(st.key) && (user === undefined || st.user === user))
          byKey.set(st.key, deviceOf(st.user, st.device, undefined, st));
      return { devices: [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)) };
    },
    'devices.get': ({ user, device }) => ({
      ...known(user, device),
      maxFrameBytes: broker.frameLimitOf(`${user}/${device}`),
    }),
    'devices.add': async ({ user, device, name, description, credential, type, enabled }) => {
      const { record, credential: secret } = await store.add(user, device, {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(credential !== undefined ? { credential } : {}),
        ...(type !== undefined ? { type } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      registry.known(`${user}/${device}`, user, device);
      return {
        device: deviceOf(user, device, record, registry.get(`${user}/${device}`)),
        credential: secret,
      };
    },
    'devices.resetCredential': async ({ user, device, credential }) => {
      const secret = await store.resetCredential(user, device, credential);
      // The old credential no longer opens a connection, so the live one goes too (UI.md §3.6).
      broker.session(user, device)?.close('credential reset');
      return { credential: secret };
    },
    'devices.update': ({ user, device, name, description, enabled, maxFrameBytes }) => {
      const record = store.update(user, device, {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      if (enabled === false) broker.session(user, device)?.close('device disabled');
      if (maxFrameBytes !== undefined) service.setFrameLimit(user, device, maxFrameBytes);
      return {
        ...deviceOf(user, device, record, registry.get(`${user}/${device}`)),
        maxFrameBytes: broker.frameLimitOf(`${user}/${device}`),
      };
    },
    'devices.remove': ({ user, device }) => {
      const removed = store.remove(user, device);
      if (removed) {
        broker.session(user, device)?.close('device deleted');
        registry.forget(`${user}/${device}`);
      }
      return { removed };
    },
    'devices.rejected': () => ({ rejected: broker.rejections() }),
    'resources.describe': async ({ user, device, resource, refresh }, { signal }) => {
      known(user, device);
      const reply = await abortable(
        broker.describe(user, device, resource, refresh ?? false),
        signal,
      );
      return valueOf(reply, resource ? `describe ${resource}` : 'describe');
    },
    'resources.run': async ({ user, device, resource, input, parameters }, { signal }) => {
      known(user, device);
      const reply = await abortable(
        broker.run(user, device, resource, fromJson(input), fromJson(parameters)),
        signal,
      );
      return valueOf(reply, `run ${resource}`);
    },
    'resources.read': async ({ user, device, resource }, { signal }) => {
      known(user, device);
      return valueOf(
        await abortable(broker.run(user, device, resource), signal),
        `read ${resource}`,
      );
    },
    'inspector.frames': ({ user, device, afterSeq }) => {
      known(user, device);
      return { frames: broker.inspector.frames(`${user}/${device}`, afterSeq ?? 0) };
    },
    'settings.get': () => settings(),
    'settings.update': ({ acceptNewDevices, acceptNewDevicesForMs, endpoints }) => {
      if (acceptNewDevices !== undefined || acceptNewDevicesForMs !== undefined)
        service.setAcceptNewDevices(
          acceptNewDevices ?? service.acceptNewDevices,
          acceptNewDevicesForMs ?? null,
        );
      if (endpoints !== undefined) service.settings.set(ENDPOINTS, endpoints);
      return settings();
    },
    'broker.status': () => ({
      listeners: service.listeners.running.map(({ name, transport, host, port }) => ({
        name,
        transport,
        host,
        port,
      })),
      failures: service.listeners.failures.map((f) => ({ setting: f.setting, message: f.message })),
      tls: { selfSigned: service.tls.selfSigned, fingerprint: service.tls.fingerprint },
      counts: {
        registered: store.list().length,
        online: registry.list().filter((d) => d.online).length,
        connections: broker.connectionCount,
      },
      acceptNewDevices: service.acceptNewDevices,
      lanAddresses: lanAddresses(),
    }),
  };

  const topics: TopicSources = {
    ...serialApi.topics,
    ...userEvents.source(),
    ...commissionApi.topics,
    ...bridgeApi.topics,
    'streams.samples': ({ user, device, resource, intervalMs }, listener) => {
      known(user, device);
      // Assigned after subscribe returns; a sample delivered during subscribe reports 0 dropped.
      let sub: Subscription | undefined = undefined;
      sub = broker.subscribe(user, device, resource, {
        intervalMs,
        onSample: (s) =>
          listener({
            kind: 'sample',
            time: s.time,
            value: psonToJson(s.payload),
            dropped: sub?.dropped ?? 0,
          }),
        onStatus: (s) => {
          const e: StreamEvent =
            s.state === 'streaming'
              ? { kind: 'status', state: s.state, deviceIntervalMs: s.deviceIntervalMs }
              : { kind: 'status', state: s.state, reason: withDeviceAnswer(s) };
          listener(e);
        },
      });
      const live = sub;
      return {
        resume: () => live.resume(),
        close: () => live.close(),
      };
    },
    'inspector.follow': ({ user, device }, listener) => {
      known(user, device);
      const dispose = broker.inspector.follow(`${user}/${device}`, (f) => void listener(f));
      return { resume: () => {}, close: dispose };
    },
    'devices.presence': (_params, listener) => {
      const emit = (s: RegistryStatus): void =>
        void listener({ user: s.user, device: s.device, status: statusOf(s) });
      const off = [registry.onOnline(emit), registry.onOffline(emit)];
      return { resume: () => {}, close: () => off.forEach((d) => d()) };
    },
  };
  return { calls, topics };
}

/** The API of one BrokerService and its SerialService, ready for any transport. */
export function createApiServer(
  service: BrokerService,
  serial: SerialService,
  options: ApiServerOptions = {},
  commission?: CommissionService,
  bridge?: MqttBridge,
): ApiServer {
  const { calls, topics } = createHandlers(service, serial, commission, bridge);
  return new ApiServer(calls, topics, options);
}

/**
 * A stream status's reason with what the device answered, when it answered more than ERROR
 * ("the device refused the stream: no probe attached (code 3)"): the technician sees the
 * device's own words, as a failed run shows them.
 */
export function withDeviceAnswer(s: Exclude<StreamStatus, { state: 'streaming' }>): string {
  if (s.state !== 'error') return s.reason;
  const text = (v: PsonValue | undefined): string | null => {
    const j = toJson(v);
    return j === null ? null : typeof j === 'string' ? j : JSON.stringify(j);
  };
  const said = text(s.payload);
  const code = text(s.code);
  if (said === null && code === null) return s.reason;
  return `${s.reason}: ${[said, code === null ? null : `(code ${code})`].filter(Boolean).join(' ')}`;
}
