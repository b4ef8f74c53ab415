/**
 * The device tree (UI.md §3.1, §5): groups → devices → resources as one `tree` whose focus moves
 * with the arrow keys (`aria-activedescendant`, so it also works when rows are virtualised beyond
 * 200, useTreeScroll). Keys in treeKeys.ts; a click opens, a click on a row's box (or with
 * Ctrl/⌘/Shift) ticks it for a bulk action (SelectionBar); a right click opens the device's
 * context menu (useTreeMenu).
 */
import { useMemo, useRef, type CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { messages } from '../../messages';
import { useDevices } from '../../state/devices';
import { DeviceMenu } from './DeviceMenu';
import { rowDomId } from './treeRowParts';
import { selectTreeInput } from './treeInput';
import { treeRows, type TreeRow } from './treeRows';
import { TreeNoMatch } from './TreeNoMatch';
import { TreeRowList } from './TreeRowList';
import { TreeRowView } from './TreeRowView';
import { treeKeyHandler } from './treeKeys';
import { isOpenRow, useActiveRow } from './useActiveRow';
import { useTreeMenu } from './useTreeMenu';
import { useTreePick } from './useTreePick';
import { useTreeScroll } from './useTreeScroll';

export function DeviceTree({
  selectedKey,
  notify,
}: {
  /** The device whose page is open. */
  selectedKey: string | null;
  notify(text: string): void;
}) {
  const input = useDevices(useShallow(selectTreeInput));
  const rows = useMemo(() => treeRows(input), [input]);
  const treeRef = useRef<HTMLDivElement>(null);
  const { virtualizer, reveal } = useTreeScroll(rows, treeRef);
  const { active, activeIndex, setActiveId, moveTo } = useActiveRow(rows, selectedKey, reveal);
  const { menu, closeMenu, menuAtRow, onMenu } = useTreeMenu(setActiveId);
  const onKeyDown = treeKeyHandler({ rows, activeIndex, moveTo, menuAtRow });
  const onPick = useTreePick(rows, treeRef, setActiveId);

  const t = messages.devices.tree;
  const renderRow = (row: TreeRow, style?: CSSProperties) => (
    <TreeRowView
      key={row.id}
      row={row}
      active={row === active}
      selected={isOpenRow(row, selectedKey)}
      onPick={onPick}
      onMenu={onMenu}
      {...(style ? { style } : {})}
    />
  );

  return (
    <>
      {rows.length === 0 && input.keys.length > 0 && <TreeNoMatch />}
      <div
        ref={treeRef}
        role="tree"
        aria-label={t.label}
        tabIndex={0}
        className="device-tree"
        aria-activedescendant={active ? rowDomId(active.id) : undefined}
        aria-describedby="device-tree-keys"
        onKeyDown={onKeyDown}
      >
        <TreeRowList rows={rows} virtualizer={virtualizer} renderRow={renderRow} />
      </div>
      <p id="device-tree-keys" hidden>
        {t.keysHint}
      </p>
      {menu && (
        <DeviceMenu
          anchor={menu}
          notify={notify}
          onClose={() => {
            closeMenu();
            treeRef.current?.focus();
          }}
        />
      )}
    </>
  );
}
