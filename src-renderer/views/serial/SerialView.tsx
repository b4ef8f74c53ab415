/**
 * Serial monitor (UI.md §3.9): one tab per open port, each with its own buffer, settings and send
 * history. `#/serial/<port>` opens that port (at its last baud rate, else its board kind's default)
 * and shows its
 * tab; Boards' "Open monitor" and Flash's "Open serial monitor" link here.
 */
import { useEffect, useState } from 'react';
import { useConnection } from '../../api/connection';
import { href, navigate, type Route } from '../../navigation/router';
import { EmptyState } from '../../components/EmptyState';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { presentPorts, usePorts } from '../../state/ports';
import { closeMonitor, feedOf, followMonitors, openMonitor, useSerial } from '../../state/serial';
import { settingsOf, useSerialSettings } from '../../state/serialSettings';
import { baudFor } from '../../state/serialDefaults';
import { useFollowBoards } from '../../state/useFollowBoards';
import { MonitorPanel } from './MonitorPanel';
import './serial.css';

export function SerialView({ route }: { route: Route }) {
  const tabs = useSerial((s) => s.tabs);
  const loaded = useSerial((s) => s.loaded);
  const routePort = route.params[0] ?? null;
  const t = messages.serial;
  useFollowBoards();
  useEffect(() => followMonitors(), []);
  useFeeds(tabs);

  // A route naming a port without a tab opens it, once main said which monitors are open and
  // which ports there are (the port's last baud rate and board kind come with it).
  const portsLoaded = usePorts((s) => s.loaded);
  useEffect(() => {
    if (!loaded || !portsLoaded || !routePort || useSerial.getState().tabs.includes(routePort))
      return;
    const s = settingsOf(routePort);
    void openMonitor(routePort, baudFor(routePort), s.lineEnding).catch(() => undefined);
  }, [loaded, portsLoaded, routePort]);

  // `#/serial` alone shows the first tab.
  useEffect(() => {
    if (!routePort && tabs[0]) navigate(href('serial', tabs[0]));
  }, [routePort, tabs]);

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
      {tabs.length > 0 && (
        <div
          className="serial-tabs"
          role="tablist"
          aria-label={t.tabs}
          onKeyDown={(e) => {
            // Left/Right move between tabs (the ARIA tabs pattern); focus follows the new tab.
            const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (
              !step ||
              !active ||
              !(e.target instanceof HTMLElement) ||
              e.target.getAttribute('role') !== 'tab'
            )
              return;
            e.preventDefault();
            const next = tabs[(tabs.indexOf(active) + step + tabs.length) % tabs.length];
            if (next === undefined) return;
            navigate(href('serial', next));
            requestAnimationFrame(() => document.getElementById(`serial-tab-${next}`)?.focus());
          }}
        >
          {tabs.map((port) => (
            <TabButton
              key={port}
              port={port}
              active={port === active}
              onClose={() => close(port)}
            />
          ))}
        </div>
      )}
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

/** Every tab's feed stays subscribed while the view shows, so none misses lines. */
function useFeeds(tabs: readonly string[]): void {
  const views = useSerialSettings((s) => s.ports);
  const key = tabs.map((p) => `${p}\n${views[p]?.view ?? 'text'}`).join('\n\n');
  useEffect(() => {
    const attached = tabs.map((port) => {
      const feed = feedOf(port);
      feed.attach(settingsOf(port).view === 'hex');
      return feed;
    });
    return () => attached.forEach((f) => f.detach());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers tabs and their views
  }, [key]);
}

function TabButton({
  port,
  active,
  onClose,
}: {
  port: string;
  active: boolean;
  onClose: () => void;
}) {
  const status = useSerial((s) => s.monitors[port]?.status ?? 'unknown');
  const failed = useSerial((s) => !!(s.monitors[port]?.error || s.monitors[port]?.openError));
  const glyph = failed
    ? '✕'
    : status === 'connected'
      ? '●'
      : status === 'closed'
        ? '○'
        : status === 'unplugged'
          ? '▲'
          : '◐';
  return (
    <div className={`serial-tab${active ? ' serial-tab-active' : ''}`}>
      <button
        type="button"
        role="tab"
        id={`serial-tab-${port}`}
        aria-selected={active}
        tabIndex={active ? 0 : -1}
        aria-controls="serial-panel"
        className="serial-tab-button"
        onClick={() => navigate(href('serial', port))}
      >
        <span
          className={`serial-glyph serial-glyph-${failed ? 'failed' : status}`}
          aria-hidden="true"
        >
          {glyph}
        </span>
        <span className="mono">{port}</span>
      </button>
      <button
        type="button"
        className="btn btn-quiet serial-tab-close"
        aria-label={messages.serial.closeTab(port)}
        title={messages.serial.closeTab(port)}
        onClick={onClose}
      >
        ×
      </button>
    </div>
  );
}

/**
 * The web console opens a monitor in another browser tab (UI.md §3.9: a detachable monitor); the
 * page link carries the token. The desktop app has no second window for it yet.
 */
function NewTabLink({ port }: { port: string }) {
  const runtime = useConnection((s) => s.runtime);
  if (runtime !== 'console') return null;
  const url = `${window.location.href.split('#')[0]}${href('serial', port)}`;
  return (
    <a className="btn serial-newtab" href={url} target="_blank" rel="noopener">
      {messages.serial.newTab}
    </a>
  );
}

/** "Port [pick…] Open": any listed port without a tab. */
function PortPicker({ open }: { open: readonly string[] }) {
  const ports = usePorts((s) => s.ports);
  const [choice, setChoice] = useState('');
  const t = messages.serial;
  const free = presentPorts(ports).filter((p) => !open.includes(p.path));
  return (
    <form
      className="port-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) navigate(href('serial', choice));
        setChoice('');
      }}
    >
      <label className="serial-field">
        <span>{t.openPort}</span>
        <select className="field" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{t.openPortPick}</option>
          {free.map((p) => (
            <option key={p.path} value={p.path}>
              {p.path} · {p.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={!choice}>
        {t.open}
      </button>
    </form>
  );
}
