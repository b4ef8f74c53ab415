/**
 * `devices.*`: the device list (store + registry), add/update/remove, credentials, presence. What
 * a change does to the live connection is the service's (services/deviceLifecycle.ts).
 */
import { deviceKey, type Device } from '../../contract';
import type { DeviceStatus as RegistryStatus } from '../../registry/DeviceRegistry';
import {
  addDevice,
  removeDevice,
  resetDeviceCredential,
  updateDevice,
} from '../../services/deviceLifecycle';
import type { BrokerServices } from '../../services/types';
import { deviceOf, knownDevice, statusOf } from './deviceViews';
import type { CallsOf, TopicsOf } from './types';

/** Stored devices with their live status, and devices online without a record. */
function deviceList(service: BrokerServices, user: string | undefined): Device[] {
  const registry = service.broker.registry;
  const byKey = new Map<string, Device>();
  for (const rec of service.devices.list(user)) {
    const key = deviceKey(rec.user, rec.device);
    byKey.set(key, deviceOf(rec.user, rec.device, rec, registry.get(key)));
  }
  for (const st of registry.list())
    if (!byKey.has(st.key) && (user === undefined || st.user === user))
      byKey.set(st.key, deviceOf(st.user, st.device, undefined, st));
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Thinger's device statistics from the device's status. */
const statsView = (s: Device['status']) => ({
  connected: s.online,
  connected_ts: s.online ? s.connectedSince : null,
  disconnected_ts: s.online ? null : s.lastSeen,
  ip_address: s.remoteAddress,
  rx_bytes: s.bytesIn,
  tx_bytes: s.bytesOut,
  rx_frames: s.framesIn,
  tx_frames: s.framesOut,
  rtt_ms: s.rttMs,
});

function presenceTopic(registry: BrokerServices['broker']['registry']): TopicsOf<'devices'> {
  return {
    'devices.presence': (_params, listener) => {
      const emit = (s: RegistryStatus): void =>
        void listener({ user: s.user, device: s.device, status: statusOf(s) });
      const off = [registry.onOnline(emit), registry.onOffline(emit)];
      return { resume: () => {}, close: () => off.forEach((d) => d()) };
    },
  };
}

export function deviceHandlers(service: BrokerServices): {
  calls: CallsOf<'devices'>;
  topics: TopicsOf<'devices'>;
} {
  const { broker } = service;
  const registry = broker.registry;
  const known = knownDevice(service);
  const calls: CallsOf<'devices'> = {
    'devices.list': ({ user }) => ({ devices: deviceList(service, user) }),
    'devices.get': ({ user, device }) => ({
      ...known(user, device),
      maxFrameBytes: broker.frameLimitOf(deviceKey(user, device)),
    }),
    'devices.stats': ({ user, device }) => statsView(known(user, device).status),
    'devices.add': async ({ user, device, name, description, credential, type, enabled }) => {
      const added = await addDevice(service, user, device, {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(credential !== undefined ? { credential } : {}),
        ...(type !== undefined ? { type } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      });
      const view = deviceOf(user, device, added.record, registry.get(deviceKey(user, device)));
      return { device: view, credential: added.credential };
    },
    'devices.resetCredential': async ({ user, device, credential }) => ({
      credential: await resetDeviceCredential(service, user, device, credential),
    }),
    'devices.update': ({ user, device, name, description, enabled, tags, maxFrameBytes }) => {
      const patch = {
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
        ...(tags !== undefined ? { tags: [...new Set(tags)] } : {}),
      };
      const record = updateDevice(service, user, device, patch, maxFrameBytes);
      const key = deviceKey(user, device);
      return {
        ...deviceOf(user, device, record, registry.get(key)),
        maxFrameBytes: broker.frameLimitOf(key),
      };
    },
    'devices.remove': ({ user, device }) => ({ removed: removeDevice(service, user, device) }),
    'devices.rejected': () => ({ rejected: broker.rejections() }),
  };
  return { calls, topics: presenceTopic(registry) };
}
