/** Device records for the devices slice and view tests. */
import { splitKey } from '@contract/deviceKey';
import type { Device, DeviceStatus } from '@contract/schemas';

export const offlineStatus = (patch: Partial<DeviceStatus> = {}): DeviceStatus => ({
  online: false,
  connectedSince: null,
  lastSeen: null,
  remoteAddress: null,
  transport: null,
  pv: null,
  framesIn: 0,
  framesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  dropped: 0,
  rttMs: null,
  lastDisconnectReason: null,
  ...patch,
});

export const onlineStatus = (now: number, patch: Partial<DeviceStatus> = {}): DeviceStatus =>
  offlineStatus({
    online: true,
    connectedSince: now - 60_000,
    lastSeen: now - 1_000,
    remoteAddress: '192.168.1.23:50112',
    transport: 'tls',
    pv: 1,
    framesIn: 40,
    framesOut: 38,
    bytesIn: 12_400,
    bytesOut: 3_100,
    rttMs: 14,
    ...patch,
  });

export function testDevice(
  key: string,
  status: DeviceStatus = offlineStatus(),
  patch: Partial<Device> = {},
): Device {
  const [user, device] = splitKey(key);
  return {
    user,
    device,
    key,
    registered: true,
    name: '',
    description: '',
    autoRegistered: false,
    createdAt: 1,
    credentialUpdatedAt: 1,
    status,
    ...patch,
  };
}
