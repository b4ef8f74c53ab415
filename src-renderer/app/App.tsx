/** Connects to main (IPC bridge or the console's WebSocket), applies preferences, shows the shell. */
import { useEffect } from 'react';
import { connectFromBridge, connectFromLocation, useConnection } from '../api/connection';
import { followBrokerStatus } from '../state/brokerStatus';
import { applyPreferences } from '../state/preferences';
import { AppShell } from './AppShell';

/** Runs once before the first render: the stores need the API when views mount. */
export function startApp(): void {
  if (window.studio) connectFromBridge(window.studio);
  else connectFromLocation(window.location);
  applyPreferences(document.documentElement);
}

export function App() {
  const link = useConnection((s) => s.link);
  const usable = link !== 'no-token';
  useEffect(() => (usable ? followBrokerStatus() : undefined), [usable]);
  return <AppShell />;
}
