/**
 * Devices (UI.md §3.1): the tree of groups → devices → resources on the left, resizable, and the
 * device page (§3.2) on the right. Routes: `#/devices`, `#/devices/<user>/<device>` and
 * `…/charts`. The counters poll and the clock run only while this view is mounted.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import type { Route } from '../../navigation/router';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { deviceKey, refreshDevices, useDevices, watchDevices } from '../../state/devices';
import { DevicePage } from './DevicePage';
import { tabOf } from './deviceTab';
import { DeviceCounts, DevicesHome } from './DevicesHome';
import { SelectionBar } from './SelectionBar';
import { Splitter } from './Splitter';
import { TreeBody } from './TreeBody';
import { TreeFilter } from './TreeFilter';
import { useNotice } from '../../components/useNotice';
import './devices.css';

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
        <DeviceCounts />
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
