/**
 * The device page's tabs (Resources, Charts, Properties & data), each a route of its own; the
 * arrow keys move between them (WAI-ARIA tabs) and the chosen one's panel below.
 */
import { useId, useRef, type KeyboardEvent } from 'react';
import { messages } from '../../messages';
import { devicePageHref } from '../../navigation/links';
import { navigate, type Route } from '../../navigation/router';
import { ChartsTab } from '../charts/ChartsTab';
import { DataTab } from '../data/DataTab';
import { ResourcesTab } from '../resources/ResourcesTab';
import { DEVICE_TABS, type DeviceTab } from './deviceTab';

export function DeviceTabs({
  user,
  device,
  tab,
  route,
}: {
  user: string;
  device: string;
  tab: DeviceTab;
  route: Route;
}) {
  const t = messages.devices.page;
  const id = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const hrefOf = (k: DeviceTab): string =>
    k === 'resources' ? devicePageHref({ user, device }) : devicePageHref({ user, device }, k);
  const onKeyDown = (e: KeyboardEvent): void => {
    const i = DEVICE_TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? DEVICE_TABS[(i + 1) % DEVICE_TABS.length]
        : e.key === 'ArrowLeft'
          ? DEVICE_TABS[(i - 1 + DEVICE_TABS.length) % DEVICE_TABS.length]
          : undefined;
    if (!next) return;
    e.preventDefault();
    navigate(hrefOf(next));
    requestAnimationFrame(() =>
      listRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus(),
    );
  };
  return (
    <>
      <div
        role="tablist"
        aria-label={t.tabs}
        className="device-tabs"
        ref={listRef}
        onKeyDown={onKeyDown}
      >
        {DEVICE_TABS.map((k) => (
          <a
            key={k}
            id={`${id}-tab-${k}`}
            role="tab"
            href={hrefOf(k)}
            aria-selected={k === tab}
            aria-controls={`${id}-panel`}
            tabIndex={k === tab ? 0 : -1}
            className="device-tab"
          >
            {t[k]}
          </a>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${tab}`}
        className="device-tab-panel"
      >
        {tab === 'data' ? (
          <DataTab user={user} device={device} />
        ) : tab === 'charts' ? (
          <ChartsTab user={user} device={device} route={route} />
        ) : (
          <ResourcesTab user={user} device={device} />
        )}
      </div>
    </>
  );
}
