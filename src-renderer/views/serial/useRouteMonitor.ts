/**
 * `#/serial/<port>` opens that port's monitor when it has no tab yet (at its last baud rate,
 * else its board kind's default), once main said which monitors are open and which ports there
 * are; `#/serial` alone shows the first tab.
 */
import { useEffect } from 'react';
import { href, navigate } from '../../navigation/router';
import { usePorts } from '../../state/ports';
import { openMonitor, useSerial } from '../../state/serial';
import { baudFor } from '../../state/serialDefaults';
import { settingsOf } from '../../state/serialSettings';

export function useRouteMonitor(routePort: string | null): void {
  const tabs = useSerial((s) => s.tabs);
  const loaded = useSerial((s) => s.loaded);
  const portsLoaded = usePorts((s) => s.loaded);
  useEffect(() => {
    if (!loaded || !portsLoaded || !routePort || useSerial.getState().tabs.includes(routePort))
      return;
    const s = settingsOf(routePort);
    void openMonitor(routePort, baudFor(routePort), s.lineEnding).catch(() => undefined);
  }, [loaded, portsLoaded, routePort]);

  useEffect(() => {
    if (!routePort && tabs[0]) navigate(href('serial', tabs[0]));
  }, [routePort, tabs]);
}
