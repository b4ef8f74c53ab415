/**
 * One row of the device tree (UI.md §3.1, §5): a `treeitem` with its level, position, expanded
 * and selected state, named with its status ("thermo, online"). A device row selects its own
 * device and derived strings only, so a counter change elsewhere does not re-render it.
 */
import { memo } from 'react';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { useLiveStreams } from '../../state/liveStreams';
import { useInlineValue } from './useInlineValue';
import { DeviceRow } from './DeviceRowView';
import { itemProps, KIND_GLYPH, SelectBox, Twisty, type RowProps } from './treeRowParts';
import type { GroupRow, TreeRow } from './treeRows';

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

function GroupRow(p: RowProps & { row: GroupRow }) {
  const { row } = p;
  const t = messages.devices.tree;
  const ticked = useDevices((s) => row.keys.reduce((n, k) => n + (s.selection[k] ? 1 : 0), 0));
  const checked = ticked === 0 ? false : ticked === row.keys.length ? true : 'mixed';
  const name = row.by === 'untagged' ? t.untagged : row.name;
  return (
    <div
      {...itemProps(p, {
        label: t.group(name, row.total, row.online),
        expanded: row.expanded,
        checked,
        className: `tree-group tree-group-${row.by}`,
      })}
    >
      <SelectBox checked={checked} />
      <Twisty expanded={row.expanded} />
      {row.by === 'tag' && (
        <span className="tree-group-glyph" aria-hidden="true">
          #
        </span>
      )}
      <span className="tree-group-name">{name}</span>
      <span className="muted tree-group-count" title={t.groupCountTitle}>
        {t.groupCount(row.online, row.total)}
      </span>
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
