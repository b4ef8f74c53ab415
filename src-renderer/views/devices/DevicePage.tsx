/**
 * The device page shell (UI.md §3.2): the header (id, name, presence in words, connection facts
 * updated twice a second), the device's actions (Refresh resources, Identify, Show frames, Stop
 * streams), and the tabs Resources and Charts, each a route of its own.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNotice } from './useNotice';
import { DeviceTags } from './DeviceTags';
import type { Device } from '@contract/schemas';
import { isEnabled, type Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { useConnection } from '../../api/connection';
import { href, navigate, type Route } from '../../navigation/router';
import { EmptyState } from '../../components/EmptyState';
import { StatusGlyph } from '../../components/StatusGlyph';
import { formatBytes, groupDigits } from '../../format/bytes';
import { age, clockTime, dateTime, duration } from '../../format/time';
import { messages } from '../../messages';
import {
  deviceKey,
  displayName,
  ensureResources,
  liveness,
  useContact,
  markOpened,
  replacedFrom,
  useDevices,
  type Liveness,
} from '../../state/devices';
import { useLiveStreams } from '../../state/liveStreams';
import { ChartsTab } from '../charts/ChartsTab';
import { ResourcesTab } from '../resources/ResourcesTab';
import { DataTab } from '../data/DataTab';
import { devicePageHref } from '../../navigation/links';
import { deviceCommands, offersIdentify, type DeviceCommandId } from './deviceCommands';
import { FrameLimitField } from './FrameLimitField';

export type DeviceTab = 'resources' | 'charts' | 'data';
const TABS: readonly DeviceTab[] = ['resources', 'charts', 'data'];

/** `…/charts` is the Charts tab, `…/data` Properties & data; anything else is Resources. */
export const tabOf = (segment: string | undefined): DeviceTab =>
  segment === 'charts' ? 'charts' : segment === 'data' ? 'data' : 'resources';

/** How long an outcome ("Stopped 2 streams.") stays on screen. */
const NOTICE_MS = 6_000;

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

function DeviceHeader({ d }: { d: Device }) {
  const t = messages.devices.page;
  const key = d.key;
  const contact = useContact();
  const state = useDevices((s) => liveness(d.status, s.now, contact));
  const now = useDevices((s) => s.now);
  const identify = useDevices((s) => offersIdentify(s.resources[key]));
  const replaced = useDevices((s) => replacedFrom(s, key));
  // Enabled states read the link: re-render when it changes.
  useConnection((s) => s.link);
  const streams = useLiveStreams(
    (s) => s.streams.filter((x) => x.user === d.user && x.device === d.device).length,
  );
  const [busy, setBusy] = useState<Partial<Record<DeviceCommandId, boolean>>>({});
  const [notice, notify] = useNotice(NOTICE_MS);
  const commands = useMemo(
    () =>
      deviceCommands(
        { user: d.user, device: d.device },
        { notify, busy: (id, on) => setBusy((b) => ({ ...b, [id]: on })) },
      ),
    [d.user, d.device, notify],
  );
  const registered = useMemo<Action[]>(
    () => [commands.refresh, commands.identify, commands.showFrames, commands.stopStreams],
    [commands],
  );
  useRegisterActions(registered);

  const st = d.status;
  return (
    <header className={`device-header${state === 'unknown' ? ' device-header-stale' : ''}`}>
      <div className="device-title-row">
        <h2 id="device-page-title" className="device-title">
          <span className="mono">
            <span className="muted">{d.user}/</span>
            {d.device}
          </span>
          {displayName(d) && <span className="device-name">{displayName(d)}</span>}
        </h2>
        <p className="device-presence">
          <StatusGlyph status={state} word={false} />
          <Presence d={d} state={state} now={now} />
        </p>
        {replaced !== null && <p className="device-replaced">{t.replaced(replaced)}</p>}
      </div>
      {d.registered && <DeviceTags device={d} />}
      <dl className="device-facts" aria-label={t.facts}>
        <Fact label={t.transport} value={st.transport?.toUpperCase()} />
        <Fact label={t.protocol} value={st.pv === null ? undefined : t.pv(st.pv)} />
        <Fact label={t.remote} value={st.remoteAddress ?? undefined} mono />
        <Fact label={t.rtt} value={st.rttMs === null ? undefined : t.ms(st.rttMs)} />
        <Fact
          label={t.frames}
          value={t.inOut(groupDigits(st.framesIn), groupDigits(st.framesOut))}
        />
        <Fact label={t.bytes} value={t.inOut(formatBytes(st.bytesIn), formatBytes(st.bytesOut))} />
        {st.dropped > 0 && <Fact label={t.dropped} value={groupDigits(st.dropped)} />}
        {d.registered && <FrameLimitField user={d.user} device={d.device} notify={notify} />}
      </dl>
      <div className="device-actions">
        <div role="toolbar" aria-label={t.toolbar} className="toolbar">
          <CommandButton
            action={commands.refresh}
            label={busy.refresh ? t.refreshing : t.refresh}
            busy={busy.refresh}
          />
          {identify && (
            <CommandButton
              action={commands.identify}
              label={busy.identify ? t.identifying : t.identify}
              busy={busy.identify}
            />
          )}
          <CommandButton action={commands.showFrames} label={t.showFrames} />
          <CommandButton
            action={commands.stopStreams}
            label={t.stopStreams}
            badge={streams > 0 ? streams : undefined}
          />
        </div>
        <p role="status" className="device-notice">
          {notice}
        </p>
      </div>
    </header>
  );
}

function Presence({ d, state, now }: { d: Device; state: Liveness; now: number }) {
  const t = messages.devices.page;
  const st = d.status;
  if (state === 'unknown')
    return <span>{t.noContact(messages.common.status[liveness(st, now)])}</span>;
  if (state !== 'offline') {
    const since = st.connectedSince ?? now;
    return (
      <span title={dateTime(since)}>
        {now - since < 1_000 ? t.justConnected : t.onlineFor(duration(now - since))}
        {state === 'quiet' && st.lastSeen !== null && (
          <span className="device-quiet"> · {t.quiet(duration(now - st.lastSeen))}</span>
        )}
      </span>
    );
  }
  if (st.lastSeen === null) return <span>{t.neverConnected}</span>;
  return (
    <span title={dateTime(st.lastSeen)}>
      {t.offlineSince(clockTime(st.lastSeen), age(st.lastSeen, now))}
      {st.lastDisconnectReason && (
        <span className="muted"> · {t.offlineReason(st.lastDisconnectReason)}</span>
      )}
    </span>
  );
}

function Fact({
  label,
  value,
  mono,
}: {
  label: string;
  value: string | undefined;
  mono?: boolean;
}) {
  return (
    <div className="device-fact">
      <dt className="muted">{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value ?? messages.devices.page.none}</dd>
    </div>
  );
}

function CommandButton({
  action,
  label,
  busy,
  badge,
}: {
  action: Action;
  label: string;
  busy?: boolean | undefined;
  badge?: number | undefined;
}) {
  return (
    <button
      type="button"
      className="btn"
      disabled={busy || !isEnabled(action)}
      aria-busy={busy || undefined}
      onClick={action.perform}
    >
      {label}
      {badge !== undefined && <span className="dev-badge dev-btn-badge">{badge}</span>}
    </button>
  );
}

function DeviceTabs({ user, device, tab, route }: DevicePageProps) {
  const t = messages.devices.page;
  const id = useId();
  const listRef = useRef<HTMLDivElement>(null);
  const hrefOf = (k: DeviceTab): string =>
    k === 'resources' ? devicePageHref({ user, device }) : devicePageHref({ user, device }, k);
  const onKeyDown = (e: KeyboardEvent): void => {
    const i = TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(i + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(i - 1 + TABS.length) % TABS.length]
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
        {TABS.map((k) => (
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
