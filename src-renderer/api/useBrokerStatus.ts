/** The broker's status for the status bar, refreshed whenever a device comes or goes. */
import { useEffect, useState } from 'react';
import type { BrokerStatus } from '@contract/schemas';
import type { ApiConnection } from './client';

export type StatusState =
  | { kind: 'connecting' }
  | { kind: 'ready'; status: BrokerStatus }
  | { kind: 'error'; message: string };

export function useBrokerStatus(connection: ApiConnection | null): StatusState {
  const [state, setState] = useState<StatusState>({ kind: 'connecting' });
  useEffect(() => {
    if (!connection) return;
    let alive = true;
    const refresh = (): void => {
      connection.api.broker.status({}).then(
        (status) => alive && setState({ kind: 'ready', status }),
        (e: unknown) =>
          alive && setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
      );
    };
    refresh();
    const stop = connection.api.on('devices.presence', {}, refresh);
    return () => {
      alive = false;
      stop();
    };
  }, [connection]);
  return state;
}
