/**
 * Which connections the broker keeps: a new one only within capacity and the per-address rate,
 * and per device only the newest (IOTMP.md §6.1, recommendation). The old one is probably
 * half-open, or a second board shares the identity; they then knock each other off, which is
 * said (aggregated) in the log and in the admin view's rejected list.
 */
import type { BrokerLimits } from './limits';
import type { ConnectRate } from './ConnectRate';
import type { RefusalLog } from './RefusalLog';
import type { RejectionList } from './RejectionList';
import type { DeviceIdentity, SessionInfo } from './types';

/** Why a new connection from `address` is refused at once; null to accept it. */
export function refusedAttach(
  open: number,
  limits: BrokerLimits,
  rate: ConnectRate,
  address: string,
  now: number,
): string | null {
  if (open >= limits.maxConnections)
    return `refused ${address}: ${limits.maxConnections} connections already open`;
  if (!rate.admit(address, now))
    return `refused ${address}: more than ${limits.maxConnectsPerSecondPerAddress} new connections per second`;
  return null;
}

/** A connection replaced by a newer one of the same device. */
interface Replaced extends SessionInfo {
  close(reason: string): void;
}

/** `previous` gives way to `newer` (both of the device `key`): closed, logged, listed. */
export function replaceOlder(
  previous: Replaced,
  newer: SessionInfo,
  key: string,
  identity: DeviceIdentity,
  where: { replacements: RefusalLog; rejected: RejectionList; time: number },
): void {
  const from = newer.link.remoteAddress;
  const was = previous.link.remoteAddress;
  previous.close(`replaced by a newer connection from ${from}`);
  where.replacements.refused(
    key,
    `${key} from ${was} was replaced by a newer connection from ${from}${was === from ? '' : ' (two devices with the same identity?)'}`,
  );
  where.rejected.remember({
    time: where.time,
    address: was,
    user: identity.user,
    device: identity.device,
    reason: 'replaced',
  });
}
