/**
 * The registered devices (UI.md §3.6): id, name, user, status, created, last seen, credential age
 * ("set 14 Nov", "reset 2 days ago") and the row's actions. Rows can be selected for deleting
 * several; `preselected` (from `#/admin?device=user/device`) is highlighted and scrolled to.
 */
import { useEffect, useRef } from 'react';
import type { Device } from '@contract/schemas';
import { StatusGlyph, type Status } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { exactly, when } from './dates';

/** No inbound frame for this long while online reads as quiet: a missed keep-alive (UI.md §3.1). */
const QUIET_MS = 70_000;
/** A credential updated within this of the creation was set with it, not reset. */
const SAME_MOMENT_MS = 1_000;

export function statusOf(d: Device, now: number): Status {
  if (!d.status.online) return 'offline';
  return d.status.lastSeen !== null && now - d.status.lastSeen > QUIET_MS ? 'quiet' : 'online';
}

function Dated({ at, now, fallback }: { at: number | null; now: number; fallback: string }) {
  return at === null ? (
    <span className="muted">{fallback}</span>
  ) : (
    <span title={exactly(at)}>{when(at, now)}</span>
  );
}

function credentialAge(d: Device, now: number): { text: string; title?: string } {
  const t = messages.admin.table;
  const at = d.credentialUpdatedAt;
  if (at === null) return { text: t.never };
  const reset = d.createdAt !== null && at - d.createdAt > SAME_MOMENT_MS;
  return { text: reset ? t.reset(when(at, now)) : t.set(when(at, now)), title: exactly(at) };
}

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
        {devices.map((d) => {
          const status = statusOf(d, now);
          const credential = credentialAge(d, now);
          const isPreselected = d.key === preselected;
          return (
            <tr
              key={d.key}
              ref={isPreselected ? highlighted : undefined}
              className={`${isPreselected ? 'admin-row-current' : ''} admin-row-${status}`}
              aria-current={isPreselected ? 'true' : undefined}
            >
              <td className="admin-check">
                <input
                  type="checkbox"
                  aria-label={t.select(d.key)}
                  checked={selected.has(d.key)}
                  onChange={(e) => onSelect([d.key], e.target.checked)}
                />
              </td>
              <th scope="row" className="mono admin-id">
                {d.device}
                {d.autoRegistered ? (
                  <span className="admin-tag" title={t.autoTitle}>
                    {t.auto}
                  </span>
                ) : null}
              </th>
              <td>{d.name}</td>
              <td className="mono">{d.user}</td>
              <td>
                <StatusGlyph status={status} />
              </td>
              <td>
                <Dated at={d.createdAt} now={now} fallback={t.never} />
              </td>
              <td>
                {d.status.online ? (
                  <span>{t.now}</span>
                ) : (
                  <Dated at={d.status.lastSeen} now={now} fallback={t.never} />
                )}
              </td>
              <td title={credential.title}>{credential.text}</td>
              <td className="admin-actions">
                <button
                  type="button"
                  className="btn"
                  aria-label={messages.admin.reset.rowAction(d.key)}
                  onClick={() => onReset(d)}
                >
                  {messages.admin.reset.action}
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  aria-label={messages.admin.remove.rowAction(d.key)}
                  onClick={() => onDelete(d)}
                >
                  {messages.admin.remove.action}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
