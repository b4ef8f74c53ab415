/**
 * The device tree (UI.md §3.1, §5): groups → devices → resources as one `tree` whose focus moves
 * with the arrow keys (`aria-activedescendant`, so it also works when rows are virtualised beyond
 * 200). Keys in treeKeys.ts; a click opens, a click on a row's box (or with Ctrl/⌘/Shift) ticks it
 * for a bulk action (SelectionBar); a right click opens the device's context menu.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { messages } from '../../messages';
import { setFilter, setStatusFilter, useDevices } from '../../state/devices';
import { DeviceMenu, type MenuAnchor } from './DeviceMenu';
import { activate, expandable, setRowExpanded, tick } from './treeCommands';
import { ROW_HEIGHT, rowDomId } from './treeRowParts';
import { deviceOrder, selectTreeInput, treeRows, type TreeRow } from './treeRows';
import { TreeRowView } from './TreeRowView';
import { treeKeyHandler } from './treeKeys';

/** Below this many rows every row is rendered; above, only those on screen (UI.md §3.1). */
export const VIRTUALISE_AFTER = 200;

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
  const [menu, setMenu] = useState<MenuAnchor | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUALISE_AFTER;

  const isOpen = (r: TreeRow): boolean => r.kind === 'device' && r.key === selectedKey;
  let activeIndex = rows.findIndex((r) => r.id === activeId);
  if (activeIndex < 0) activeIndex = Math.max(0, rows.findIndex(isOpen));
  const active = rows[activeIndex];

  const getItemKey = useCallback((i: number) => rows[i]?.id ?? i, [rows]);
  // eslint-disable-next-line react-hooks/incompatible-library -- read afresh on every render; nothing here is memoised by a compiler
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => treeRef.current,
    estimateSize: (i) => ROW_HEIGHT[rows[i]?.kind ?? 'resource'],
    getItemKey,
    overscan: 12,
    // Until the pane is measured (and in tests without layout): a typical pane.
    initialRect: { width: 340, height: 640 },
    enabled: virtual,
  });

  // Keep the active row on screen when it moves.
  const scrollTo = useRef<number | null>(null);
  useEffect(() => {
    const i = scrollTo.current;
    if (i === null) return;
    scrollTo.current = null;
    if (virtual) virtualizer.scrollToIndex(i, { align: 'auto' });
    else {
      const row = rows[i];
      if (row) document.getElementById(rowDomId(row.id))?.scrollIntoView?.({ block: 'nearest' });
    }
  });

  const moveTo = (i: number): void => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!row) return;
    scrollTo.current = rows.indexOf(row);
    setActiveId(row.id);
  };

  const openMenu = useCallback((row: TreeRow, at: { x: number; y: number }): void => {
    if (row.kind === 'group') return;
    setActiveId(row.id);
    setMenu({ key: row.key, x: at.x, y: at.y });
  }, []);

  const menuAtRow = (row: TreeRow): void => {
    const el = document.getElementById(rowDomId(row.id));
    const box = el?.getBoundingClientRect();
    openMenu(row, box ? { x: box.left + 24, y: box.bottom } : { x: 0, y: 0 });
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

  const onMenu = useCallback(
    (row: TreeRow, e: MouseEvent) => {
      e.preventDefault();
      openMenu(row, { x: e.clientX, y: e.clientY });
    },
    [openMenu],
  );

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
      {rows.length === 0 && input.keys.length > 0 && (
        <div className="devices-list-message">
          <p className="muted">{t.noMatch}</p>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setFilter('');
              setStatusFilter('all');
            }}
          >
            {messages.devices.filter.clear}
          </button>
        </div>
      )}
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
        {virtual ? (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) =>
              renderRow(rows[v.index]!, {
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${v.start}px)`,
              }),
            )}
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
            setMenu(null);
            treeRef.current?.focus();
          }}
        />
      )}
    </>
  );
}
