/** Devices as the contract shows them: the stored record and the live status, merged. */
import { ApiError, ApiErrorCode, deviceKey, type Device, type DeviceStatus } from '../../contract';
import {
  NEVER_CONNECTED,
  type DeviceStatus as RegistryStatus,
} from '../../registry/DeviceRegistry';
import type { DeviceRecord } from '../../store/DeviceStore';
import type { BrokerServices } from '../../services/types';

export function statusOf(s: RegistryStatus | undefined): DeviceStatus {
  if (!s) return { ...NEVER_CONNECTED };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- identity fields are the device's, not its status
  const { key, user, device, ...status } = s;
  return status;
}

export function deviceOf(
  user: string,
  device: string,
  rec?: DeviceRecord,
  st?: RegistryStatus,
): Device {
  return {
    user,
    device,
    key: deviceKey(user, device),
    registered: rec !== undefined,
    name: rec?.name ?? '',
    description: rec?.description ?? '',
    autoRegistered: rec?.autoRegistered ?? false,
    type: rec?.type ?? 'Generic',
    enabled: rec?.enabled ?? true,
    tags: rec?.tags ?? [],
    createdAt: rec?.createdAt ?? null,
    credentialUpdatedAt: rec?.credentialUpdatedAt ?? null,
    status: statusOf(st),
  };
}

/** A device in the store (registered), or NOT_FOUND. */
export function registeredDevice(service: BrokerServices): (user: string, device: string) => void {
  return (user, device) => {
    if (!service.devices.get(user, device))
      throw new ApiError(ApiErrorCode.NOT_FOUND, `no device ${user}/${device}`);
  };
}

/** A device known to the store or seen by the registry, or NOT_FOUND. */
export function knownDevice(service: BrokerServices): (user: string, device: string) => Device {
  return (user, device) => {
    const rec = service.devices.get(user, device);
    const st = service.broker.registry.get(deviceKey(user, device));
    if (!rec && !st) throw new ApiError(ApiErrorCode.NOT_FOUND, `no device ${user}/${device}`);
    return deviceOf(user, device, rec, st);
  };
}
