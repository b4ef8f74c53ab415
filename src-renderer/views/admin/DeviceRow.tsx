/**
 * One registered device in the admin table: its tick, id (tagged when it registered itself), name,
 * user, status, created, last seen, credential age, and Reset credential / Delete.
 */
import type { Ref } from 'react';
import type { Device } from '@contract/schemas';
import { StatusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { exactly, when } from './dates';
import { credentialAge, statusOf } from './deviceFacts';

const t = messages.admin.table;

function Dated({ at, now, fallback }: { at: number | null; now: number; fallback: string }) {
  return at === null ? (
    <span className="muted">{fallback}</span>
  ) : (
    <span title={exactly(at)}>{when(at, now)}</span>
  );
}

export interface DeviceRowProps {
  device: Device;
  now: number;
  selected: boolean;
  onSelect(on: boolean): void;
  /** The device the route named: highlighted, and given `rowRef` to be scrolled to. */
  current: boolean;
  rowRef: Ref<HTMLTableRowElement> | undefined;
  onReset(d: Device): void;
  onDelete(d: Device): void;
}

export function DeviceRow({
  device: d,
  now,
  selected,
  onSelect,
  current,
  rowRef,
  onReset,
  onDelete,
}: DeviceRowProps) {
  const status = statusOf(d, now);
  const credential = credentialAge(d, now);
  return (
    <tr
      ref={rowRef}
      className={`${current ? 'admin-row-current' : ''} admin-row-${status}`}
      aria-current={current ? 'true' : undefined}
    >
      <td className="admin-check">
        <input
          type="checkbox"
          aria-label={t.select(d.key)}
          checked={selected}
          onChange={(e) => onSelect(e.target.checked)}
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
}
