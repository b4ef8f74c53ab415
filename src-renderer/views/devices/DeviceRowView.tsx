/**
 * A device row of the tree (UI.md §3.1): status glyph, id and name, "new" badge, transport chip,
 * bytes or last seen, and the box that ticks it for a bulk action. It selects its own device and
 * derived strings only, so a counter change elsewhere does not re-render it.
 */
import { StatusGlyph } from '../../components/StatusGlyph';
import { formatBytes } from '../../format/bytes';
import { age, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { displayName, isNew, liveness, useContact, useDevices } from '../../state/devices';
import { itemProps, SelectBox, Twisty, type RowProps } from './treeRowParts';
import type { TreeRow } from './treeRows';

export function DeviceRow(p: RowProps & { row: Extract<TreeRow, { kind: 'device' }> }) {
  const { row } = p;
  const key = row.key;
  const d = useDevices((s) => s.devices[key]);
  const contact = useContact();
  const state = useDevices((s) => {
    const dev = s.devices[key];
    return dev ? liveness(dev.status, s.now, contact) : 'offline';
  });
  // What the row said before contact was lost, shown as such.
  const lastKnown = useDevices((s) => {
    const dev = s.devices[key];
    return dev ? liveness(dev.status, s.now) : 'offline';
  });
  const seen = useDevices((s) => {
    const last = s.devices[key]?.status.lastSeen;
    return last === null || last === undefined ? null : age(last, s.now);
  });
  const fresh = useDevices((s) => {
    const dev = s.devices[key];
    return dev ? isNew(dev, s.opened) : false;
  });
  const appeared = useDevices((s) => s.appearedAt[key] !== undefined);
  const checked = useDevices((s) => Boolean(s.selection[key]));
  if (!d) return null;
  const t = messages.devices.tree;
  const name = displayName(d);
  const st = d.status;
  const status = messages.common.status[state];
  const detail =
    state === 'unknown'
      ? t.unknown(messages.common.status[lastKnown])
      : state === 'offline'
        ? seen
          ? t.lastSeen(seen)
          : t.notSeen
        : state === 'quiet' && seen
          ? t.quietFor(seen)
          : t.bytes(formatBytes(st.bytesIn), formatBytes(st.bytesOut));
  return (
    <div
      {...itemProps(p, {
        label: t.device(d.device, status, name, fresh),
        expanded: row.expanded,
        checked,
        className: `tree-device tree-device-${state}${appeared ? ' tree-appeared' : ''}`,
      })}
      data-appeared={appeared || undefined}
    >
      <SelectBox checked={checked} />
      <Twisty expanded={row.expanded} />
      <div className="tree-device-body">
        <div className="tree-line">
          <StatusGlyph status={state} word={false} />
          <span className="mono tree-device-id">{d.device}</span>
          {name && <span className="tree-device-name">{name}</span>}
          {fresh && (
            <span className="dev-badge dev-badge-new" title={t.newTitle}>
              {t.newBadge}
            </span>
          )}
        </div>
        <div className="tree-line tree-line-sub">
          {st.transport && <span className="dev-chip">{t.chip(st.transport, st.pv)}</span>}
          <span
            className="tree-detail"
            title={
              state === 'online'
                ? t.bytesTitle
                : st.lastSeen !== null
                  ? dateTime(st.lastSeen)
                  : undefined
            }
          >
            {detail}
          </span>
        </div>
      </div>
    </div>
  );
}
