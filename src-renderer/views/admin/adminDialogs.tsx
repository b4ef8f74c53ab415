/**
 * Devices admin's dialogs (UI.md §3.6): add, reset credential, delete (one or several). A deep
 * link (`#/admin?device=user/device&action=reset|delete`, `#/admin?add`) opens its dialog once the
 * list is there to find the device in.
 */
import { useState } from 'react';
import type { Device } from '@contract/schemas';
import { DeleteDevicesDialog } from '../../components/DeleteDevicesDialog';
import type { Route } from '../../navigation/router';
import { AddDeviceDialog } from './AddDeviceDialog';
import { ResetCredentialDialog } from './ResetCredentialDialog';

export type OpenDialog =
  { kind: 'add' } | { kind: 'reset'; device: Device } | { kind: 'delete'; devices: Device[] };

export function useAdminDialog(
  route: Route,
  devices: readonly Device[] | null,
): [OpenDialog | null, (dialog: OpenDialog | null) => void] {
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const preselected = route.query.get('device');
  const requested = route.query.get('action');
  const wantsAdd = route.query.has('add');
  // State adjusted while rendering, as React advises for a change of props.
  const link = devices ? `${preselected}|${requested}|${wantsAdd}` : null;
  const [handledLink, setHandledLink] = useState<string | null>(null);
  if (devices && link !== null && link !== handledLink) {
    setHandledLink(link);
    const device = devices.find((d) => d.key === preselected && d.registered);
    if (wantsAdd) setDialog({ kind: 'add' });
    else if (device && requested === 'reset') setDialog({ kind: 'reset', device });
    else if (device && requested === 'delete') setDialog({ kind: 'delete', devices: [device] });
  }
  return [dialog, setDialog];
}

export function AdminDialogs({ dialog, onClose }: { dialog: OpenDialog | null; onClose(): void }) {
  if (dialog?.kind === 'add') return <AddDeviceDialog onClose={onClose} />;
  if (dialog?.kind === 'reset')
    return <ResetCredentialDialog device={dialog.device} onClose={onClose} />;
  if (dialog?.kind === 'delete')
    return <DeleteDevicesDialog devices={dialog.devices} onClose={onClose} />;
  return null;
}
