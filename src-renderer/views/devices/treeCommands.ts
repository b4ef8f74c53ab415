/**
 * What a row of the device tree does when used (UI.md §3.1): a group toggles, a device or a
 * resource opens, a failed read retries; and the ticks of the multi-selection (issue 16), by
 * mouse (click on the box, Ctrl/⌘-click, Shift-click; clickIntent) and by keyboard (Space,
 * Shift+Space).
 */
import { navigate } from '../../navigation/router';
import { devicePageHref } from '../../navigation/links';
import {
  loadResources,
  selectRange,
  setExpanded,
  setGroupExpanded,
  setSelected,
  splitKey,
  toggleSelected,
  useDevices,
  type PlacedDevice,
} from '../../state/devices';
import type { TreeRow } from './treeRows';

export type ExpandableRow = Extract<TreeRow, { kind: 'group' | 'device' }>;

export const expandable = (r: TreeRow): r is ExpandableRow =>
  r.kind === 'group' || r.kind === 'device';

export function setRowExpanded(r: TreeRow, expanded: boolean): void {
  if (r.kind === 'group') setGroupExpanded(r.groupId, expanded);
  else if (r.kind === 'device') setExpanded(r.key, expanded);
}

/** Enter on a row, or a click: a group toggles, a device or resource opens, a failed read retries. */
export function activate(row: TreeRow): void {
  switch (row.kind) {
    case 'group':
      setGroupExpanded(row.groupId, !row.expanded);
      return;
    case 'device': {
      const [user, device] = splitKey(row.key);
      navigate(devicePageHref({ user, device }));
      return;
    }
    case 'resource': {
      const [user, device] = splitKey(row.key);
      navigate(
        `${devicePageHref({ user, device })}?resource=${encodeURIComponent(row.resource.name)}`,
      );
      return;
    }
    case 'note':
      if (row.note === 'error') {
        const [user, device] = splitKey(row.key);
        void loadResources(user, device);
      }
  }
}

/**
 * Ticks a row: a device toggles (with `range`, everything from the last one ticked, in `order`);
 * a group ticks all its shown devices, or unticks them when all were ticked. Other rows: no-op.
 */
export function tick(row: TreeRow, range: boolean, order: readonly PlacedDevice[]): boolean {
  if (row.kind === 'device') {
    if (range) selectRange(order, row.id);
    else toggleSelected(row.key, row.id);
    return true;
  }
  if (row.kind === 'group') {
    const sel = useDevices.getState().selection;
    setSelected(row.keys, !row.keys.every((k) => sel[k]));
    return true;
  }
  return false;
}

/** Where a click on a row landed, and with which modifier keys. */
export interface RowClick {
  /** On the row's box. */
  onBox: boolean;
  /** On the row's twisty (expand/collapse arrow). */
  onTwisty: boolean;
  /** Ctrl or ⌘ held. */
  mod: boolean;
  shift: boolean;
}

/**
 * What a click on a row does: the box, or Ctrl/⌘ (or Shift on a device) ticks a device or group
 * for a bulk action instead of opening it; a group, or a twisty, expands or collapses; anything
 * else opens (activate).
 */
export function clickIntent(row: TreeRow, c: RowClick): 'tick' | 'toggle' | 'open' {
  const ticking = c.onBox || c.mod || (c.shift && row.kind === 'device');
  if (ticking && (row.kind === 'device' || row.kind === 'group')) return 'tick';
  if (row.kind === 'group' || (c.onTwisty && expandable(row))) return 'toggle';
  return 'open';
}
