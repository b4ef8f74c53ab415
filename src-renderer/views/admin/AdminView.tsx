/**
 * Devices admin (UI.md §3.6): accept new devices, the registered devices with their credential
 * age, add / reset credential / delete (one or several), and the connections the broker refused.
 * `#/admin?device=user/device` preselects a device (the devices tree links here), `&action=reset`
 * or `&action=delete` also opens that dialog (adminDialogs), and `#/admin?add` opens the add form.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Device } from '@contract/schemas';
import { useIntent } from '../../actions/intents';
import type { Route } from '../../navigation/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { followAdmin, useAdmin, type DeviceKey } from '../../state/admin';
import { followSettings } from '../../state/settings';
import { AcceptNewDevices } from '../../components/AcceptNewDevices';
import { CredentialOnceDialog } from './CredentialOnceDialog';
import { AdminDialogs, useAdminDialog } from './adminDialogs';
import { DeviceTable, statusOf } from './DeviceTable';
import { ListPlaceholder, TableBar } from './AdminListParts';
import { RejectedConnections } from './RejectedConnections';
import { useAdminActions } from './useAdminActions';
import { useDeviceChoice } from './useDeviceChoice';
import { useNow } from '../../components/useNow';
import '../../styles/tables.css';
import './admin.css';

/** Skeleton rows appear only after this, so a quick answer does not flicker (UI.md §1). */
const SKELETON_AFTER_MS = 150;

const matches = (d: Device, filter: string): boolean => {
  const q = filter.trim().toLowerCase();
  return !q || `${d.key} ${d.name}`.toLowerCase().includes(q);
};

export function AdminView({ route }: { route: Route }) {
  const t = messages.admin;
  const devices = useAdmin((s) => s.devices);
  const loadError = useAdmin((s) => s.loadError);
  const refresh = useAdmin((s) => s.refresh);
  const setDraft = useAdmin((s) => s.setDraft);
  const [dialog, setDialog] = useAdminDialog(route, devices);
  const [filter, setFilter] = useState('');
  const [skeleton, setSkeleton] = useState(false);
  const filterField = useRef<HTMLInputElement>(null);
  const now = useNow(10_000);
  const preselected = route.query.get('device');

  useEffect(() => followAdmin(), []);
  useEffect(() => followSettings(), []);
  useEffect(() => {
    const timer = setTimeout(() => setSkeleton(true), SKELETON_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);

  const registered = useMemo(() => devices?.filter((d) => d.registered) ?? [], [devices]);
  const { selected, chosen, select, prune } = useDeviceChoice(registered);
  const shown = registered.filter((d) => matches(d, filter) || d.key === preselected);
  const online = registered.filter((d) => statusOf(d, now) !== 'offline').length;

  const openAdd = (prefill?: DeviceKey): void => {
    if (prefill) setDraft({ user: prefill.user, device: prefill.device });
    setDialog({ kind: 'add' });
  };
  useAdminActions({
    onAdd: () => setDialog({ kind: 'add' }),
    chosen,
    onDelete: (devices) => setDialog({ kind: 'delete', devices }),
    filterField,
  });
  // The app-wide "Add device" (./actions.ts) lands here.
  useIntent('admin.add', () => openAdd());

  const body =
    !devices || registered.length === 0 ? (
      <ListPlaceholder loaded={devices !== null} skeleton={skeleton} onAdd={() => openAdd()} />
    ) : (
      <>
        <TableBar
          filterField={filterField}
          filter={filter}
          onFilter={setFilter}
          registered={registered.length}
          online={online}
          chosen={chosen.length}
          onDeleteChosen={() => setDialog({ kind: 'delete', devices: chosen })}
        />
        {loadError ? (
          <ErrorNotice
            error={loadError}
            title={t.table.loadFailed}
            onRetry={() => void refresh()}
          />
        ) : null}
        <div className="admin-table-wrap">
          <DeviceTable
            devices={shown}
            now={now}
            selected={selected}
            onSelect={select}
            preselected={preselected}
            onReset={(device) => setDialog({ kind: 'reset', device })}
            onDelete={(d) => setDialog({ kind: 'delete', devices: [d] })}
          />
        </div>
        {shown.length === 0 ? <p className="muted">{t.table.nothingMatches}</p> : null}
      </>
    );

  return (
    <>
      <ViewHeader title={messages.shell.nav.admin}>
        <button type="button" className="btn btn-primary" onClick={() => openAdd()}>
          {t.add.action}
        </button>
      </ViewHeader>
      <div className="admin-page">
        <AcceptNewDevices />
        <section className="admin-section" aria-labelledby="admin-devices-heading">
          <h2
            id="admin-devices-heading"
            className="admin-section-title"
            tabIndex={-1}
            data-focus-fallback
          >
            {t.table.caption}
          </h2>
          {body}
        </section>
        <RejectedConnections onAdd={openAdd} />
      </div>
      <AdminDialogs
        dialog={dialog}
        onClose={() => {
          setDialog(null);
          // Rows that are gone cannot stay selected.
          prune();
        }}
      />
      <CredentialOnceDialog />
    </>
  );
}
