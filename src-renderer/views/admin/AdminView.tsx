/**
 * Devices admin (UI.md §3.6): accept new devices, the registered devices with their credential
 * age, add / reset credential / delete (one or several), and the connections the broker refused.
 * `#/admin?device=user/device` preselects a device (the devices tree links here), `&action=reset`
 * or `&action=delete` also opens that dialog (adminDialogs), and `#/admin?add` opens the add form.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useIntent } from '../../actions/intents';
import type { Route } from '../../navigation/router';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { followAdmin, useAdmin, type DeviceKey } from '../../state/admin';
import { followSettings } from '../../state/settings';
import { AcceptNewDevices } from '../../components/AcceptNewDevices';
import { CredentialOnceDialog } from './CredentialOnceDialog';
import { AdminDialogs, useAdminDialog } from './adminDialogs';
import { RegisteredDevices } from './RegisteredDevices';
import { RejectedConnections } from './RejectedConnections';
import { useAdminActions } from './useAdminActions';
import { useDeviceChoice } from './useDeviceChoice';
import { useNow } from '../../components/useNow';
import '../../styles/tables.css';
import './admin.css';

/** Skeleton rows appear only after this, so a quick answer does not flicker (UI.md §1). */
const SKELETON_AFTER_MS = 150;

export function AdminView({ route }: { route: Route }) {
  const t = messages.admin;
  const devices = useAdmin((s) => s.devices);
  const setDraft = useAdmin((s) => s.setDraft);
  const [dialog, setDialog] = useAdminDialog(route, devices);
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
  const choice = useDeviceChoice(registered);
  const { chosen, prune } = choice;

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
          <RegisteredDevices
            registered={registered}
            loaded={devices !== null}
            skeleton={skeleton}
            now={now}
            preselected={preselected}
            choice={choice}
            filterField={filterField}
            onAdd={() => openAdd()}
            onDialog={setDialog}
          />
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
