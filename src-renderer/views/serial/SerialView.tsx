/**
 * Serial monitor (UI.md §3.9): one tab per open port, each with its own buffer, settings and send
 * history. `#/serial/<port>` opens that port (at its last baud rate, else its board kind's default)
 * and shows its
 * tab; Boards' "Open monitor" and Flash's "Open serial monitor" link here.
 */
import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { href, navigate, type Route } from '../../navigation/router';
import { closeMonitor, followMonitors, useSerial } from '../../state/serial';
import { useFollowBoards } from '../../state/useFollowBoards';
import { MonitorPanel } from './MonitorPanel';
import { NewTabLink } from './NewTabLink';
import { PortPicker } from './PortPicker';
import { SerialTabs } from './SerialTabs';
import { useFeeds } from './useFeeds';
import { useRouteMonitor } from './useRouteMonitor';
import './serial.css';

export function SerialView({ route }: { route: Route }) {
  const tabs = useSerial((s) => s.tabs);
  const loaded = useSerial((s) => s.loaded);
  const routePort = route.params[0] ?? null;
  const t = messages.serial;
  useFollowBoards();
  useEffect(() => followMonitors(), []);
  useFeeds(tabs);

  useRouteMonitor(routePort);

  const active = routePort && tabs.includes(routePort) ? routePort : null;

  const close = (port: string): void => {
    const rest = tabs.filter((p) => p !== port);
    void closeMonitor(port).catch(() => undefined);
    if (port === active) navigate(rest[0] ? href('serial', rest[0]) : href('serial'));
  };

  return (
    <>
      <ViewHeader title={messages.shell.nav.serial}>
        <PortPicker open={tabs} />
        {active && <NewTabLink port={active} />}
      </ViewHeader>
      {tabs.length > 0 && <SerialTabs tabs={tabs} active={active} onClose={close} />}
      {active ? (
        <MonitorPanel key={active} port={active} />
      ) : loaded && tabs.length === 0 && !routePort ? (
        <EmptyState title={t.empty.title} glyph="⇌">
          <p>{t.empty.body}</p>
          <a className="btn" href={href('boards')}>
            {t.empty.boards}
          </a>
        </EmptyState>
      ) : null}
    </>
  );
}
