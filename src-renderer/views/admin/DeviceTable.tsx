/**
 * The registered devices (UI.md §3.6): id, name, user, status, created, last seen, credential age
 * ("set 14 Nov", "reset 2 days ago") and the row's actions. Rows can be selected for deleting
 * several; `preselected` (from `#/admin?device=user/device`) is highlighted and scrolled to.
 * Each row is a DeviceRow.
 */
import { useEffect, useRef } from 'react';
import type { Device } from '@contract/schemas';
import { messages } from '../../messages';
import { DeviceRow } from './DeviceRow';

export function DeviceTable({
  devices,
  now,
  selected,
  onSelect,
  preselected,
  onReset,
  onDelete,
}: {
  devices: Device[];
  now: number;
  selected: ReadonlySet<string>;
  onSelect: (keys: string[], on: boolean) => void;
  preselected: string | null;
  onReset: (d: Device) => void;
  onDelete: (d: Device) => void;
}) {
  const t = messages.admin.table;
  const highlighted = useRef<HTMLTableRowElement>(null);
  const allSelected = devices.length > 0 && devices.every((d) => selected.has(d.key));

  useEffect(() => {
    highlighted.current?.scrollIntoView?.({ block: 'nearest' });
  }, [preselected]);

  return (
    <table className="admin-table" aria-label={t.caption}>
      <thead>
        <tr>
          <th scope="col" className="admin-check">
            <input
              type="checkbox"
              aria-label={t.selectAll}
              checked={allSelected}
              disabled={devices.length === 0}
              onChange={(e) =>
                onSelect(
                  devices.map((d) => d.key),
                  e.target.checked,
                )
              }
            />
          </th>
          <th scope="col">{t.device}</th>
          <th scope="col">{t.name}</th>
          <th scope="col">{t.user}</th>
          <th scope="col">{t.status}</th>
          <th scope="col">{t.created}</th>
          <th scope="col">{t.lastSeen}</th>
          <th scope="col">{t.credential}</th>
          <th scope="col">{t.actions}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <DeviceRow
            key={d.key}
            device={d}
            now={now}
            selected={selected.has(d.key)}
            onSelect={(on) => onSelect([d.key], on)}
            current={d.key === preselected}
            rowRef={d.key === preselected ? highlighted : undefined}
            onReset={onReset}
            onDelete={onDelete}
          />
        ))}
      </tbody>
    </table>
  );
}
