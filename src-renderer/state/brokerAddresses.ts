/**
 * Where devices should dial this broker (UI.md §3.1 empty state, §3.6 connection details): a
 * listener bound to one address names it; bound to every interface, the host this console reached
 * (unless loopback, which no device can use) and the machine's LAN addresses from broker.status.
 */
import type { BrokerStatus } from '@contract/schemas';

type Listener = BrokerStatus['listeners'][number];

const WILDCARD = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(localhost|127\.|::1$|\[::1\]$)/;
/** Listener order in lists: what most firmware uses first, older boards after. */
export const LISTENER_ORDER = ['tcp', 'tls', 'tcpLegacy', 'wss', 'ws'];

export function brokerHosts(status: BrokerStatus | null, consoleHost: string): string[] {
  const bound = status?.listeners.find((l) => !WILDCARD.has(l.host))?.host;
  if (bound) return [bound];
  const reached =
    consoleHost && !LOOPBACK.test(consoleHost) && consoleHost !== 'this computer'
      ? [consoleHost]
      : [];
  return [...new Set([...reached, ...(status?.lanAddresses ?? [])])];
}

/** The addresses of one listener: its own when bound to one, else those of `brokerHosts`. */
export const listenerHosts = (
  l: Listener,
  status: BrokerStatus | null,
  consoleHost: string,
): string[] => (WILDCARD.has(l.host) ? brokerHosts(status, consoleHost) : [l.host]);
