/**
 * The device tree (UI.md §3.1, §5): groups → devices → resources as one `tree` whose focus moves
 * with the arrow keys (`aria-activedescendant`, so it also works when rows are virtualised beyond
 * 200, useTreeScroll). Keys in treeKeys.ts; a click opens, a click on a row's box (or with
 * Ctrl/⌘/Shift) ticks it for a bulk action (SelectionBar); a right click opens the device's
 * context menu (useTreeMenu).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { messages } from '../../messages';
import { useDevices } from '../../state/devices';
import { DeviceMenu } from './DeviceMenu';
import { activate, expandable, setRowExpanded, tick } from './treeCommands';
import { rowDomId } from './treeRowParts';
import { deviceOrder, selectTreeInput, treeRows, type TreeRow } from './treeRows';
import { TreeNoMatch } from './TreeNoMatch';
import { TreeRowView } from './TreeRowView';
import { treeKeyHandler } from './treeKeys';
import { useTreeMenu } from './useTreeMenu';
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
  const [activeId, setActiveId] = useState<string | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const { virtualizer, reveal } = useTreeScroll(rows, treeRef);
  const { menu, closeMenu, menuAtRow, onMenu } = useTreeMenu(setActiveId);

  const isOpen = (r: TreeRow): boolean => r.kind === 'device' && r.key === selectedKey;
  let activeIndex = rows.findIndex((r) => r.id === activeId);
  if (activeIndex < 0) activeIndex = Math.max(0, rows.findIndex(isOpen));
  const active = rows[activeIndex];

  const moveTo = (i: number): void => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!row) return;
    reveal(rows.indexOf(row));
    setActiveId(row.id);
  };

  const onKeyDown = treeKeyHandler({ rows, activeIndex, moveTo, menuAtRow });

  // Read by the memoised onPick, so a row does not re-render for every new row list.
  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);
  const onPick = useCallback((row: TreeRow, e: MouseEvent) => {
    treeRef.current?.focus({ preventScroll: true });
    setActiveId(row.id);
    const target = e.target as HTMLElement;
    // The box, or Ctrl/⌘/Shift with a click: ticks for a bulk action instead of opening.
    const onBox = target.closest('.tree-check') !== null;
    if (onBox || e.ctrlKey || e.metaKey || (e.shiftKey && row.kind === 'device')) {
      if (tick(row, e.shiftKey, deviceOrder(rowsRef.current))) return;
    }
    // The twisty (or a group) toggles; a device or resource opens.
    const onTwisty = target.closest('.tree-twisty') !== null;
    if (row.kind === 'group' || (onTwisty && expandable(row))) {
      setRowExpanded(row, !row.expanded);
      return;
    }
    activate(row);
  }, []);

  const t = messages.devices.tree;
  const renderRow = (row: TreeRow, style?: React.CSSProperties) => (
    <TreeRowView
      key={row.id}
      row={row}
      active={row === active}
      selected={isOpen(row)}
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
        {virtualizer ? (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              if (!row) return null;
              return renderRow(row, {
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${v.start}px)`,
              });
            })}
          </div>
        ) : (
          rows.map((r) => renderRow(r))
        )}
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
