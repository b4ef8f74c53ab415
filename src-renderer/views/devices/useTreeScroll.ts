/**
 * The tree's rows on screen: beyond VIRTUALISE_AFTER rows only those in view are rendered
 * (UI.md §3.1), and the active row is kept on screen when it moves.
 */
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { ROW_HEIGHT, rowDomId } from './treeRowParts';
import type { TreeRow } from './treeRows';

/** Below this many rows every row is rendered; above, only those on screen (UI.md §3.1). */
const VIRTUALISE_AFTER = 200;

export interface TreeScroll {
  /** Set when the rows are virtualised. */
  virtualizer: Virtualizer<HTMLDivElement, Element> | null;
  /** Asks for row `i` to be brought on screen after the next render. */
  reveal(i: number): void;
}

export function useTreeScroll(
  rows: readonly TreeRow[],
  treeRef: RefObject<HTMLDivElement | null>,
): TreeScroll {
  const virtual = rows.length > VIRTUALISE_AFTER;
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

  return {
    virtualizer: virtual ? virtualizer : null,
    reveal: (i) => {
      scrollTo.current = i;
    },
  };
}
