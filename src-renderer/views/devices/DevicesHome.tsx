/**
 * The Devices view's header counts ("12 devices · 9 online") and what its right pane shows before
 * a device is picked: the first-run empty state until any device has connected, then "pick one".
 */
import { EmptyState } from '../../components/EmptyState';
import { messages } from '../../messages';
import { useDevices } from '../../state/devices';
import { DevicesEmpty } from './DevicesEmpty';

export function DeviceCounts() {
  const total = useDevices((s) => s.keys.length);
  const online = useDevices((s) => s.keys.filter((k) => s.devices[k]?.status.online).length);
  const loaded = useDevices((s) => s.loaded);
  if (!loaded) return null;
  return <span className="devices-counts">{messages.devices.counts(total, online)}</span>;
}

export function DevicesHome() {
  const loaded = useDevices((s) => s.loaded);
  const anyConnected = useDevices((s) =>
    s.keys.some((k) => {
      const st = s.devices[k]?.status;
      return st ? st.online || st.lastSeen !== null : false;
    }),
  );
  if (!loaded) return null;
  if (!anyConnected) return <DevicesEmpty />;
  const t = messages.devices.pick;
  return (
    <EmptyState title={t.title} glyph="◫">
      <p>{t.body}</p>
    </EmptyState>
  );
}
