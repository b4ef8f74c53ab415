/**
 * The device tree (UI.md §3.1, §5): groups → devices → resources as one `tree` whose focus moves
 * with the arrow keys (`aria-activedescendant`, so it also works when rows are virtualised beyond
 * 200). Enter opens, Right/Left expand and collapse, the menu key (or Shift+F10, or a right
 * click) opens the device's context menu.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useShallow } from 'zustand/react/shallow';
import { navigate } from '../../navigation/router';
import { messages } from '../../messages';
import {
  loadResources,
  setExpanded,
  setFilter,
  setGroupExpanded,
  setStatusFilter,
  useDevices,
} from '../../state/devices';
import { devicePageHref } from '../../navigation/links';
import { DeviceMenu, type MenuAnchor } from './DeviceMenu';
import { LEVEL, ROW_HEIGHT, rowDomId, TreeRowView } from './TreeRowView';
import { splitKey } from '../../state/devices';
import { treeRows, type TreeRow } from './treeRows';

/** Below this many rows every row is rendered; above, only those on screen (UI.md §3.1). */
export const VIRTUALISE_AFTER = 200;

const expandable = (r: TreeRow): r is Extract<TreeRow, { kind: 'group' | 'device' }> =>
  r.kind === 'group' || r.kind === 'device';

function setRowExpanded(r: TreeRow, expanded: boolean): void {
  if (r.kind === 'group') setGroupExpanded(r.user, expanded);
  else if (r.kind === 'device') setExpanded(r.key, expanded);
}

/** Enter on a row, or a click: a group toggles, a device or resource opens, a failed read retries. */
function activate(row: TreeRow): void {
  switch (row.kind) {
    case 'group':
      setGroupExpanded(row.user, !row.expanded);
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

export function DeviceTree({
  selectedKey,
  notify,
}: {
  /** The device whose page is open. */
  selectedKey: string | null;
  notify(text: string): void;
}) {
  const input = useDevices(
    useShallow((s) => ({
      keys: s.keys,
      devices: s.devices,
      resources: s.resources,
      filter: s.filter,
      statusFilter: s.statusFilter,
      tagFilter: s.tagFilter,
      sort: s.sort,
      collapsedGroups: s.collapsedGroups,
      expanded: s.expanded,
    })),
  );
  const rows = useMemo(() => treeRows(input), [input]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [menu, setMenu] = useState<MenuAnchor | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUALISE_AFTER;

  const selectedRowId = selectedKey ? `d:${selectedKey}` : null;
  let activeIndex = rows.findIndex((r) => r.id === activeId);
  if (activeIndex < 0)
    activeIndex = Math.max(
      0,
      rows.findIndex((r) => r.id === selectedRowId),
    );
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

  const onKeyDown = (e: KeyboardEvent): void => {
    if (!active) return;
    const level = LEVEL[active.kind];
    switch (e.key) {
      case 'ArrowDown':
        moveTo(activeIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(activeIndex - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (expandable(active) && !active.expanded) setRowExpanded(active, true);
        else if (expandable(active)) moveTo(activeIndex + 1);
        break;
      case 'ArrowLeft':
        if (expandable(active) && active.expanded) setRowExpanded(active, false);
        else {
          for (let i = activeIndex - 1; i >= 0; i--)
            if (LEVEL[rows[i]!.kind] < level) {
              moveTo(i);
              break;
            }
        }
        break;
      case 'Enter':
        activate(active);
        break;
      case 'ContextMenu':
        menuAtRow(active);
        break;
      case 'F10':
        if (!e.shiftKey) return;
        menuAtRow(active);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const onPick = useCallback((row: TreeRow, e: MouseEvent) => {
    treeRef.current?.focus({ preventScroll: true });
    setActiveId(row.id);
    // The twisty (or a group) toggles; a device or resource opens.
    const onTwisty = (e.target as HTMLElement).closest('.tree-twisty') !== null;
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
      selected={row.id === selectedRowId}
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
