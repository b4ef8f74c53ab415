/** The tree's device order (UI.md §3.1): status then id (default), last seen, or traffic. Pure. */
import type { Device } from '@contract/schemas';
import { naturalCompare } from '../../format/naturalSort';
import type { SortKey } from '../../state/devices';

const traffic = (d: Device): number => d.status.bytesIn + d.status.bytesOut;

/** Status then id (online, quiet included, before offline); last seen, newest first; traffic. */
export function compareDevices(sort: SortKey): (a: Device, b: Device) => number {
  const byId = (a: Device, b: Device): number =>
    naturalCompare(a.device, b.device) || naturalCompare(a.user, b.user);
  switch (sort) {
    case 'lastSeen':
      return (a, b) => (b.status.lastSeen ?? -1) - (a.status.lastSeen ?? -1) || byId(a, b);
    case 'traffic':
      return (a, b) => traffic(b) - traffic(a) || byId(a, b);
    default:
      return (a, b) => Number(b.status.online) - Number(a.status.online) || byId(a, b);
  }
}
