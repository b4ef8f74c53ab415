/**
 * Devices admin's list: the placeholder while there is none (or while loading), else the table bar
 * (filter over id and name, counts, delete the ticked ones), a load error, and the table. The
 * device the route names stays listed whatever the filter.
 */
import { useState, type RefObject } from 'react';
import type { Device } from '@contract/schemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import { useAdmin } from '../../state/admin';
import type { OpenDialog } from './adminDialogs';
import { ListPlaceholder, TableBar } from './AdminListParts';
import { statusOf } from './deviceFacts';
import { DeviceTable } from './DeviceTable';
import type { DeviceChoice } from './useDeviceChoice';

const t = messages.admin;

const matches = (d: Device, filter: string): boolean => {
  const q = filter.trim().toLowerCase();
  return !q || `${d.key} ${d.name}`.toLowerCase().includes(q);
};

export interface RegisteredDevicesProps {
  /** The registered devices (the list has been read when `loaded`). */
  registered: readonly Device[];
  loaded: boolean;
  /** Loading took long enough for skeleton rows. */
  skeleton: boolean;
  now: number;
  preselected: string | null;
  choice: DeviceChoice;
  filterField: RefObject<HTMLInputElement | null>;
  onAdd(): void;
  onDialog(dialog: OpenDialog): void;
}

export function RegisteredDevices(props: RegisteredDevicesProps) {
  const { registered, now, preselected, choice, onDialog } = props;
  const loadError = useAdmin((s) => s.loadError);
  const refresh = useAdmin((s) => s.refresh);
  const [filter, setFilter] = useState('');
  if (!props.loaded || registered.length === 0)
    return <ListPlaceholder loaded={props.loaded} skeleton={props.skeleton} onAdd={props.onAdd} />;

  const shown = registered.filter((d) => matches(d, filter) || d.key === preselected);
  const online = registered.filter((d) => statusOf(d, now) !== 'offline').length;
  return (
    <>
      <TableBar
        filterField={props.filterField}
        filter={filter}
        onFilter={setFilter}
        registered={registered.length}
        online={online}
        chosen={choice.chosen.length}
        onDeleteChosen={() => onDialog({ kind: 'delete', devices: choice.chosen })}
      />
      {loadError ? (
        <ErrorNotice error={loadError} title={t.table.loadFailed} onRetry={() => void refresh()} />
      ) : null}
      <div className="admin-table-wrap">
        <DeviceTable
          devices={shown}
          now={now}
          selected={choice.selected}
          onSelect={choice.select}
          preselected={preselected}
          onReset={(device) => onDialog({ kind: 'reset', device })}
          onDelete={(d) => onDialog({ kind: 'delete', devices: [d] })}
        />
      </div>
      {shown.length === 0 ? <p className="muted">{t.table.nothingMatches}</p> : null}
    </>
  );
}
