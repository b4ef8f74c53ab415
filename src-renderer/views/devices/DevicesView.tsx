/**
 * Devices (UI.md §3.1): the tree of groups → devices → resources on the left, resizable, and the
 * device page (§3.2) on the right. Routes: `#/devices`, `#/devices/<user>/<device>` and
 * `…/charts`. The counters poll and the clock run only while this view is mounted.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import type { Route } from '../../navigation/router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { deviceKey, refreshDevices, useDevices, watchDevices } from '../../state/devices';
import { DevicePage } from './DevicePage';
import { tabOf } from './deviceTab';
import { DevicesEmpty } from './DevicesEmpty';
import { DeviceTree } from './DeviceTree';
import { SelectionBar } from './SelectionBar';
import { Splitter } from './Splitter';
import { TreeFilter } from './TreeFilter';
import { useNotice } from './useNotice';
import './devices.css';

/** Skeleton rows appear only when loading takes longer than this, to avoid flicker (UI.md §1). */
const SKELETON_AFTER_MS = 150;
const SKELETON_ROWS = 6;
/** How long a tree outcome ("Copied") stays under the tree. */
const NOTICE_MS = 4_000;

export function DevicesView({ route }: { route: Route }) {
  const [user, device, section] = route.params;
  const selected = user && device ? deviceKey(user, device) : null;
  const width = useDevices((s) => s.listWidth);
  const filterRef = useRef<HTMLInputElement>(null);
  const t = messages.devices;

  useEffect(() => {
    // The app follows the list from the start (DeviceJumps); this covers a view shown alone.
    const s = useDevices.getState();
    if (!s.loaded && !s.loading) void refreshDevices();
    return watchDevices();
  }, []);

  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'devices.focusFilter',
        label: t.actions.focusFilter,
        group: t.actions.group,
        keys: '/',
        perform: () => {
          filterRef.current?.focus();
          filterRef.current?.select();
        },
      },
    ],
    [t],
  );
  useRegisterActions(actions);

  const [notice, notify] = useNotice(NOTICE_MS);

  return (
    <>
      <ViewHeader title={messages.shell.nav.devices}>
        <Counts />
      </ViewHeader>
      <div className="devices-split">
        <section className="devices-list" style={{ width }} aria-label={t.tree.label}>
          <TreeFilter inputRef={filterRef} />
          <SelectionBar notify={notify} />
          <TreeBody selectedKey={selected} notify={notify} />
          <p role="status" className="devices-notice muted">
            {notice}
          </p>
        </section>
        <Splitter />
        <div className="devices-detail">
          {user && device ? (
            <DevicePage user={user} device={device} tab={tabOf(section)} route={route} />
          ) : (
            <DevicesHome />
          )}
        </div>
      </div>
    </>
  );
}

function Counts() {
  const total = useDevices((s) => s.keys.length);
  const online = useDevices((s) => s.keys.filter((k) => s.devices[k]?.status.online).length);
  const loaded = useDevices((s) => s.loaded);
  if (!loaded) return null;
  return <span className="devices-counts">{messages.devices.counts(total, online)}</span>;
}

/** True once `flag` has stayed true for `ms`. */
function useDelayed(flag: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!flag) return;
    const t = setTimeout(() => setLate(true), ms);
    return () => {
      clearTimeout(t);
      setLate(false);
    };
  }, [flag, ms]);
  return flag && late;
}

function TreeBody({
  selectedKey,
  notify,
}: {
  selectedKey: string | null;
  notify(t: string): void;
}) {
  const loaded = useDevices((s) => s.loaded);
  const loading = useDevices((s) => s.loading);
  const error = useDevices((s) => s.error);
  const total = useDevices((s) => s.keys.length);
  const skeleton = useDelayed(!loaded && loading, SKELETON_AFTER_MS);
  const t = messages.devices;

  if (!loaded && error)
    return (
      <div className="devices-list-message">
        <ErrorNotice error={error} title={t.loadError} onRetry={() => void refreshDevices()} />
      </div>
    );
  if (!loaded)
    return skeleton ? (
      <div className="tree-skeleton" aria-busy="true" aria-label={messages.common.loading}>
        {Array.from({ length: SKELETON_ROWS }, (_, i) => (
          <div key={i} className="tree-skeleton-row" />
        ))}
      </div>
    ) : null;
  return (
    <>
      {error ? (
        <div className="devices-list-message">
          <ErrorNotice error={error} title={t.loadError} onRetry={() => void refreshDevices()} />
        </div>
      ) : null}
      {total === 0 && <p className="devices-list-message muted">{t.tree.none}</p>}
      <DeviceTree selectedKey={selectedKey} notify={notify} />
    </>
  );
}

function DevicesHome() {
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
