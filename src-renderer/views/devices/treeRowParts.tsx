/**
 * What every row of the device tree shares (UI.md §3.1, §5): fixed heights for the virtualiser,
 * tree levels, DOM ids for `aria-activedescendant`, the `treeitem` attributes, the twisty and
 * the box that ticks a row for a bulk action.
 */
import { present } from '@contract/present';
import type { CSSProperties, MouseEvent } from 'react';
import type { ResourceKind } from '../../state/devices';
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
  `devtree-${Array.from(rowId, (c) => (/[A-Za-z0-9_-]/.test(c) ? c : `.${present(c.codePointAt(0), 'code point').toString(16)}.`)).join('')}`;

export interface RowProps {
  row: TreeRow;
  active: boolean;
  selected: boolean;
  style?: CSSProperties;
  onPick(row: TreeRow, e: MouseEvent): void;
  onMenu(row: TreeRow, e: MouseEvent): void;
}

export function itemProps(
  p: RowProps,
  extra: { label: string; expanded?: boolean; checked?: boolean | 'mixed'; className: string },
) {
  const { row } = p;
  return {
    id: rowDomId(row.id),
    role: 'treeitem',
    'aria-level': LEVEL[row.kind],
    'aria-label': extra.label,
    'aria-selected': p.selected,
    ...(extra.expanded !== undefined ? { 'aria-expanded': extra.expanded } : {}),
    // The multi-selection (ticked for a bulk action) is not the open device (aria-selected).
    ...(extra.checked !== undefined ? { 'aria-checked': extra.checked } : {}),
    ...('setSize' in row ? { 'aria-setsize': row.setSize, 'aria-posinset': row.pos } : {}),
    className: `tree-row ${extra.className}${p.active ? ' tree-row-active' : ''}`,
    style: { height: ROW_HEIGHT[row.kind], ...p.style },
    onClick: (e: MouseEvent) => p.onPick(row, e),
    onContextMenu: (e: MouseEvent) => p.onMenu(row, e),
  } as const;
}

export const Twisty = ({ expanded }: { expanded: boolean }) => (
  <span className="tree-twisty" aria-hidden="true">
    {expanded ? '▾' : '▸'}
  </span>
);

/**
 * The box that ticks a row for a bulk action. Hidden from assistive technology: the row itself
 * carries `aria-checked` and Space ticks it (DeviceTree); a click on the box never opens the row.
 */
export const SelectBox = ({ checked }: { checked: boolean | 'mixed' }) => (
  <input
    type="checkbox"
    className="tree-check"
    tabIndex={-1}
    aria-hidden="true"
    checked={checked === true}
    ref={(el) => {
      if (el) el.indeterminate = checked === 'mixed';
    }}
    readOnly
  />
);
