/**
 * What the broker does when a device's record changes, as the service's decisions (issue 14 §3):
 * an added device is known to the registry; a reset credential, a disabled device or a deleted
 * one loses its live connection (the old credential no longer opens one, UI.md §3.6); a deleted
 * device is forgotten by the registry.
 */
import { deviceKey } from '../contract';
import type { DeviceRecord, DeviceStore } from '../store/DeviceStore';
import type { BrokerServices } from './types';

type DeviceFields = NonNullable<Parameters<DeviceStore['add']>[2]>;
type DevicePatch = Parameters<DeviceStore['update']>[2];

export async function addDevice(
  s: BrokerServices,
  user: string,
  device: string,
  fields: Omit<DeviceFields, 'autoRegistered'>,
): Promise<{ record: DeviceRecord; credential: string }> {
  const added = await s.devices.add(user, device, fields);
  s.broker.registry.known(deviceKey(user, device));
  return added;
}

export async function resetDeviceCredential(
  s: BrokerServices,
  user: string,
  device: string,
  credential?: string,
): Promise<string> {
  const secret = await s.devices.resetCredential(user, device, credential);
  s.broker.session(user, device)?.close('credential reset');
  return secret;
}

/** Updates the record, and the frame limit when given (null: back to the default). */
export function updateDevice(
  s: BrokerServices,
  user: string,
  device: string,
  patch: DevicePatch,
  maxFrameBytes?: number | null,
): DeviceRecord {
  const record = s.devices.update(user, device, patch);
  if (patch.enabled === false) s.broker.session(user, device)?.close('device disabled');
  if (maxFrameBytes !== undefined) s.setFrameLimit(user, device, maxFrameBytes);
  return record;
}

export function removeDevice(s: BrokerServices, user: string, device: string): boolean {
  const removed = s.devices.remove(user, device);
  if (removed) {
    s.broker.session(user, device)?.close('device deleted');
    s.broker.registry.forget(deviceKey(user, device));
  }
  return removed;
}
