/**
 * One row of the device tree (UI.md §3.1, §5): a `treeitem` with its level, position, expanded
 * and selected state, named with its status ("thermo, online"). A device row selects its own
 * device and derived strings only, so a counter change elsewhere does not re-render it.
 */
import { memo, type CSSProperties, type MouseEvent } from 'react';
import { StatusGlyph } from '../../components/StatusGlyph';
import { formatBytes } from '../../format/bytes';
import { age, dateTime } from '../../format/time';
import { messages } from '../../messages';
import {
  displayName,
  isNew,
  liveness,
  useContact,
  splitKey,
  useDevices,
  type ResourceKind,
} from '../../state/devices';
import { useLiveStreams } from '../../state/liveStreams';
import { useInlineValue } from './useInlineValue';
import type { TreeRow } from './treeRows';

/** Fixed heights, so the virtualiser needs no measuring: devices take two lines. */
export const ROW_HEIGHT: Record<TreeRow['kind'], number> = {
  group: 34,
  device: 54,
  resource: 34,
  note: 34,
};

export const LEVEL: Record<TreeRow['kind'], number> = { group: 1, device: 2, resource: 3, note: 3 };

export const KIND_GLYPH: Record<ResourceKind, string> = {
  run: '▶',
  in: '⇥',
  out: '⇤',
  inout: '⇄',
  none: '∅',
};

/** A DOM id for `aria-activedescendant`: row ids may hold any character. */
export const rowDomId = (rowId: string): string =>
  `devtree-${Array.from(rowId, (c) => (/[A-Za-z0-9_-]/.test(c) ? c : `.${c.codePointAt(0)!.toString(16)}.`)).join('')}`;

export interface RowProps {
  row: TreeRow;
  active: boolean;
  selected: boolean;
  style?: CSSProperties;
  onPick(row: TreeRow, e: MouseEvent): void;
  onMenu(row: TreeRow, e: MouseEvent): void;
}

export const TreeRowView = memo(function TreeRowView(props: RowProps) {
  switch (props.row.kind) {
    case 'group':
      return <GroupRow {...props} row={props.row} />;
    case 'device':
      return <DeviceRow {...props} row={props.row} />;
    case 'resource':
      return <ResourceRow {...props} row={props.row} />;
    default:
      return <NoteRow {...props} row={props.row} />;
  }
});

function itemProps(p: RowProps, extra: { label: string; expanded?: boolean; className: string }) {
  const { row } = p;
  return {
    id: rowDomId(row.id),
    role: 'treeitem',
    'aria-level': LEVEL[row.kind],
    'aria-label': extra.label,
    'aria-selected': p.selected,
    ...(extra.expanded !== undefined ? { 'aria-expanded': extra.expanded } : {}),
    ...('setSize' in row ? { 'aria-setsize': row.setSize, 'aria-posinset': row.pos } : {}),
    className: `tree-row ${extra.className}${p.active ? ' tree-row-active' : ''}`,
    style: { height: ROW_HEIGHT[row.kind], ...p.style },
    onClick: (e: MouseEvent) => p.onPick(row, e),
    onContextMenu: (e: MouseEvent) => p.onMenu(row, e),
  } as const;
}

const Twisty = ({ expanded }: { expanded: boolean }) => (
  <span className="tree-twisty" aria-hidden="true">
    {expanded ? '▾' : '▸'}
  </span>
);

function GroupRow(p: RowProps & { row: Extract<TreeRow, { kind: 'group' }> }) {
  const { row } = p;
  const t = messages.devices.tree;
  return (
    <div
      {...itemProps(p, {
        label: t.group(row.user, row.total, row.online),
        expanded: row.expanded,
        className: 'tree-group',
      })}
    >
      <Twisty expanded={row.expanded} />
      <span className="tree-group-name">{row.user}</span>
      <span className="muted tree-group-count">
        {row.online}/{row.total}
      </span>
    </div>
  );
}

function DeviceRow(p: RowProps & { row: Extract<TreeRow, { kind: 'device' }> }) {
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
        className: `tree-device tree-device-${state}${appeared ? ' tree-appeared' : ''}`,
      })}
      data-appeared={appeared || undefined}
    >
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

function ResourceRow(p: RowProps & { row: Extract<TreeRow, { kind: 'resource' }> }) {
  const { row } = p;
  const [user, device] = splitKey(row.key);
  const streaming = useLiveStreams((s) =>
    s.streams.some(
      (x) => x.user === user && x.device === device && x.resource === row.resource.name,
    ),
  );
  const t = messages.devices;
  const kind = t.kinds[row.resource.kind];
  const value = useInlineValue(user, device, row.resource);
  return (
    <div
      {...itemProps(p, {
        label: t.tree.resource(row.resource.name, kind, streaming, value?.text ?? null),
        className: `tree-resource tree-resource-${row.resource.kind}`,
      })}
    >
      <span className="tree-kind" aria-hidden="true">
        <span className="tree-kind-glyph">{KIND_GLYPH[row.resource.kind]}</span>
        <span className="tree-kind-word">{kind}</span>
      </span>
      <span className="mono tree-resource-name">{row.resource.name}</span>
      {value && (
        <span
          className={`mono tree-value${value.stale ? ' tree-value-stale' : ''}`}
          title={value.title}
          aria-hidden="true"
        >
          {value.text}
        </span>
      )}
      {streaming && (
        <span className="tree-stream" title={t.tree.streamTitle} aria-hidden="true">
          ~
        </span>
      )}
    </div>
  );
}

function NoteRow(p: RowProps & { row: Extract<TreeRow, { kind: 'note' }> }) {
  const text = messages.devices.tree.notes[p.row.note];
  return (
    <div
      {...itemProps(p, { label: text, className: `tree-note tree-note-${p.row.note}` })}
      aria-disabled={p.row.note !== 'error'}
    >
      <span className="muted">{text}</span>
    </div>
  );
}
