/**
 * The device page shell (UI.md §3.2): the header (DeviceHeader) and the tabs Resources, Charts and
 * Properties & data (DeviceTabs), each a route of its own; a device nobody knows says so.
 */
import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { messages } from '../../messages';
import { href, type Route } from '../../navigation/router';
import { deviceKey, ensureResources, markOpened, useDevices } from '../../state/devices';
import { DeviceHeader } from './DeviceHeader';
import type { DeviceTab } from './deviceTab';
import { DeviceTabs } from './DeviceTabs';

interface DevicePageProps {
  user: string;
  device: string;
  tab: DeviceTab;
  route: Route;
}

export function DevicePage({ user, device, tab, route }: DevicePageProps) {
  const key = deviceKey(user, device);
  const d = useDevices((s) => s.devices[key]);
  const loaded = useDevices((s) => s.loaded);
  const online = d?.status.online ?? false;

  useEffect(() => {
    if (d) markOpened(key);
  }, [key, d]);
  useEffect(() => {
    if (online) ensureResources(key);
  }, [key, online]);

  if (!d) {
    if (!loaded) return null;
    const t = messages.devices.page;
    return (
      <EmptyState title={t.unknown(key)} glyph="?">
        <p>{t.unknownBody}</p>
        <p>
          <a className="btn" href={href('devices')}>
            {t.back}
          </a>
        </p>
      </EmptyState>
    );
  }
  return (
    <article className="device-page" aria-labelledby="device-page-title">
      <DeviceHeader d={d} />
      <DeviceTabs user={user} device={device} tab={tab} route={route} />
    </article>
  );
}
